// Issue "Trust and speed" point 6: what start-up time was cut with must not change behaviour —
// the lazily loaded command table is the modules' own table; the table and template fast paths
// print what cli-table3 and the template engine print; the bundle loads through its code cache,
// and without it.
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Table from 'cli-table3';
import { COMMANDS, OWN_ALIASES, loadedCommands } from '../src/cli/registry';
import { machineAliases } from '../src/cli/machine';
import { renderTable } from '../src/format/table';
import { formatRows } from '../src/format/formatter';
import { parse, execute, dockerFuncs, headerFuncs, GO_TYPE } from '../src/format/template/index';
import { tabwriter } from '../src/format/table';
import { Rng } from '../src/state/rng';
import { NETWORK_HEADERS, NETWORK_TABLE } from '../src/format/network';
import { SERVICE_HEADERS, SERVICE_TABLE } from '../src/format/service';
import { TASK_HEADERS, TASK_TABLE } from '../src/format/task';
import { BIN, ROOT, tempHome } from './helpers';

describe('the lazily loaded command table', () => {
  it('has exactly the commands the modules define, with their own definitions', () => {
    const real = loadedCommands();
    expect([...COMMANDS.keys()].filter((p) => p !== 'system reset').sort()).toEqual(real.map((c) => c.path).sort());
    for (const def of real) {
      const lazy = COMMANDS.get(def.path)!;
      expect([def.path, lazy.args, lazy.interspersed, lazy.rawArgs, lazy.flags, lazy.usage, lazy.help]).toEqual([def.path, def.args, def.interspersed, def.rawArgs, def.flags, def.usage, def.help]);
    }
  });

  it("knows dockersim's own aliases as cli/machine.ts defines them", () => {
    expect(OWN_ALIASES).toEqual(machineAliases);
  });
});

const NO_BORDERS = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '' };

/** The renderer as it was: cli-table3 for every table. */
function cliTable3(rows: string[][]): string {
  if (!rows.length) return '';
  const ncols = Math.max(...rows.map((r) => r.length));
  const padded = rows.map((r) => [...r, ...Array(ncols - r.length).fill('')]);
  const colWidths = Array.from({ length: ncols }, (_, i) => Math.max(10, 3 + Math.max(...padded.map((r) => r[i].length))));
  const table = new Table({ colWidths, chars: NO_BORDERS, wordWrap: false, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true } });
  table.push(...padded);
  const prefix = colWidths.slice(0, -1).reduce((a, b) => a + b, 0);
  return table
    .toString()
    .split('\n')
    .map((l, i) => l.slice(0, prefix + padded[i][ncols - 1].length) + '\n')
    .join('');
}

describe('the table fast path', () => {
  it('prints what cli-table3 prints for plain-ASCII cells (2,000 random tables)', () => {
    const rng = Rng.fromSeed('tables');
    const chars = ' abcXYZ019-_.:/*"\\{}|~';
    for (let n = 0; n < 2000; n++) {
      const rows = Array.from({ length: 1 + rng.int(6) }, () =>
        Array.from({ length: 1 + rng.int(5) }, () => Array.from({ length: rng.int(25) }, () => chars[rng.int(chars.length)]).join('')),
      );
      expect(renderTable(rows)).toBe(cliTable3(rows));
    }
  });

  it('leaves wide and non-ASCII cells to cli-table3', () => {
    const rows = [['NAME', 'VALUE'], ['中文名字', 'x'], ['é', '\u001b[31mred\u001b[0m']];
    expect(renderTable(rows)).toBe(cliTable3(rows));
  });
});

/** formatRows as it was: every template through the template engine. */
function engineRows(text: string, table: boolean, headers: Record<string, string>, rows: Record<string | symbol, unknown>[]): string {
  const tmpl = parse(text, dockerFuncs);
  let body = '';
  for (const row of rows) body += execute(tmpl, row, dockerFuncs) + '\n';
  if (!table) return body;
  let header = '';
  try {
    header = execute(parse(text, headerFuncs), { [GO_TYPE]: 'formatter.SubHeaderContext', ...headers, Label: (n: string) => n.toUpperCase() }, headerFuncs) + '\n';
  } catch {
    header = '\n';
  }
  return tabwriter(header + body);
}

