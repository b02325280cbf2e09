// Convergence progress of `service create` / `update` / `scale` / `rollback`
// (cli/command/service/progress/progress.go rendered by jsonmessage; docker-cli-output.md §4).
//
// Two layers:
//  1. `ServiceProgress` (and `serviceProgress`, `convergenceMessages`) turn what the CLI sees on
//     each 200 ms poll — the service, its up-to-date tasks and the active nodes — into the
//     ordered list of `ProgressMessage`s the docker CLI would emit (one JSON message each).
//  2. `renderProgressTTY` / `renderProgressPlain` display such a list as jsonmessage does on a
//     terminal (escape codes, one line per ID) or on a pipe (no escapes, bars dropped; by default
//     collapsed to one line per change).
import { humanSize } from './bytes';
import { truncateId } from './service';

type Json = Record<string, any>;

/**
 * One message of the progress stream (a streamformatter JSON message).
 *
 * - Progress lines (`status` not set, `id` non-empty) occupy one terminal line per `id`, in order
 *   of first appearance: `overall progress`, `1/3`, `<12-char node ID>`, `verify`, `rollback`,
 *   `job progress`, `active tasks`.
 * - `current`/`total` give the bar (task state number / 9; counts are always hidden, as in
 *   progress.go). Without them the line has no bar (but still the separator space on a TTY).
 * - Status messages (`status: true`, or an empty `id`) are plain lines, `id: text` or `text`;
 *   they end the current block of progress lines (jsonmessage forgets the line table).
 */
export interface ProgressMessage {
  id: string;
  text: string;
  current?: number;
  total?: number;
  status?: boolean;
}

/** Per-task lines are drawn only up to this many replicas / nodes (progress.go maxProgressBars). */
export const MAX_PROGRESS_BARS = 20;

const NUMBERED_STATES: Record<string, number> = {
  new: 1,
  allocated: 2,
  pending: 3,
  assigned: 4,
  accepted: 5,
  preparing: 6,
  ready: 7,
  starting: 8,
  running: 9,
  complete: 10,
  shutdown: 11,
  failed: 12,
  rejected: 13,
};
const LONGEST_STATE = 9; // allocated / preparing
const MAX_PROGRESS = 9;
const MAX_JOB_PROGRESS = 10;

const stateNum = (s: string | undefined): number => NUMBERED_STATES[s ?? ''] ?? 0;
const terminalState = (s: string | undefined): boolean => stateNum(s) > NUMBERED_STATES.running;

// ---------------------------------------------------------------------------------------------
// Rendering (jsonmessage)
// ---------------------------------------------------------------------------------------------

/** JSONProgress.String() with HideCounts for a terminal `columns` wide (bar only when > 110). */
export function progressBar(current: number | undefined, total: number | undefined, columns: number): string {
  const cur = current ?? 0;
  const tot = total ?? 0;
  if (cur <= 0 && tot <= 0) return '';
  if (tot <= 0) return humanSize(cur).padStart(8);
  const pct = Math.min(50, Math.trunc(Math.trunc((cur / tot) * 100) / 2));
  if (columns <= 110) return '';
  return `[${'='.repeat(pct)}>${' '.repeat(Math.max(0, 50 - pct))}] `;
}

const isProgressLine = (m: ProgressMessage): boolean => m.id !== '' && !m.status;

/**
 * The bytes jsonmessage writes to a terminal `columns` wide (§4.3): a new ID opens a line
 * (`\n`), every update moves up to its line (`ESC[nA`), erases it (`ESC[2K\r`), writes
 * `<id>: <text> <bar>\r` and moves back down (`ESC[nB`).
 */
export function renderProgressTTY(messages: ProgressMessage[], columns: number): string {
  let out = '';
  const ids = new Map<string, number>();
  for (const m of messages) {
    let diff = 0;
    if (isProgressLine(m)) {
      let line = ids.get(m.id);
      if (line === undefined) {
        line = ids.size;
        ids.set(m.id, line);
        out += '\n';
      }
      diff = ids.size - line;
      if (diff) out += `\x1b[${diff}A`;
      out += `\x1b[2K\r${m.id}: ${m.text} ${progressBar(m.current, m.total, columns)}\r`;
    } else {
      ids.clear();
      out += (m.id ? `${m.id}: ` : '') + m.text + '\n';
    }
    if (m.id && diff) out += `\x1b[${diff}B`;
  }
  return out;
}

