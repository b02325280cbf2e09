// docker node ls|inspect|update|promote|demote|rm (cli/command/node).
import type { CommandDef } from './command';
import { CliError } from './command';
import { Filters } from '../client/filters';
import { DaemonError } from '../engine/errors';
import { formatRows, formatEach } from '../format/formatter';
import { NODE_HEADERS, NODE_PRETTY, NODE_TABLE, nodePrettyContext, nodeRow } from '../format/node';
import { naturalCompare } from '../format/sort';
import { inspectArray } from '../format/json';
import { collect, daemonMessage, forEachRef } from './util';

const ls: CommandDef = {
  path: 'node ls',
  args: 'none',
  async run(ctx) {
    const filters = Filters.parse(ctx.list('filter'));
    const { nodes, self } = await ctx.client((c) => ({ nodes: c.nodeList(filters), self: c.selfNodeId() }));
    const rows = nodes.map((n) => nodeRow(n, self)).sort((a, b) => naturalCompare(a.Hostname, b.Hostname));
    ctx.io.out(formatRows({ format: ctx.str('format'), quiet: ctx.bool('quiet'), defaultFormat: NODE_TABLE, headers: NODE_HEADERS }, rows));
  },
};

const inspect: CommandDef = {
  path: 'node inspect',
  args: { min: 1 },
  async run(ctx) {
    const pretty = ctx.bool('pretty');
    const format = ctx.str('format');
    if (pretty && format) throw new CliError('--format is incompatible with human friendly format');
    const { found, errors } = await ctx.client((c) => collect(ctx.args, (ref) => c.nodeInspect(ref), (_ref, e) => daemonMessage(e)));
    if (pretty) ctx.io.out(found.length ? formatEach(NODE_PRETTY, found.map(nodePrettyContext), 1) : '');
    else if (format === 'json') ctx.io.out(JSON.stringify(found) + '\n');
    else if (format) ctx.io.out(formatEach(format, found, 1));
    else ctx.io.out(inspectArray(found, true));
    if (errors.length) throw new CliError(errors.join('\n'));
  },
};

const update: CommandDef = {
  path: 'node update',
  args: { exact: 1 },
  async run(ctx) {
    const ref = ctx.args[0];
    const avail = ctx.str('availability');
    const role = ctx.str('role');
    if (avail !== undefined && !['active', 'pause', 'drain'].includes(avail.toLowerCase())) {
      throw new CliError(`invalid availability ${JSON.stringify(avail)}, only active, pause and drain are supported`);
    }
    if (role !== undefined && !['worker', 'manager'].includes(role.toLowerCase())) {
      throw new CliError(`invalid role ${JSON.stringify(role)}, only worker and manager are supported`);
    }
    await ctx.client((c) => {
      const node = c.nodeInspect(ref) as { Spec: { Labels: Record<string, string> } };
      const labels = { ...node.Spec.Labels };
      for (const l of ctx.list('label-add')) {
        const i = l.indexOf('=');
        labels[i < 0 ? l : l.slice(0, i)] = i < 0 ? '' : l.slice(i + 1);
      }
      for (const k of ctx.list('label-rm')) {
        if (!(k in labels)) throw new CliError(`key ${k} doesn't exist in node's labels`);
        delete labels[k];
      }
      c.nodeUpdate(ref, {
        Availability: avail?.toLowerCase() as 'active' | 'pause' | 'drain' | undefined,
        Role: role?.toLowerCase() as 'worker' | 'manager' | undefined,
        Labels: labels,
      });
    });
    ctx.io.out(ref + '\n');
  },
};

function roleChange(path: string, role: 'manager' | 'worker'): CommandDef {
  return {
    path,
    args: { min: 1 },
    async run(ctx) {
      let failed: string | undefined;
      await ctx.client((c) => {
        for (const ref of ctx.args) {
          try {
            const node = c.nodeInspect(ref) as { Spec: { Role: string } };
            if (node.Spec.Role === role) {
              ctx.io.out(role === 'manager' ? `Node ${ref} is already a manager.\n` : `Node ${ref} is already a worker.\n`);
              continue;
            }
            c.nodeUpdate(ref, { Role: role });
            ctx.io.out(role === 'manager' ? `Node ${ref} promoted to a manager in the swarm.\n` : `Manager ${ref} demoted in the swarm.\n`);
          } catch (e) {
            if (!(e instanceof DaemonError)) throw e;
            failed = daemonMessage(e);
            return;
          }
        }
      });
      if (failed) throw new CliError(failed);
    },
  };
}

const rm: CommandDef = {
  path: 'node rm',
  args: { min: 1 },
  run: (ctx) => forEachRef(ctx, (c, ref) => c.nodeRemove(ref, ctx.bool('force'))),
};

export const nodeCommands = [ls, inspect, update, roleChange('node promote', 'manager'), roleChange('node demote', 'worker'), rm];