describe('the template fast path ({{.Field}} only)', () => {
  const row = (i: number) => ({ [GO_TYPE]: '*x.ctx', ID: `id${i}`, Name: `name ${i}`, Driver: 'overlay', Scope: 'swarm', Mode: 'replicated', Replicas: '1/1', Image: 'nginx:latest', Ports: '', Node: 'docker', DesiredState: 'Running', CurrentState: 'Running 1 second ago', Error: '', Label: () => 'x' });
  const rows = Array.from({ length: 5 }, (_, i) => row(i));
  const cases: Array<[string, Record<string, string>]> = [
    [NETWORK_TABLE, NETWORK_HEADERS],
    [SERVICE_TABLE, SERVICE_HEADERS],
    [TASK_TABLE, TASK_HEADERS],
    ['{{.ID}}', {}],
    ['table {{.Name}}\t{{ .ID }}', NETWORK_HEADERS],
    ['table {{.Name}}\t{{.Nosuch}}', NETWORK_HEADERS],
    ['x{{.Name}}y{{.ID}}z', {}],
  ];
  for (const [format, headers] of cases) {
    it(`prints what the engine prints: ${JSON.stringify(format)}`, () => {
      const table = format.startsWith('table');
      const text = table ? format.slice(5).trim() : format;
      let want: string;
      try {
        want = engineRows(text, table, headers, rows);
      } catch (e) {
        want = `error: ${(e as Error).message}`;
      }
      let got: string;
      try {
        got = formatRows({ format, defaultFormat: format, headers }, rows.map((r) => ({ ...r })));
      } catch (e) {
        got = `error: ${(e as Error).message}`;
      }
      if (!want.startsWith('error')) expect(got).toBe(want);
      else expect(got).toMatch(/^error/);
    });
  }
});

describe('the bundle loader', () => {
  const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [BIN, 'network', 'ls', '--format', '{{.Name}}'], { env: { PATH: process.env.PATH, DOCKERSIM_HOME: tempHome(), ...env }, encoding: 'utf8' });

  it('has a code cache made for this bundle by the build', () => {
    const cache = path.join(ROOT, 'dist', 'dockersim-main.cjs.cache');
    expect(fs.existsSync(cache)).toBe(true);
    const st = fs.statSync(path.join(ROOT, 'dist', 'dockersim-main.cjs'));
    expect(fs.readFileSync(cache).subarray(0, 200).toString('latin1')).toContain(`${process.version} ${st.size} ${Math.floor(st.mtimeMs)}\n`);
  });

  it('prints the same with the cache, without it, and with a cache of another bundle', () => {
    const want = 'bridge\nhost\nnone\n';
    expect(run({}).stdout).toBe(want);
    expect(run({ DOCKERSIM_CODE_CACHE: 'off' }).stdout).toBe(want);
    // A copy of dist/ (inside the project: the fixtures are found from there) with a bad cache.
    const dir = fs.mkdtempSync(path.join(ROOT, '.tmp-dist-'));
    try {
      for (const f of ['dockersim.cjs', 'dockersim-main.cjs']) fs.copyFileSync(path.join(ROOT, 'dist', f), path.join(dir, f));
      const st = fs.statSync(path.join(dir, 'dockersim-main.cjs'));
      const header = `dockersim-code-cache ${process.version} ${st.size} ${Math.floor(st.mtimeMs)}\n`;
      for (const cache of ['dockersim-code-cache stale\nnot V8 data', `${header}not V8 data either`]) {
        fs.writeFileSync(path.join(dir, 'dockersim-main.cjs.cache'), cache);
        const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(dir, 'dockersim.cjs'))}).main()`, 'x', 'network', 'ls', '--format', '{{.Name}}'], {
          env: { PATH: process.env.PATH, DOCKERSIM_HOME: tempHome() },
          encoding: 'utf8',
        });
        expect([r.status, r.stderr, r.stdout]).toEqual([0, '', want]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
