// Parity harness: the same scripted session twice from the same DOCKERSIM_SEED in two fresh homes,
// once with dockersim's own CLI in process (prog `docker`) and once with the real docker CLI
// against `dockersim daemon` (in process here), and a byte-for-byte comparison of stdout,
// stderr and exit codes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll } from '@jest/globals';
import { Sim, type Result } from '../helpers';
import { ApiDaemon } from '../../src/api/daemon';

export const DOCKER_BIN = process.env.DOCKER_BIN || '/usr/local/bin/docker';
export const DOCKER_VERSION_LINE = 'Docker version 28.2.2, build e6534b4';

/** Why the real docker CLI cannot be used, or null. */
export function dockerProblem(): string | null {
  if (!fs.existsSync(DOCKER_BIN)) return `the real docker CLI is not installed at ${DOCKER_BIN} (set DOCKER_BIN): the parity suite compares dockersim with docker 28.2.2 and cannot run without it`;
  return null;
}

/**
 * The clock both sessions run at: fixed, and one day ahead of the host's. The real CLI computes
 * relative times ("Running 5 seconds ago", CREATED) from the host clock; against timestamps in
 * its future it prints "Less than a second", which is what dockersim prints at its own fixed
 * clock for objects made during the session.
 */
export function sessionClock(): string {
  const d = new Date(Date.now() + 24 * 3600 * 1000);
  d.setUTCMilliseconds(0);
  return d.toISOString().replace('.000Z', 'Z');
}

export function runDocker(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(DOCKER_BIN, args, { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (input !== undefined) p.stdin.end(input);
    else p.stdin.end();
  });
}

export interface Pair {
  sim: Result;
  real: Result;
}

export class ParitySession {
  readonly root: string;
  /** Side A: dockersim's CLI in process. */
  readonly sim: Sim;
  /** Side B: the home the daemon serves, and dockersim commands (machine create…) on it. */
  readonly served: Sim;
  readonly daemon: ApiDaemon;
  readonly dockerConfig: string;
  readonly log: string[] = [];

  constructor(seed = '1') {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-parity-'));
    const now = sessionClock();
    const homeA = path.join(this.root, 'a');
    const homeB = path.join(this.root, 'b');
    this.dockerConfig = path.join(this.root, 'docker-config');
    fs.mkdirSync(this.dockerConfig);
    this.sim = new Sim({ DOCKERSIM_HOME: homeA, DOCKERSIM_SEED: seed, DOCKERSIM_NOW: now });
    // DOCKERSIM_ASSERT_READONLY: a GET that changed the (cached) state would be an error
    this.served = new Sim({ DOCKERSIM_HOME: homeB, DOCKERSIM_SEED: seed, DOCKERSIM_NOW: now, DOCKER_CONFIG: this.dockerConfig, DOCKERSIM_ASSERT_READONLY: '1' });
    this.daemon = new ApiDaemon({ env: this.served.env, out: (l) => this.log.push(l), err: (l) => this.log.push(l) });
  }

  async start(): Promise<void> {
    await this.daemon.start();
  }

  async stop(): Promise<void> {
    await this.daemon.stop();
    fs.rmSync(this.root, { recursive: true, force: true });
    // Sim makes a home of its own that DOCKERSIM_HOME overrides here: unused.
    for (const x of [this.sim, this.served]) fs.rmSync(x.home, { recursive: true, force: true });
  }

  socket(machine = 'docker'): string {
    return this.daemon.socketPath(machine);
  }