export interface PlainOptions {
  /**
   * true (default): print a progress line only when its text or bar differs from the previous
   * message with the same ID (no repeated poll lines). false: every message, as docker does.
   */
  collapse?: boolean;
}

/**
 * The non-TTY form (§4.4): no escape codes, `<id>: <text>` per message, messages carrying a
 * bar dropped (the width falls back to 200 columns, so every task-state message has one).
 */
export function renderProgressPlain(messages: ProgressMessage[], opts: PlainOptions = {}): string {
  const collapse = opts.collapse ?? true;
  const last = new Map<string, string>();
  let out = '';
  for (const m of messages) {
    if (!isProgressLine(m)) {
      last.clear();
      out += (m.id ? `${m.id}: ` : '') + m.text + '\n';
      continue;
    }
    if (collapse) {
      const key = `${m.text}\u0000${m.current ?? 0}/${m.total ?? 0}`;
      if (last.get(m.id) === key) continue;
      last.set(m.id, key);
    }
    if (progressBar(m.current, m.total, 200) !== '') continue;
    out += `${m.id}: ${m.text}\n`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Message generation (progress.go ServiceProgress)
// ---------------------------------------------------------------------------------------------

/** What one poll of the CLI sees. */
export interface ProgressPoll {
  /** Milliseconds since the CLI started waiting (it polls every 200 ms). */
  at: number;
  /**
   * swarm.Service (`GET /services/{id}`): `Spec.Mode`, `Spec.UpdateConfig.Monitor` (ns),
   * `UpdateStatus {State, Message}`, `JobStatus {JobIteration {Index}}` for jobs.
   */
  service: Json;
  /**
   * swarm.Task[] of the service's current version (`GET /tasks` with filters service=<id>,
   * `_up-to-date=true`): `Slot`, `NodeID`, `DesiredState`, `Status {State, Err}`, `JobIteration`.
   */
  tasks: Json[];
  /** IDs of the nodes whose `Status.State` is not `down`. */
  activeNodes: string[];
}

function truncError(msg: string): string {
  const s = msg.replace(/\n/g, ' ');
  const b = Buffer.from(s, 'utf8');
  if (b.length > 75) return b.subarray(0, 74).toString('utf8') + '…';
  return s;
}

function overall(out: ProgressMessage[], n: number, d: number, rollback: boolean): void {
  out.push({
    id: 'overall progress',
    text: rollback ? `rolling back update: ${n} out of ${d} tasks` : `${n} out of ${d} tasks`,
  });
}

function taskLine(id: string, task: Json, total: number): ProgressMessage {
  const state: string = task.Status?.State ?? '';
  return { id, text: state.padEnd(LONGEST_STATE), current: stateNum(state), total };
}

interface Updater {
  update(svc: Json, tasks: Json[], active: Set<string>, rollback: boolean, out: ProgressMessage[]): boolean;
}

class ReplicatedUpdater implements Updater {
  private slotMap = new Map<number, number>();
  private initialized = false;
  private done = false;

  update(svc: Json, tasks: Json[], active: Set<string>, rollback: boolean, out: ProgressMessage[]): boolean {
    const replicas = svc.Spec?.Mode?.Replicated?.Replicas;
    if (replicas === undefined || replicas === null) throw new Error('no replica count');
    if (!this.initialized) {
      overall(out, 0, replicas, rollback);
      if (replicas <= MAX_PROGRESS_BARS) {
        for (let i = 1; i <= replicas; i++) out.push({ id: `${i}/${replicas}`, text: ' ' });
      }
      this.initialized = true;
    }
    const bySlot = tasksBySlot(tasks, active);
    if (this.done) {
      for (const t of bySlot.values()) {
        if (t.Status?.State !== 'running') {
          this.done = false;
          break;
        }
      }
    }
    let running = 0;
    // Go ranges over a map (random order); slot order keeps the output deterministic.
    for (const slot of [...bySlot.keys()].sort((a, b) => a - b)) {
      const t = bySlot.get(slot)!;
      let mapped = this.slotMap.get(slot) ?? 0;
      if (mapped === 0) {
        mapped = this.slotMap.size + 1;
        this.slotMap.set(slot, mapped);
      }
      if (!terminalState(t.DesiredState) && t.Status?.State === 'running') running++;
      if (this.done || replicas > MAX_PROGRESS_BARS || mapped < 0 || mapped > replicas) continue;
      const id = `${mapped}/${replicas}`;
      if (t.Status?.Err) out.push({ id, text: truncError(t.Status.Err) });
      else if (!terminalState(t.DesiredState) && !terminalState(t.Status?.State)) out.push(taskLine(id, t, MAX_PROGRESS));
    }
    if (!this.done) {
      overall(out, running, replicas, rollback);
      if (running === replicas) this.done = true;
    }
    return running === replicas;
  }
}

function tasksBySlot(tasks: Json[], active: Set<string>): Map<number, Json> {
  const m = new Map<number, Json>();
  for (const t of tasks) {
    if (!stateNum(t.DesiredState) || !stateNum(t.Status?.State)) continue;
    const ex = m.get(t.Slot ?? 0);
    if (ex) {
      if (stateNum(ex.DesiredState) < stateNum(t.DesiredState)) continue;
      if (stateNum(ex.DesiredState) === stateNum(t.DesiredState) && stateNum(ex.Status?.State) <= stateNum(t.Status?.State)) continue;
    }
    if (t.NodeID && !active.has(t.NodeID)) continue;
    m.set(t.Slot ?? 0, t);
  }
  return m;
}

class GlobalUpdater implements Updater {
  private initialized = false;
  private done = false;

  update(_svc: Json, tasks: Json[], active: Set<string>, rollback: boolean, out: ProgressMessage[]): boolean {
    const byNode = new Map<string, Json>();
    for (const t of tasks) {
      if (!stateNum(t.DesiredState) || !stateNum(t.Status?.State)) continue;
      const ex = byNode.get(t.NodeID ?? '');
      if (ex) {
        if (stateNum(ex.DesiredState) < stateNum(t.DesiredState)) continue;
        if (stateNum(ex.DesiredState) === stateNum(t.DesiredState) && stateNum(ex.Status?.State) <= stateNum(t.Status?.State)) continue;
      }
      byNode.set(t.NodeID ?? '', t);
    }
    const nodeCount = byNode.size;
    if (!this.initialized) {
      if (nodeCount === 0) {
        out.push({ id: 'overall progress', text: 'waiting for new tasks' });
        return false;
      }
      overall(out, 0, nodeCount, rollback);
      this.initialized = true;
    }
    if (this.done) {
      for (const t of byNode.values()) {
        if (t.Status?.State !== 'running') {
          this.done = false;
          break;
        }
      }
    }
    let running = 0;
    for (const t of byNode.values()) {
      if (!active.has(t.NodeID)) continue;
      if (!terminalState(t.DesiredState) && t.Status?.State === 'running') running++;
      if (this.done || nodeCount > MAX_PROGRESS_BARS) continue;
      const id = truncateId(t.NodeID ?? '');
      if (t.Status?.Err) out.push({ id, text: truncError(t.Status.Err) });
      else if (!terminalState(t.DesiredState) && !terminalState(t.Status?.State)) out.push(taskLine(id, t, MAX_PROGRESS));
    }
    if (!this.done) {
      overall(out, running, nodeCount, rollback);
      if (running === nodeCount) this.done = true;
    }
    return running === nodeCount;
  }
}

class ReplicatedJobUpdater implements Updater {
  private initialized = false;
  private readonly concurrent: number;
  private readonly total: number;
  private readonly iteration: number;
  private readonly progressDigits: number;
  private readonly activeDigits: number;

  constructor(svc: Json) {
    const job = svc.Spec.Mode.ReplicatedJob;
    this.concurrent = job.MaxConcurrent ?? 1;
    this.total = job.TotalCompletions ?? 1;
    this.iteration = svc.JobStatus?.JobIteration?.Index ?? 0;
    this.progressDigits = String(this.total).length;
    this.activeDigits = String(this.concurrent).length;
  }

  private overall(out: ProgressMessage[], active: number, completed: number): void {
    out.push({
      id: 'job progress',
      text: `${String(completed).padStart(this.progressDigits)} out of ${this.total} complete`,
      current: completed,
      total: this.total,
    });
    const desired = Math.min(this.total - completed, this.concurrent);
    const w = this.activeDigits;
    out.push({ id: 'active tasks', text: `${String(active).padStart(w)} out of ${String(desired).padStart(w)} tasks` });
  }

  update(_svc: Json, tasks: Json[], _active: Set<string>, _rollback: boolean, out: ProgressMessage[]): boolean {
    if (!this.initialized) {
      this.overall(out, 0, 0);
      if (this.total <= MAX_PROGRESS_BARS) {
        for (let i = 1; i <= this.total; i++) out.push({ id: `${i}/${this.total}`, text: ' ' });
      }
      this.initialized = true;
    }
    const bySlot = new Map<number, Json>();
    for (const t of tasks) {
      if (t.JobIteration?.Index !== this.iteration) continue;
      if (!stateNum(t.DesiredState) || !stateNum(t.Status?.State)) continue;
      const ex = bySlot.get(t.Slot ?? 0);
      if (!ex || stateNum(ex.Status?.State) > stateNum(t.Status?.State)) bySlot.set(t.Slot ?? 0, t);
    }
    let activeTasks = 0;
    let complete = 0;
    const n = bySlot.size;
    for (let i = 0; i < n; i++) {
      const t = bySlot.get(i) ?? { Slot: 0, Status: {} };
      if (this.total <= MAX_PROGRESS_BARS) {
        const id = `${(t.Slot ?? 0) + 1}/${this.total}`;
        if (t.Status?.Err) out.push({ id, text: truncError(t.Status.Err) });
        else out.push(taskLine(id, t, MAX_JOB_PROGRESS));
      }
      if (stateNum(t.Status?.State) < NUMBERED_STATES.complete) activeTasks++;
      if (t.Status?.State === 'complete') complete++;
    }
    this.overall(out, activeTasks, complete);
    return complete === this.total;
  }
}

class GlobalJobUpdater implements Updater {
  private initialized = false;
  private total = 0;
  private progressDigits = 1;
  private taskNodes = new Set<string>();

  private overall(out: ProgressMessage[], complete: number): void {
    out.push({
      id: 'job progress',
      text: `${String(complete).padStart(this.progressDigits)} out of ${this.total} complete`,
      current: complete,
      total: this.total,
    });
  }

  update(svc: Json, tasks: Json[], active: Set<string>, _rollback: boolean, out: ProgressMessage[]): boolean {
    const iteration = svc.JobStatus?.JobIteration?.Index ?? 0;
    if (!this.initialized) {
      if (tasks.length === 0 && active.size !== 0) {
        out.push({ id: 'job progress', text: 'waiting for tasks' });
        return false;
      }
      for (const t of tasks) if (t.JobIteration?.Index === iteration) this.taskNodes.add(t.NodeID);
      this.total = this.taskNodes.size;
      this.progressDigits = String(this.total).length;
      this.overall(out, 0);
      this.initialized = true;
    }
    const byNode = new Map<string, Json>();
    for (const t of tasks) {
      if (t.JobIteration?.Index !== iteration || !this.taskNodes.has(t.NodeID)) continue;
      const ex = byNode.get(t.NodeID);
      if (!ex || stateNum(ex.Status?.State) > stateNum(t.Status?.State)) byNode.set(t.NodeID, t);
    }
    let complete = 0;
    for (const t of byNode.values()) {
      if (this.total <= MAX_PROGRESS_BARS) {
        if (t.Status?.Err) out.push({ id: t.NodeID, text: truncError(t.Status.Err) });
        else out.push(taskLine(t.NodeID, t, MAX_JOB_PROGRESS));
      }
      if (t.Status?.State === 'complete') complete++;
    }
    this.overall(out, complete);
    return complete === this.total;
  }
}

/**
 * The CLI's wait loop, one poll at a time. Feed `poll()` until `state` leaves `waiting`
 * (`done`: exit 0; `error`: print `error` to stderr, exit 1). `interrupt()` is Ctrl-C.
 */
export class ServiceProgress {
  /** Every message emitted so far. */
  readonly messages: ProgressMessage[] = [];
  state: 'waiting' | 'done' | 'error' = 'waiting';
  /** `service update paused: …`, `service rollback paused: …`, `no replica count`, … */
  error?: string;

  private updater?: Updater;
  private converged = false;
  private convergedAt: number | null = null;
  private monitorMs = 5000;
  private rollback = false;
  private finalMessage?: ProgressMessage;

  /** `ref` is what `Service <ref> converged` names (create: the new ID; else the ref as typed). */
  constructor(readonly ref: string) {}

  /** Processes one poll; returns the messages it produced. */
  poll(p: ProgressPoll): ProgressMessage[] {
    const out: ProgressMessage[] = [];
    if (this.state !== 'waiting') return out;
    try {
      this.step(p, out);
    } catch (e) {
      this.state = 'error';
      this.error = (e as Error).message;
    }
    this.messages.push(...out);
    return out;
  }

  /** Ctrl-C: the two status lines when not yet converged; the wait ends either way. */
  interrupt(): ProgressMessage[] {
    const out: ProgressMessage[] = [];
    if (this.state !== 'waiting') return out;
    if (!this.converged) {
      out.push({ id: '', text: 'Operation continuing in background.', status: true });
      out.push({ id: '', text: `Use \`docker service ps ${this.ref}\` to check progress.`, status: true });
    }
    this.state = 'done';
    this.messages.push(...out);
    return out;
  }

  private step(p: ProgressPoll, out: ProgressMessage[]): void {
    const svc = p.service;
    const monitorNs = svc.Spec?.UpdateConfig?.Monitor ?? 0;
    if (monitorNs) this.monitorMs = monitorNs / 1e6;

    if (!this.updater) {
      const mode = svc.Spec?.Mode ?? {};
      if (mode.Replicated && mode.Replicated.Replicas !== undefined && mode.Replicated.Replicas !== null) {
        this.updater = new ReplicatedUpdater();
      } else if (mode.Global) this.updater = new GlobalUpdater();
      else if (mode.ReplicatedJob) this.updater = new ReplicatedJobUpdater(svc);
      else if (mode.GlobalJob) this.updater = new GlobalJobUpdater();
      else throw new Error('unrecognized service mode');
    }

    const us = svc.UpdateStatus;
    if (us) {
      const msg: string = us.Message ?? '';
      switch (us.State) {
        case 'updating':
          this.rollback = false;
          break;
        case 'completed':
          if (!this.converged) {
            this.state = 'done';
            return;
          }
          break;
        case 'paused':
          throw new Error(`service update paused: ${msg}`);
        case 'rollback_started':
          if (!this.rollback && msg !== '') out.push({ id: 'rollback', text: msg });
          this.rollback = true;
          break;
        case 'rollback_paused':
          throw new Error(`service rollback paused: ${msg}`);
        case 'rollback_completed':
          if (!this.converged) this.finalMessage = { id: 'rollback', text: msg, status: true };
          this.rollback = true;
          break;
      }
    }

    if (this.converged && this.convergedAt !== null && p.at - this.convergedAt >= this.monitorMs) {
      out.push({ id: 'verify', text: `Service ${this.ref} converged` });
      if (this.finalMessage) out.push(this.finalMessage);
      this.state = 'done';
      return;
    }

    this.converged = this.updater.update(svc, p.tasks, new Set(p.activeNodes), this.rollback, out);
    if (this.converged) {
      if (svc.JobStatus) {
        out.push({ id: '', text: 'job complete', status: true });
        this.state = 'done';
        return;
      }
      if (this.convergedAt === null) this.convergedAt = p.at;
      // Go: wait = monitor - time.Since(convergedAt), which is never exactly the monitor
      // (time passes), and prints wait/1s + 1: 5000 ms → 5, 4800 → 5, 4000 → 4.
      const wait = this.monitorMs - (p.at - this.convergedAt);
      if (wait > 0) {
        out.push({ id: 'verify', text: `Waiting ${Math.ceil(wait / 1000)} seconds to verify that tasks are stable...` });
      }
    } else {
      if (this.convergedAt !== null) out.push({ id: 'verify', text: 'Detected task failure' });
      this.convergedAt = null;
    }
  }
}

/** Runs `polls` through a `ServiceProgress`; stops at the first poll that ends the wait. */
export function serviceProgress(
  ref: string,
  polls: ProgressPoll[],
): { messages: ProgressMessage[]; state: ServiceProgress['state']; error?: string } {
  const sp = new ServiceProgress(ref);
  for (const p of polls) {
    if (sp.state !== 'waiting') break;
    sp.poll(p);
  }
  return { messages: sp.messages, state: sp.state, error: sp.error };
}

// ---------------------------------------------------------------------------------------------
// Synthetic convergence (for the simulator's common cases)
// ---------------------------------------------------------------------------------------------

export interface ConvergenceScenario {
  /** What `Service <ref> converged` names. */
  ref: string;
  /** Replicated service with this many replicas … */
  replicas?: number;
  /** … or a global service on these (full) node IDs. */
  nodeIds?: string[];
  /**
   * Per poll, the observed state of each task (index = slot - 1, or index into `nodeIds`);
   * `undefined` = the task does not exist yet. After the last entry the final states persist.
   * Default: no tasks, then all `assigned`, `preparing`, `starting`, `running`.
   */
  timeline?: Array<Array<string | undefined>>;
  /** Per task index, a `Status.Err` shown instead of the state (e.g. a rejected pull). */
  errors?: Record<number, string>;
  /** A rollback: the daemon's `UpdateStatus.Message` when it started (`manually requested rollback`). */
  rollback?: string;
  /** `UpdateStatus.Message` when the rollback completed (default `rollback completed`). */
  rollbackCompleted?: string;
  /** UpdateConfig.Monitor in ms (default 5000). */
  monitorMs?: number;
  /** Poll interval in ms (default 200). */
  pollMs?: number;
}

/** The polls a CLI would see while the scenario converges (until the verify period ends). */
export function convergencePolls(s: ConvergenceScenario): ProgressPoll[] {
  const global = s.nodeIds !== undefined;
  const n = global ? s.nodeIds!.length : (s.replicas ?? 1);
  const pollMs = s.pollMs ?? 200;
  const monitorMs = s.monitorMs ?? 5000;
  const all = (st: string) => Array.from({ length: n }, () => st);
  const timeline = s.timeline ?? [[], all('assigned'), all('preparing'), all('starting'), all('running')];
  const mode = global ? { Global: {} } : { Replicated: { Replicas: n } };
  const activeNodes = global ? [...s.nodeIds!] : [];
  const polls: ProgressPoll[] = [];
  const sp = new ServiceProgress(s.ref);
  const maxPolls = timeline.length + Math.ceil((monitorMs + 1000) / pollMs) + 5;
  for (let k = 0; k < maxPolls && sp.state === 'waiting'; k++) {
    const states = timeline[Math.min(k, timeline.length - 1)] ?? [];
    const tasks: Json[] = [];
    states.forEach((st, i) => {
      if (st === undefined) return;
      tasks.push({
        ID: `task${i + 1}`,
        ServiceID: s.ref,
        Slot: global ? 0 : i + 1,
        NodeID: global ? s.nodeIds![i] : '',
        DesiredState: 'running',
        Status: { State: st, ...(s.errors?.[i] ? { Err: s.errors[i] } : {}) },
      });
    });
    const allRunning = states.length === n && states.every((st) => st === 'running');
    let updateStatus: Json | undefined;
    if (s.rollback !== undefined) {
      updateStatus = allRunning
        ? { State: 'rollback_completed', Message: s.rollbackCompleted ?? 'rollback completed' }
        : { State: 'rollback_started', Message: s.rollback };
    }
    const poll: ProgressPoll = {
      at: k * pollMs,
      service: {
        ID: s.ref,
        Spec: { Mode: mode, UpdateConfig: { Monitor: monitorMs * 1e6 } },
        ...(updateStatus ? { UpdateStatus: updateStatus } : {}),
      },
      tasks,
      activeNodes,
    };
    polls.push(poll);
    sp.poll(poll);
  }
  return polls;
}

/** The messages for a scenario (see `ConvergenceScenario`). */
export function convergenceMessages(s: ConvergenceScenario): ProgressMessage[] {
  return serviceProgress(s.ref, convergencePolls(s)).messages;
}
