// Every command dockersim knows, by canonical docker path, plus docker's aliases (from its help).
import type { CommandDef } from './command';
import { helpIndex } from './command';
import { networkCommands } from './network';
import { swarmCommands } from './swarm';
import { nodeCommands } from './node';
import { machineCommands, machineAliases, machineGroupHelp } from './machine';
import { contextCommands } from './context';
import { systemCommands } from './system';
import { serviceCommands } from './service';
import { containerCommands } from './container';
import { imageCommands } from './image';
import { completionCommands } from './completion';
import { labCommands, labGroupHelp } from './lab';
import { execCommands } from './exec';
import { traceCommands } from './trace';

const ALL: CommandDef[] = [...networkCommands, ...swarmCommands, ...nodeCommands, ...machineCommands, ...contextCommands, ...systemCommands, ...serviceCommands, ...containerCommands, ...imageCommands, ...completionCommands, ...labCommands, ...execCommands, ...traceCommands];

export const COMMANDS = new Map(ALL.map((c) => [c.path, c]));

/** Groups with subcommands: docker's management commands, and dockersim's own. */
export const GROUPS = new Set(['builder', 'checkpoint', 'config', 'container', 'context', 'image', 'manifest', 'network', 'node', 'plugin', 'secret', 'service', 'stack', 'swarm', 'system', 'trust', 'volume', 'machine', 'lab']);

/** Help of groups that docker does not have. */
export const GROUP_HELP: Record<string, string> = { machine: machineGroupHelp, lab: labGroupHelp };

let aliases: Map<string, string> | undefined;

/** `ps` → `container ls`, `network list` → `network ls`, … */
export function canonicalPath(path: string): string {
  if (!aliases) {
    aliases = new Map(Object.entries(machineAliases));
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
