// `dockersim completion bash|zsh|fish`: scripts that ask `dockersim __complete WORDS… CURRENT`
// for candidates, so commands, flags and live object names (networks, services, nodes,
// containers, machines) come from the current state — the way cobra's `docker completion` works.
import type { CommandDef, CommandContext } from './command';
import { CliError, flagSpecsOf } from './command';
import { COMMANDS, GROUPS, canonicalPath } from './registry';
import { helpIndex } from './command';
import { readFixture } from '../fixtures';
import { withClient, type Client } from '../client';

function script(shell: string, prog: string): string {
  const fn = `_${prog.replace(/[^a-zA-Z0-9_]/g, '_')}_complete`;
  if (shell === 'bash') {
    return `# bash completion for ${prog}: source <(${prog} completion bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  COMPREPLY=( $(compgen -W "$(${prog} __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null)" -- "$cur") )
}
complete -o default -F ${fn} ${prog}
`;
  }
  if (shell === 'zsh') {
    return `#compdef ${prog}
# zsh completion for ${prog}: source <(${prog} completion zsh)
${fn}() {
  local -a candidates
  candidates=("\${(@f)$(${prog} __complete "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null)}")
  compadd -- $candidates
}
compdef ${fn} ${prog}
`;
  }
  return `# fish completion for ${prog}: ${prog} completion fish | source
function ${fn}
  set -l words (commandline -opc)
  ${prog} __complete $words[2..-1] (commandline -ct) 2>/dev/null
end
complete -c ${prog} -f -a '(${fn})'
`;
}

const completion: CommandDef = {
  path: 'completion',
  args: { exact: 1 },
  usage: 'docker completion [bash|zsh|fish]',
  flags: [],
  help: `Usage:  docker completion [bash|zsh|fish]

Generate the autocompletion script for the specified shell

Bash:  source <(docker completion bash)
Zsh:   source <(docker completion zsh)
Fish:  docker completion fish | source
`,
  run(ctx) {
    const shell = ctx.args[0];
    if (!['bash', 'zsh', 'fish'].includes(shell)) throw new CliError(`unsupported shell type "${shell}"`);
    ctx.io.out(script(shell, ctx.prog));
  },
};

/** Subcommand names of a group, from docker's help text (and dockersim's own groups). */
function subcommands(group: string): string[] {
  const fromTable = [...COMMANDS.keys()].filter((p) => p.startsWith(group + ' ')).map((p) => p.slice(group.length + 1));
  let fromHelp: string[] = [];
  try {
    const text = readFixture(`help/${group}.txt`);
    fromHelp = [...text.matchAll(/^ {2}([a-z][a-z-]*) {2,}/gm)].map((m) => m[1]);
  } catch {
    /* dockersim-only group */
  }
  return [...new Set([...fromHelp, ...fromTable])];
}

function topLevel(): string[] {
  const text = readFixture('help/docker.txt');
  const words = [...text.matchAll(/^ {2}([a-z][a-z-]*)\*? {2,}/gm)].map((m) => m[1]);
  return [...new Set([...words, 'machine', 'completion'])];
}

type Lister = (c: Client) => string[];
const networks: Lister = (c) => c.networkList().map((n) => n.Name as string);
const services: Lister = (c) => (c.daemon.node()?.role === 'manager' ? c.serviceList().map((s) => s.Spec.Name as string) : []);
const nodes: Lister = (c) => (c.daemon.node()?.role === 'manager' ? c.nodeList().map((n) => n.Description.Hostname as string) : []);
const containers: Lister = (c) => c.machine.containers.map((x) => x.name);
const machines: Lister = (c) => c.machineList().map((m) => m.name);
const images: Lister = () => Object.keys(JSON.parse(readFixture('images/index.json')));

function positionalLister(path: string): Lister | undefined {
  if (/^network (inspect|rm|connect|disconnect)$/.test(path)) return path.endsWith('connect') ? (c) => [...networks(c), ...containers(c)] : networks;
  if (/^service (inspect|ps|rm|scale|update|rollback|logs)$/.test(path)) return services;
  if (/^node (inspect|ps|rm|update|promote|demote)$/.test(path)) return nodes;
  if (/^container (exec|rm|stop|start|restart|kill|logs|inspect)$/.test(path) || path === 'inspect') return containers;
  if (/^(container (run|create)|image pull|service create)$/.test(path)) return images;
  if (/^(context (use|inspect)|machine rm)$/.test(path)) return machines;
  return undefined;
}

function flagLister(flag: string): Lister | undefined {
  if (flag === 'network' || flag === 'network-add' || flag === 'network-rm') return networks;
  if (flag === 'context') return machines;
  if (flag === 'image') return images;
  return undefined;
}

export const hiddenComplete: CommandDef = {
  path: '__complete',
  args: 'any',
  rawArgs: true,
  usage: 'docker __complete WORDS... CURRENT',
  flags: [],
  help: '',
  async run(ctx) {
    const words = ctx.args.slice(0, -1).filter((w) => w !== '');
    const cur = ctx.args[ctx.args.length - 1] ?? '';
    const out = await candidates(ctx, words, cur);
    ctx.io.out(out.filter((w) => w.startsWith(cur)).map((w) => w + '\n').join(''));
  },
};

async function candidates(ctx: CommandContext, words: string[], cur: string): Promise<string[]> {
  const globals = helpIndex().docker.flags;
  let i = 0;
  let context: string | undefined;
  while (i < words.length && words[i].startsWith('-')) {
    const name = words[i].replace(/^-+/, '');
    const spec = globals.find((f) => f.long === name || f.short === name);
    if (spec && spec.type !== 'bool') {
      if (spec.long === 'context') context = words[i + 1];
      i++;
    }
    i++;
  }
  const rest = words.slice(i);
  const prev = words[words.length - 1];
  const list = (l: Lister) => withClient(ctx.env, context ?? ctx.context, (c) => l(c)).catch(() => [] as string[]);
  if (rest.length === 0) {
    if (prev === '-c' || prev === '--context') return list(machines);
    if (cur.startsWith('-')) return globals.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]);
    return topLevel();
  }
  let path = rest[0];
  if (GROUPS.has(rest[0])) {
    const sub = rest.slice(1).find((w) => !w.startsWith('-'));
    if (!sub) return subcommands(rest[0]);
    path = `${rest[0]} ${sub}`;
  }
  const def = COMMANDS.get(canonicalPath(path));
  if (!def) return [];
  const specs = flagSpecsOf(def);
  const prevSpec = prev?.startsWith('-') ? specs.find((f) => `--${f.long}` === prev || `-${f.short}` === prev) : undefined;
  if (prevSpec && prevSpec.type !== 'bool') {
    const l = flagLister(prevSpec.long);
    return l ? list(l) : [];
  }
  if (cur.startsWith('-')) return specs.flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]);
  const l = positionalLister(def.path);
  return l ? list(l) : [];
}

export const completionCommands = [completion, hiddenComplete];
