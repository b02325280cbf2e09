// Every command dockersim knows, by canonical docker path, plus docker's aliases (from its help).
// A command's module is loaded only when that command runs (or its flags are parsed): `network
// ls` does not pay for the shell, the labs, the routing core or the API server. MODULES lists
// which module holds which paths; tests/trust-startup.test.ts checks it against the modules.
import type { CommandDef } from './command';
import { helpIndex } from './command';

interface LazyModule {
  paths: string[];
  load(): CommandDef[];
}

const MODULES: LazyModule[] = [
  { paths: ['network create', 'network ls', 'network inspect', 'network rm', 'network prune', 'network connect', 'network disconnect'], load: () => require('./network').networkCommands },
  { paths: ['swarm init', 'swarm join', 'swarm join-token', 'swarm leave'], load: () => require('./swarm').swarmCommands },
  { paths: ['node ls', 'node inspect', 'node update', 'node promote', 'node demote', 'node rm'], load: () => require('./node').nodeCommands },
  { paths: ['machine create', 'machine ls', 'machine rm', 'machine ssh'], load: () => require('./machine').machineCommands },
  { paths: ['context ls', 'context use', 'context show', 'context inspect'], load: () => require('./context').contextCommands },
  { paths: ['system info', 'version'], load: () => require('./system').systemCommands },
  {
    paths: ['service create', 'service ls', 'service ps', 'service inspect', 'service scale', 'service update', 'service rollback', 'service rm', 'service logs', 'node ps'],
    load: () => require('./service').serviceCommands,
  },
  {
    paths: ['container run', 'container create', 'container start', 'container stop', 'container kill', 'container restart', 'container rm', 'container ls', 'container inspect', 'inspect', 'container logs', 'container port', 'container pause', 'container unpause', 'container rename'],
    load: () => require('./container').containerCommands,
  },
  { paths: ['image pull', 'image ls', 'image rm', 'image inspect'], load: () => require('./image').imageCommands },
  { paths: ['stack deploy', 'stack ls', 'stack services', 'stack ps', 'stack rm'], load: () => require('./stack').stackCommands },
  { paths: ['completion', '__complete'], load: () => require('./completion').completionCommands },
  { paths: ['lab up', 'lab reset', 'lab run', 'lab verify'], load: () => require('./lab').labCommands },
  { paths: ['container exec', 'container attach'], load: () => require('./exec').execCommands },
  { paths: ['trace'], load: () => require('./trace').traceCommands },
  { paths: ['daemon'], load: () => require('./daemon').daemonCommands },
];

/**
 * Commands that only read the state: they run without the state lock and write nothing
 * (DOCKERSIM_ASSERT_READONLY=1 turns a change they make into an error; the fuzzer sets it).
 */
export const READ_ONLY = new Set([
  'network ls',
  'network inspect',
  'node ls',
  'node inspect',
  'node ps',
  'service ls',
  'service ps',
  'service inspect',
  'container ls',
  'container inspect',
  'inspect',
  'image ls',
  'image inspect',
  'system info',
  'version',
  'context ls',
  'context show',
  'context inspect',
  'machine ls',
  'completion',
  '__complete',
]);

/** `dockersim system reset`: the documented way out of a damaged state file (as `lab reset`). */
const systemReset: CommandDef = {
  path: 'system reset',
  args: 'none',
  usage: 'docker system reset',
  flags: [],
  help: 'Usage:  docker system reset\n\nEmpty the state: every machine, swarm and container goes (dockersim only; the way out\nof a damaged or unreadable state file, like "lab reset")\n',
  async run(ctx) {
    const { resetState } = require('../state/store') as typeof import('../state/store');
    await resetState(ctx.env);
  },
};

function lazy(path: string, mod: LazyModule): CommandDef {
  let real: CommandDef | undefined;
  const def = () => (real ??= mod.load().find((c) => c.path === path)!);
  const proxy = { path, readOnly: READ_ONLY.has(path), run: (ctx) => def().run(ctx) } as CommandDef;
  // the rest of the definition is read from its module only when first asked for
  for (const key of ['args', 'interspersed', 'rawArgs', 'flags', 'usage', 'help'] as const) {
    Object.defineProperty(proxy, key, { get: () => def()[key], enumerable: true });
  }
  return proxy;
}

export const COMMANDS = new Map<string, CommandDef>([...MODULES.flatMap((m) => m.paths.map((p) => [p, lazy(p, m)] as const)), [systemReset.path, systemReset]]);

/** The command table as the modules define it (loads every module; for tests). */
export function loadedCommands(): CommandDef[] {
  return MODULES.flatMap((m) => m.load());
}

/** Groups with subcommands: docker's management commands, and dockersim's own. */
export const GROUPS = new Set(['builder', 'checkpoint', 'config', 'container', 'context', 'image', 'manifest', 'network', 'node', 'plugin', 'secret', 'service', 'stack', 'swarm', 'system', 'trust', 'volume', 'machine', 'lab']);

/** Help of groups that docker does not have. */
export const GROUP_HELP: Record<string, string> = {
  get machine() {
    return require('./machine').machineGroupHelp as string;
  },
  get lab() {
    return require('./lab').labGroupHelp as string;
  },
};

/** dockersim's own aliases (cli/machine.ts's `machineAliases`; the startup test checks they agree). */
export const OWN_ALIASES: Record<string, string> = { 'machine list': 'machine ls', 'machine remove': 'machine rm' };

let aliases: Map<string, string> | undefined;

/** `ps` → `container ls`, `network list` → `network ls`, … */
export function canonicalPath(path: string): string {
  if (!aliases) {
    aliases = new Map(Object.entries(OWN_ALIASES));
    for (const [key, entry] of Object.entries(helpIndex())) {
      if (!entry.aliases.length) continue;
      const canonical = entry.aliases[0].replace(/^docker /, '');
      for (const a of entry.aliases) aliases.set(a.replace(/^docker /, ''), canonical);
      aliases.set(key.replace(/-/g, ' '), canonical);
    }
  }
  return aliases.get(path) ?? path;
}

/** Is `path` a docker command (one dockersim may not simulate yet)? */
export function isDockerCommand(path: string): boolean {
  return Object.prototype.hasOwnProperty.call(helpIndex(), path.replace(/ /g, '-'));
}
