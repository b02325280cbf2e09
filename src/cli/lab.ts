// dockersim lab up|reset|run|verify: named topologies, and Markdown transcripts replayed as labs
// and as golden-output tests.
import fs from 'node:fs';
import type { CommandDef } from './command';
import { CliError, ExitStatus } from './command';
import { labUp } from '../lab/topology-state';
import { resetState } from '../state/store';
import { loadTopology, topologyNames } from '../engine/topology';
import { isProfileName } from '../engine/profiles';
import { loadTranscript, replay, type StepResult } from '../lab/replay';
import { unifiedDiff } from '../lab/diff';

export const labGroupHelp = `Usage:  dockersim lab COMMAND

Labs: reset the simulation to a named topology, and replay Markdown tutorials
(dockersim only)

Commands:
  reset       Empty the state
  run         Replay a transcript and print it as a terminal session
  up          Reset the state to a named topology
  verify      Replay transcripts and compare every output with the expected one

Run 'dockersim lab COMMAND --help' for more information on a command.
`;

const up: CommandDef = {
  path: 'lab up',
  args: { min: 0, max: 1 },
  usage: 'docker lab up [OPTIONS] [TOPOLOGY]',
  flags: [
    { long: 'engine', type: 'string' },
    { long: 'seed', type: 'string' },
    { long: 'clock', type: 'string' },
  ],
  help: `Usage:  docker lab up [OPTIONS] [TOPOLOGY]

Reset the state to a named topology (default "overlay"): overlay, single

Options:
      --clock string    Fix the clock for this lab (ISO-8601)
      --engine string   Engine profile: "26.1" or "28.2" (default "28.2")
      --seed string     Seed every random choice (IDs, names, tokens)
`,
  async run(ctx) {
    const name = ctx.args[0] ?? 'overlay';
    const topo = loadTopology(name);
    if (!topo) throw new CliError(`unknown topology "${name}": choose one of ${topologyNames().join(', ')}`);
    const engine = ctx.str('engine');
    if (engine !== undefined && !isProfileName(engine)) throw new CliError(`unknown engine profile "${engine}": choose 26.1 or 28.2`);
    const env = { ...ctx.env };
    if (engine) env.DOCKERSIM_ENGINE = engine;
    if (ctx.str('seed') !== undefined) env.DOCKERSIM_SEED = ctx.str('seed');
    if (ctx.str('clock') !== undefined) env.DOCKERSIM_NOW = ctx.str('clock');
    await labUp(env, name);
    const roles = topo.machines.map((m) => `${m.name} ${m.ip}${m.swarm ? ` (${m.swarm})` : ''}`).join(', ');
    ctx.io.out(`Lab "${name}" is up: ${roles}\n`);
  },
};

const reset: CommandDef = {
  path: 'lab reset',
  args: 'none',
  usage: 'docker lab reset',
  flags: [],
  help: 'Usage:  docker lab reset\n\nEmpty the state (also the way out of a damaged state file)\n',
  async run(ctx) {
    await resetState(ctx.env);
  },
};

function shown(r: StepResult): string {
  return `${r.step.prompt} ${r.command}`.trimEnd();
}

const runLab: CommandDef = {
  path: 'lab run',
  args: { exact: 1 },
  usage: 'docker lab run FILE',
  flags: [],
  help: 'Usage:  docker lab run FILE\n\nReplay a Markdown transcript on a fresh lab and print it as a terminal session\n',
  async run(ctx) {
    const t = loadTranscript(ctx.args[0]);
    await replay(t, {
      compare: false,
      onStep: (r) => ctx.io.out(`${shown(r)}\n${r.actual.map((l) => l + '\n').join('')}${r.actual.length ? '\n' : ''}`),
    });
  },
};

/** Rewrites the expected blocks of a transcript with what the matcher says they should be. */
function update(file: string, results: StepResult[]): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const r of [...results].reverse()) {
    if (r.ok) continue;
    const start = r.step.expectedLine - 1;
    lines.splice(start, r.step.expected.length, ...r.updated);
  }
  fs.writeFileSync(file, lines.join('\n'));
}

const verify: CommandDef = {
  path: 'lab verify',
  args: { min: 1 },
  usage: 'docker lab verify [OPTIONS] FILE [FILE...]',
  flags: [{ long: 'update', type: 'bool' }],
  help: `Usage:  docker lab verify [OPTIONS] FILE [FILE...]

Replay transcripts and compare every output with the expected one

Options:
      --update   Rewrite expected blocks with the actual output (bound IDs,
                 placeholders and annotations are kept)
`,
  async run(ctx) {
    let passed = 0;
    let failed = 0;
    for (const file of ctx.args) {
      if (!fs.existsSync(file)) throw new CliError(`open ${file}: no such file or directory`);
      const results = await replay(loadTranscript(file), { compare: true });
      for (const r of results) {
        if (r.ok) {
          passed++;
          continue;
        }
        failed++;
        ctx.io.out(`${file}:${r.step.line}: ${shown(r)}\n`);
        ctx.io.out(unifiedDiff(file, r.step.expectedLine, r.step.expected, r.updated, ctx.io.isTTY));
      }
      if (ctx.bool('update')) update(file, results);
    }
    ctx.io.out(`${passed} passed, ${failed} failed\n`);
    if (failed) throw new ExitStatus(1);
  },
};

export const labCommands = [up, reset, runLab, verify];
