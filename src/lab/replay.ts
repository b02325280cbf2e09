// Replays a transcript on a fresh simulated cluster: each step runs through the same CLI a user
// types (`docker …` as dockersim on that machine's context), on a wide terminal, and its output
// is compared with the transcript's through the matcher's ID bindings and tolerances.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../main';
import { BufferIo } from '../cli/io';
import { finalScreen } from './terminal';
import { parseTranscript, opensSession, type Step, type Transcript } from './parse';
import { Bindings, matchOutput } from './match';
import { splitWords } from './words';
import { labUp } from './topology-state';
import { loadTopology } from '../engine/topology';
import { execLine, openMainSession, openSession, type LabSession } from '../cli/exec';

/** Captures stdout and stderr in the order a terminal would show them. */
class TerminalIo extends BufferIo {
  all = '';
  constructor() {
    super('');
    this.isTTY = true;
    this.stdinTTY = false;
    this.columns = 200;
  }
  out(s: string) {
    this.all += s;
  }
  err(s: string) {
    this.all += s;
  }
}

export interface StepResult {
  step: Step;
  machine: string;
  command: string;
  actual: string[];
  ok: boolean;
  updated: string[];
}

export interface ReplayOptions {
  /** Called after each step (lab run prints as it goes). */
  onStep?: (r: StepResult) => void;
  /** Compare with the expected output (verify) or only run (lab run). */
  compare: boolean;
}

function outputLines(text: string): string[] {
  const lines = finalScreen(text).split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

export async function replay(t: Transcript, opts: ReplayOptions): Promise<StepResult[]> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-lab-'));
  const topo = loadTopology(t.header.topology);
  if (!topo) throw new Error(`unknown topology "${t.header.topology}"`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DOCKERSIM_HOME: home,
    DOCKERSIM_SEED: t.header.seed,
    DOCKERSIM_NOW: t.header.clock ?? '2024-06-20T01:20:11Z',
    DOCKERSIM_PROG: 'docker',
  };
  delete env.DOCKER_CONTEXT;
  if (t.header.engine) env.DOCKERSIM_ENGINE = t.header.engine;
  await labUp(env, t.header.topology);
  const bindings = new Bindings();
  const results: StepResult[] = [];
  const defaultMachine = topo.machines[0].name;
  let session: LabSession | null = null;
  try {
    for (const step of t.steps) {
      const command = bindings.applyToCommand(step.command);
      let machine = defaultMachine;
      let actual: string[] = [];
      if (step.target.kind === 'container') {
        if (session) {
          const r = await execLine(env, session, command);
          actual = outputLines(r.output);
          if (r.exit) session = null;
        } else actual = ['dockersim: no interactive container session is open for this prompt'];
      } else {
        machine = step.target.machine ?? defaultMachine;
        if (!topo.machines.some((m) => m.name === machine)) machine = defaultMachine;
        if (command) {
          const words = splitWords(command);
          const io = new TerminalIo();
          const stepEnv = { ...env, DOCKER_CONTEXT: machine };
          if (words[0] === 'docker' && opensSession(command) && isRun(words)) {
            // run -it: started in the background (pull lines and errors as printed), then the
            // session joins its shell; the -d form's ID is not what run -it prints
            const args = words.slice(words.indexOf('run') + 1);
            const rm = args.includes('--rm');
            await run(['run', '-d', ...args.filter((a) => a !== '--rm')], stepEnv, io, 'docker');
            const id = /^[0-9a-f]{64}$/m.exec(io.all)?.[0];
            const opened = id ? await openMainSession(stepEnv, machine, id, rm) : { output: '', session: null };
            actual = outputLines(io.all.replace(/^[0-9a-f]{64}\n/m, '') + opened.output);
            session = opened.session;
          } else if (words[0] === 'docker' && opensSession(command)) {
            const r = await openSession(stepEnv, machine, words.slice(1));
            actual = outputLines(r.output);
            session = r.session;
          } else if (words[0] === 'docker' || words[0] === 'dockersim') {
            await run(words.slice(1), stepEnv, io, words[0]);
            actual = outputLines(io.all);
          } else {
            await run(['machine', 'ssh', machine, '--', ...words], stepEnv, io, 'dockersim');
            actual = outputLines(io.all);
          }
        }
      }
      // Expected text is what a terminal showed: TABs typed into the Markdown count as spaces to the next stop.
      const expected = step.expected.map((l) => (l.includes('\t') ? finalScreen(l) : l));
      const m = opts.compare ? matchOutput(expected, actual, bindings) : { ok: true, updated: step.expected };
      const r: StepResult = { step, machine, command, actual, ok: m.ok, updated: m.updated };
      results.push(r);
      opts.onStep?.(r);
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  return results;
}

/** `docker run …` or `docker container run …`. */
function isRun(words: string[]): boolean {
  const sub = words.slice(1).filter((w) => !w.startsWith('-'));
  return sub[0] === 'run' || (sub[0] === 'container' && sub[1] === 'run');
}

export function loadTranscript(file: string): Transcript {
  return parseTranscript(fs.readFileSync(file, 'utf8'));
}
