// dockersim machine create|ls|rm: the simulated hosts (each also a docker context).
import type { CommandDef } from './command';
import { CliError, ExitStatus } from './command';
import { TOOLS, runTool } from '../routing/tools';
import { renderTable } from '../format/table';
import { naturalCompare } from '../format/sort';

const MACHINE_USAGE = 'dockersim machine COMMAND';

export const machineGroupHelp = `Usage:  ${MACHINE_USAGE}

Manage simulated machines (dockersim only). Every machine runs one Docker
engine and is also a docker context of the same name.

Commands:
  create      Create a machine
  ls          List machines
  rm          Remove a machine
  ssh         Run a command in a machine's host shell

Run 'dockersim machine COMMAND --help' for more information on a command.
`;

const create: CommandDef = {
  path: 'machine create',
  args: { exact: 1 },
  usage: 'docker machine create [OPTIONS] NAME',
  flags: [{ long: 'ip', type: 'string' }],
  help: `Usage:  docker machine create [OPTIONS] NAME

Create a machine running a fresh Docker engine (not in a swarm)

Options:
      --ip string   LAN address of the machine (default: next free address
                    in 192.168.1.0/24)
`,
  async run(ctx) {
    const m = await ctx.client((c) => c.machineCreate(ctx.args[0], ctx.str('ip')));
    ctx.io.out(m.name + '\n');
  },
};

const ls: CommandDef = {
  path: 'machine ls',
  args: 'none',
  usage: 'docker machine ls [OPTIONS]',
  flags: [{ long: 'quiet', short: 'q', type: 'bool' }],
  help: `Usage:  docker machine ls [OPTIONS]

List machines

Aliases:
  docker machine ls, docker machine list

Options:
  -q, --quiet   Only display machine names
`,
  async run(ctx) {
    const rows = await ctx.client((c) =>
      c.machineList().map((m) => {
        const node = c.state.swarm?.nodes.find((n) => n.machine === m.name && n.status === 'ready');
        const swarm = node ? (node.role === 'manager' ? (node.leader ? 'manager (leader)' : 'manager') : 'worker') : 'inactive';
        return [m.name + (c.state.context === m.name ? ' *' : ''), m.ip, c.profile.serverVersion, swarm];
      }),
    );
    rows.sort((a, b) => naturalCompare(a[0], b[0]));
    if (ctx.bool('quiet')) ctx.io.out(rows.map((r) => r[0].replace(/ \*$/, '') + '\n').join(''));
    else ctx.io.out(renderTable([['NAME', 'IP', 'ENGINE', 'SWARM'], ...rows]));
  },
};

const rm: CommandDef = {
  path: 'machine rm',
  args: { min: 1 },
  usage: 'docker machine rm NAME [NAME...]',
  flags: [],
  help: `Usage:  docker machine rm NAME [NAME...]

Remove one or more machines (a swarm member leaves the swarm first)

Aliases:
  docker machine rm, docker machine remove
`,
  async run(ctx) {
    await ctx.client((c) => {
      for (const name of ctx.args) c.machineRemove(name);
    });
    ctx.io.out(ctx.args.map((n) => n + '\n').join(''));
  },
};

const ssh: CommandDef = {
  path: 'machine ssh',
  args: { min: 1 },
  interspersed: false,
  usage: 'docker machine ssh NAME [COMMAND] [ARG...]',
  flags: [],
  help: `Usage:  docker machine ssh NAME [COMMAND] [ARG...]

Run a command in a machine's host shell (ping, traceroute, curl, wget, nslookup,
dig, getent, hostname): what the machine itself sees of the simulated network
`,
  async run(ctx) {
    const [name, ...rest] = ctx.args;
    const words = rest[0] === '--' ? rest.slice(1) : rest;
    if (!words.length) throw new CliError('dockersim: interactive host shells are not simulated; give a command');
    const res = await ctx.client(async (c) => {
      if (!c.machineList().some((m) => m.name === name)) throw new CliError(`machine "${name}" does not exist`);
      const [cmd, ...args] = words;
      if (cmd === 'hostname') return { stdout: name + '\n', stderr: '', exitCode: 0 };
      if (cmd in TOOLS) return runTool(c.routing(), cmd, { machine: name }, args, await ctx.io.readAll());
      return { stdout: '', stderr: `bash: ${cmd}: command not found\n`, exitCode: 127 };
    });
    ctx.io.out(res.stdout);
    ctx.io.err(res.stderr);
    if (res.exitCode) throw new ExitStatus(res.exitCode);
  },
};

export const machineCommands = [create, ls, rm, ssh];
export const machineAliases: Record<string, string> = { 'machine list': 'machine ls', 'machine remove': 'machine rm' };
