// Runs dockersim in process against a throwaway home, the way a newcomer would in a shell.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { run } from '../src/main';
import { BufferIo } from '../src/cli/io';

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-test-'));
}

export class Sim {
  readonly home: string;
  env: NodeJS.ProcessEnv;
  constructor(env: NodeJS.ProcessEnv = {}) {
    this.home = tempHome();
    this.env = { DOCKERSIM_HOME: this.home, DOCKERSIM_SEED: '1', DOCKERSIM_NOW: '2024-06-20T01:20:11Z', ...env };
  }
  async run(argv: string | string[], opts: { prog?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
    const args = typeof argv === 'string' ? argv.split(' ').filter(Boolean) : argv;
    const io = new BufferIo(opts.input ?? '');
    const code = await run(args, { ...this.env, ...opts.env }, io, opts.prog ?? 'docker');
    return { code, stdout: io.stdout, stderr: io.stderr };
  }
  /** Runs and expects success; returns stdout. */
  async ok(argv: string | string[], opts: { prog?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
    const r = await this.run(argv, opts);
    if (r.code !== 0) throw new Error(`${JSON.stringify(argv)} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  }
  stateFile(): string {
    return path.join(this.home, 'state.json');
  }
  stateBytes(): Buffer {
    return fs.readFileSync(this.stateFile());
  }
  /** The seed lab's three machines in one swarm: docker (manager), worker01, worker02. */
  async threeNodeSwarm(): Promise<void> {
    await this.ok('swarm init --advertise-addr 192.168.1.221');
    await this.ok('machine create worker01 --ip 192.168.1.222');
    await this.ok('machine create worker02 --ip 192.168.1.223');
    const token = (await this.ok('swarm join-token -q worker')).trim();
    await this.ok(['-c', 'worker01', 'swarm', 'join', '--token', token, '192.168.1.221:2377']);
    await this.ok(['-c', 'worker02', 'swarm', 'join', '--token', token, '192.168.1.221:2377']);
  }
}

export const ROOT = path.resolve(__dirname, '..');
export const BIN = path.join(ROOT, 'bin', 'dockersim');

/** Runs the built CLI as a separate process. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function spawnCliAsync(args: string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export { finalScreen as screen } from '../src/lab/terminal';

let terminals = 0;

/**
 * A command in a real terminal (a detached tmux session of `cols`×`rows`): what the screen shows,
 * keys typed into it. Waiting never blocks the event loop (a daemon may be serving in process).
 */
export class Terminal {
  readonly name = `dockersim-test-${process.pid}-${++terminals}`;
  constructor(command: string, env: NodeJS.ProcessEnv, cols = 100, rows = 30) {
    const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
    const vars = Object.entries(env).map(([k, v]) => `${k}=${quote(v ?? '')}`).join(' ');
    const r = this.tmux('new-session', '-d', '-s', this.name, '-x', String(cols), '-y', String(rows), `export ${vars}; ${command}; sleep 5`);
    if (r.status !== 0) throw new Error(`tmux: ${r.stderr}`);
  }
  private tmux(...args: string[]) {
    return spawnSync('tmux', args, { encoding: 'utf8' });
  }
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name).stdout;
  }
  /** The screen once it matches `re` (or after 10 s, for the assertion to show it). */
  async waitFor(re: RegExp): Promise<string> {
    for (let i = 0; i < 200 && !re.test(this.screen()); i++) await new Promise((r) => setTimeout(r, 50));
    return this.screen();
  }
  /** tmux send-keys: text, `Enter`, `C-p`… */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }
  close(): void {
    this.tmux('kill-session', '-t', this.name);
  }
}
