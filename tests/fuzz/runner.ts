// Runs generated command lines against one state, in process, and checks after each one:
// no stack trace and no "internal error" on stderr, an exit code of docker's (0, 1, 125, 126,
// 127), a state file that loads and passes the consistency check, and (DOCKERSIM_ASSERT_READONLY)
// no change made by a command that is meant only to read. Reproducible from its seed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/main';
import { BufferIo } from '../../src/cli/io';
import { readState } from '../../src/state/store';
import { checkConsistency } from '../../src/state/consistency';
import { Rng } from '../../src/state/rng';
import type { State } from '../../src/state/schema';
import '../../src/engine/task-containers';
import { Grammar, poolOf, strayLine } from './grammar';

export const DOCKER_EXIT_CODES = new Set([0, 1, 125, 126, 127]);

/** docker/cli's inspect answers a template it cannot parse with status 64 (cli/command/inspect/inspector.go). */
const isTemplateParseError = (code: number, stderr: string) => code === 64 && /^template parsing error: /.test(stderr);

export interface Failure {
  step: number;
  argv: string[];
  problem: string;
}

export interface FuzzReport {
  seed: string;
  steps: number;
  failures: Failure[];
  /** command path → runs, and exit code → count for it */
  commands: Map<string, { runs: number; exits: Map<number, number> }>;
  /** `path --flag` pairs exercised */
  flags: Set<string>;
  exits: Map<number, number>;
  slowest: { ms: number; argv: string[] };
  ms: number;
}

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

function shown(argv: string[]): string[] {
  return argv.map((a) => (a.length > 60 ? `${a.slice(0, 40)}…(${a.length} chars)` : a));
}

/**
 * `twin`: every command also runs against a second home whose file is written in the compact
 * layout (DOCKERSIM_COMPACT_ABOVE=0: task rows, task containers rebuilt from their tasks); the
 * two must print the same bytes and exit the same way.
 */
export async function fuzz(opts: { commands: number; seed: string; home?: string; compactAbove?: string; twin?: boolean; onStep?: (i: number) => void }): Promise<FuzzReport> {
  const home = opts.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-fuzz-'));
  const env: NodeJS.ProcessEnv = {
    DOCKERSIM_HOME: home,
    DOCKERSIM_SEED: opts.seed,
    DOCKERSIM_NOW: '2024-06-20T01:20:11Z',
    DOCKERSIM_ASSERT_READONLY: '1',
    HOME: home,
  };
  if (opts.compactAbove !== undefined) env.DOCKERSIM_COMPACT_ABOVE = opts.compactAbove;
  const twinHome = opts.twin ? fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-fuzz-twin-')) : undefined;
  const twinEnv: NodeJS.ProcessEnv = { ...env, DOCKERSIM_HOME: twinHome, HOME: twinHome, DOCKERSIM_COMPACT_ABOVE: '0' };
  const rng = Rng.fromSeed(`fuzz:${opts.seed}`);
  const grammar = new Grammar(rng);
  const report: FuzzReport = { seed: opts.seed, steps: 0, failures: [], commands: new Map(), flags: new Set(), exits: new Map(), slowest: { ms: 0, argv: [] }, ms: 0 };
  const t0 = Date.now();
  const exec = async (argv: string[], e = env) => {
    const io = new BufferIo('');
    const t = Date.now();
    const code = await run(argv, e, io, 'docker');
    const ms = Date.now() - t;
    if (ms > report.slowest.ms) report.slowest = { ms, argv: shown(argv) };
    return { code, stdout: io.stdout, stderr: io.stderr };
  };
  await exec(['lab', 'up', 'overlay']);
  if (twinHome) await exec(['lab', 'up', 'overlay'], twinEnv);
  let state: State | undefined = readState(env);
  const seen = new Set<string>();
  for (let step = 1; step <= opts.commands; step++) {
    opts.onStep?.(step);
    const stray = rng.float() < 0.03;
    const line = stray ? { path: '(stray)', argv: strayLine(rng), flags: [] as string[] } : grammar.commandLine(poolOf(state));
    const r = await exec(line.argv);
    report.steps++;
    const stat = report.commands.get(line.path) ?? { runs: 0, exits: new Map<number, number>() };
    stat.runs++;
    stat.exits.set(r.code, (stat.exits.get(r.code) ?? 0) + 1);
    report.commands.set(line.path, stat);
    report.exits.set(r.code, (report.exits.get(r.code) ?? 0) + 1);
    for (const f of line.flags) report.flags.add(`${line.path} --${f}`);
    // A problem is reported once, at the step that caused it (an inconsistency stays until fixed).
    const fail = (problem: string) => {
      if (!seen.has(problem)) report.failures.push({ step, argv: shown(line.argv), problem });
      seen.add(problem);
    };
    if (twinHome) {
      const t = await exec(line.argv, twinEnv);
      if (t.code !== r.code || t.stdout !== r.stdout || t.stderr !== r.stderr) {
        fail(`the compact layout answers differently: exit ${r.code} vs ${t.code}\n${firstDifference(r.stdout + r.stderr, t.stdout + t.stderr)}`);
      }
    }
    if (!DOCKER_EXIT_CODES.has(r.code) && !isTemplateParseError(r.code, r.stderr)) fail(`exit code ${r.code}: ${r.stderr.slice(0, 200)}`);
    if (/internal error/.test(r.stderr)) fail(`internal error: ${r.stderr.slice(0, 300)}`);
    if (STACK.test(r.stderr) || STACK.test(r.stdout)) fail(`stack trace: ${r.stderr.slice(0, 300)}`);
    try {
      state = readState(env);
    } catch (e) {
      fail(`state unreadable: ${(e as Error).message}`);
      break;
    }
    if (state) for (const p of checkConsistency(state)) fail(`inconsistent: ${p}`);
    if (report.failures.length > 20) break;
  }
  report.ms = Date.now() - t0;
  if (!opts.home) fs.rmSync(home, { recursive: true, force: true });
  if (twinHome) fs.rmSync(twinHome, { recursive: true, force: true });
  return report;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 40), i + 80))}\n   vs ${JSON.stringify(b.slice(Math.max(0, i - 40), i + 80))}`;
}

/** The report as text: failures, then what the run covered. */
export function describe(report: FuzzReport, commandTable: string[]): string {
  const lines: string[] = [];
  lines.push(`fuzz seed ${report.seed}: ${report.steps} commands in ${(report.ms / 1000).toFixed(1)} s, ${report.failures.length} failures`);
  for (const f of report.failures) lines.push(`  step ${f.step}: docker ${f.argv.join(' ')}\n    ${f.problem}`);
  const covered = commandTable.filter((p) => report.commands.has(p));
  const missing = commandTable.filter((p) => !report.commands.has(p));
  lines.push(`commands: ${covered.length} of ${commandTable.length}${missing.length ? ` (not drawn: ${missing.join(', ')})` : ''}`);
  lines.push(`flags: ${report.flags.size} command/flag pairs`);
  lines.push(`exit codes: ${[...report.exits].sort((a, b) => a[0] - b[0]).map(([c, n]) => `${c}×${n}`).join(' ')}`);
  for (const [p, s] of [...report.commands].sort((a, b) => b[1].runs - a[1].runs)) {
    lines.push(`  ${p.padEnd(20)} ${String(s.runs).padStart(5)}   exits ${[...s.exits].sort((a, b) => a[0] - b[0]).map(([c, n]) => `${c}×${n}`).join(' ')}`);
  }
  lines.push(`slowest: ${report.slowest.ms} ms  docker ${report.slowest.argv.join(' ')}`);
  return lines.join('\n');
}
