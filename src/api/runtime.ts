// What the daemon keeps in memory between requests (never in the state file): exec instances,
// attached streams, and the clients waiting for a container to exit (`POST /containers/{id}/wait`).
// Container exits are noticed two ways: this daemon's own operations report them at once, and a
// poll (every 250 ms, only while someone waits) notices what other clients did — the dockersim
// CLI in another process, for example.
import { randomBytes } from 'node:crypto';
import { withClient, type Client } from '../client';
import { unavailable } from '../engine/errors';
import type { ProcessStream } from './stream';
import { ReadCache } from '../state/store';

export interface ExecRecord {
  id: string;
  machine: string;
  containerId: string;
  cmd: string[];
  tty: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  env: string[];
  workdir: string;
  user: string;
  privileged: boolean;
  detachKeys: string;
  columns: number;
  running: boolean;
  started: boolean;
  exitCode: number | null;
  finished?: number;
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

interface Watcher {
  machine: string;
  id: string;
  condition: WaitCondition;
  /** FinishedAt when the watch began: a different one means the container exited since. */
  mark: string | undefined;
  lastCode: number;
  done(code: number): void;
}

export interface AttachRecord {
  machine: string;
  id: string;
  stream: ProcessStream;
  stdin: boolean;
  /** The main process is being run for this attachment. */
  running: boolean;
}

const POLL_MS = 250;
const MAX_EXECS = 1000;

export class Runtime {
  readonly execs = new Map<string, ExecRecord>();
  /** Terminal width of containers with a TTY (`HostConfig.ConsoleSize`, `/containers/{id}/resize`). */
  private readonly consoles = new Map<string, number>();
  private readonly attaches = new Map<string, AttachRecord>();
  private readonly watchers = new Set<Watcher>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;
  private stopped = false;

  private transactions = 0;
  private readonly readCache = new ReadCache();
  private closing = false;
  private idle: Array<() => void> = [];

  constructor(readonly env: NodeJS.ProcessEnv) {}

  /**
   * One state transaction on `machine`'s engine (undefined: the current context): locked, or a
   * lock-free read with `readOnly` (GET requests, as the CLI's read-only commands). Every state
   * access of the daemon goes through here, so shutdown can wait for the ones in flight and
   * refuse new ones: a transaction is either committed or never started.
   */
  async tx<T>(machine: string | undefined, fn: (c: Client) => T | Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
    if (this.closing) throw unavailable('dockersim daemon is shutting down');
    this.transactions++;
    try {
      return await withClient(this.env, machine, fn, { ...opts, cache: opts.readOnly ? this.readCache : undefined });
    } finally {
      this.transactions--;
      if (!this.transactions) for (const f of this.idle.splice(0)) f();
    }
  }

  /** No new transactions from now on; resolves when the running ones are done. */
  drain(): Promise<void> {
    this.closing = true;
    if (!this.transactions) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  static newId(): string {
    return randomBytes(32).toString('hex');
  }

  addExec(rec: ExecRecord): void {
    this.execs.set(rec.id, rec);
    if (this.execs.size > MAX_EXECS) {
      for (const [id, r] of this.execs) {
        if (!r.running && this.execs.size > MAX_EXECS) this.execs.delete(id);
      }
    }
  }

  attach(rec: AttachRecord): void {
    const key = `${rec.machine}\0${rec.id}`;
    this.attaches.set(key, rec);
    rec.stream.onClose(() => {
      if (this.attaches.get(key) === rec) this.attaches.delete(key);
    });
  }

  setConsoleWidth(machine: string, id: string, width: number): void {
    if (width > 0) this.consoles.set(`${machine}\0${id}`, width);
  }

  consoleWidth(machine: string, id: string): number {
    return this.consoles.get(`${machine}\0${id}`) ?? 80;
  }

  attachment(machine: string, id: string): AttachRecord | undefined {
    return this.attaches.get(`${machine}\0${id}`);
  }

  /**
   * Resolves with the exit code once `condition` holds for the container. `state` is what the
   * caller saw in its transaction. The returned function cancels the watch.
   */
  watch(machine: string, id: string, condition: WaitCondition, state: { state: string; finishedAt?: string; exitCode: number }, done: (code: number) => void): () => void {
    if (condition === 'not-running' && state.state !== 'running' && state.state !== 'paused') {
      done(state.exitCode);
      return () => {};
    }
    const w: Watcher = { machine, id, condition, mark: state.finishedAt, lastCode: state.exitCode, done };
    this.watchers.add(w);
    this.schedule();
    return () => this.watchers.delete(w);
  }

  /** A container of `machine` exited (this daemon saw it happen): settle its watchers now. */
  ended(machine: string, id: string, code: number, removed: boolean): void {
    for (const w of [...this.watchers]) {
      if (w.machine !== machine || w.id !== id) continue;
      if (w.condition === 'removed' && !removed) {
        w.lastCode = code;
        continue;
      }
      this.watchers.delete(w);
      w.done(code);
    }
  }

  /** Something may have changed on `machine` (a stop, a kill, a removal): check soon. */
  poke(): void {
    setImmediate(() => void this.check());
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.check(), POLL_MS);
    this.timer.unref?.();
  }

  private async check(): Promise<void> {
    if (this.checking || this.stopped) return;
    if (!this.watchers.size) {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    this.checking = true;
    try {
      const machines = new Set([...this.watchers].map((w) => w.machine));
      for (const machine of machines) {
        let seen: Map<string, { state: string; finishedAt?: string; exitCode: number }>;
        try {
          seen = await this.tx(machine, (c) => new Map(c.machine.containers.map((x) => [x.id, { state: x.state, finishedAt: x.finishedAt, exitCode: x.exitCode }])), { readOnly: true });
        } catch {
          // The machine is gone: its containers with it.
          seen = new Map();
        }
        for (const w of [...this.watchers]) {
          if (w.machine !== machine) continue;
          const cur = seen.get(w.id);
          if (!cur) {
            this.watchers.delete(w);
            w.done(w.lastCode);
            continue;
          }
          w.lastCode = cur.exitCode;
          const stopped = cur.state !== 'running' && cur.state !== 'paused' && cur.state !== 'restarting';
          const hit = w.condition === 'not-running' ? stopped : w.condition === 'next-exit' ? stopped && cur.finishedAt !== w.mark : false;
          if (hit) {
            this.watchers.delete(w);
            w.done(cur.exitCode);
          }
        }
      }
    } finally {
      this.checking = false;
    }
  }

  /** Ends every stream and watch (daemon shutdown). */
  shutdown(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const a of this.attaches.values()) a.stream.end();
    this.attaches.clear();
    this.watchers.clear();
  }
}