  dockerEnv(): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: this.root, DOCKER_CONFIG: this.dockerConfig, DOCKER_HOST: `unix://${this.socket()}` };
  }

  /** A dockersim-only command (machine create, lab…) run on both homes. */
  async both(argv: string[]): Promise<void> {
    const a = await this.sim.run(argv, { prog: 'dockersim' });
    const b = await this.served.run(argv, { prog: 'dockersim' });
    if (a.code || b.code) throw new Error(`${argv.join(' ')} failed: ${a.stderr}${b.stderr}`);
    await this.daemon.scan();
  }

  /** One docker command on both sides (`context`: the machine, -c / --context). */
  async run(argv: string[], opts: { context?: string; input?: string } = {}): Promise<Pair> {
    const ctx = opts.context ? ['--context', opts.context] : [];
    const sim = await this.sim.run([...ctx, ...argv], { input: opts.input });
    const real = await runDocker([...ctx, ...argv], this.dockerEnv(), opts.input);
    return { sim, real };
  }
}

/** A readable report of where two results differ. */
export function describeDiff(cmd: string, p: Pair): string {
  const parts: string[] = [];
  if (p.sim.code !== p.real.code) parts.push(`exit code: dockersim ${p.sim.code}, docker ${p.real.code}`);
  for (const k of ['stdout', 'stderr'] as const) {
    if (p.sim[k] === p.real[k]) continue;
    const a = p.sim[k].split('\n');
    const b = p.real[k].split('\n');
    const lines: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] === b[i]) continue;
      lines.push(`  line ${i + 1}:\n    dockersim: ${JSON.stringify(a[i])}\n    docker:    ${JSON.stringify(b[i])}`);
      if (lines.length > 8) break;
    }
    parts.push(`${k} differs:\n${lines.join('\n')}`);
  }
  return `docker ${cmd}\n${parts.join('\n')}`;
}

/** The server half of `docker info` (the client half names the context and local plugins). */
export function serverPart(text: string): string {
  const i = text.indexOf('Server:');
  return i < 0 ? text : text.slice(i);
}

export interface Step {
  argv: string[];
  context?: string;
  input?: string;
  /** Compare only part of stdout (docker info: the server half). */
  part?: (text: string) => string;
}

export const step = (cmd: string | string[], more: Omit<Step, 'argv'> = {}): Step => ({ argv: typeof cmd === 'string' ? cmd.split(' ') : cmd, ...more });

/** Go map order: `docker info` lists runtimes in the order Go's map iteration gives (random). */
export function sortRuntimes(text: string): string {
  return text.replace(/^( Runtimes: )(.*)$/m, (_m, head: string, names: string) => head + names.split(' ').sort().join(' '));
}

/** Runs the steps in order on both sides; returns every difference (all of them, not the first). */
export async function compareSteps(s: ParitySession, steps: Step[]): Promise<{ diffs: string[]; results: Pair[] }> {
  const diffs: string[] = [];
  const results: Pair[] = [];
  for (const st of steps) {
    const p = await s.run(st.argv, { context: st.context, input: st.input });
    results.push(p);
    const cut = (t: string) => sortRuntimes(st.part ? st.part(t) : t);
    const cmp: Pair = {
      sim: { code: p.sim.code, stdout: cut(p.sim.stdout), stderr: p.sim.stderr },
      real: { code: p.real.code, stdout: cut(p.real.stdout), stderr: p.real.stderr },
    };
    if (cmp.sim.code !== cmp.real.code || cmp.sim.stdout !== cmp.real.stdout || cmp.sim.stderr !== cmp.real.stderr) {
      diffs.push(describeDiff(`${st.context ? `--context ${st.context} ` : ''}${st.argv.join(' ')}`, cmp));
    }
  }
  return { diffs, results };
}

/**
 * One parity session for a test file, started before its tests and stopped after them, from
 * `seed`. The returned function gives the session (or fails the test when docker is missing).
 */
export function paritySession(seed: string): () => ParitySession {
  const problem = dockerProblem();
  let s: ParitySession | undefined;
  beforeAll(async () => {
    if (problem) return;
    s = new ParitySession(seed);
    await s.start();
  });
  afterAll(async () => {
    if (s) await s.stop();
  });
  return () => {
    if (problem || !s) throw new Error(problem ?? 'the parity session did not start');
    return s;
  };
}
