// docker network create|ls|inspect|rm|prune (cli/command/network).
import type { Client } from '../client';
import type { CommandDef, CommandContext } from './command';
import { CliError, ExitStatus } from './command';
import { Filters } from '../client/filters';
import { DaemonError } from '../engine/errors';
import { formatRows, formatEach } from '../format/formatter';
import { NETWORK_HEADERS, NETWORK_TABLE, networkRow } from '../format/network';
import { naturalCompare } from '../format/sort';
import { inspectArray } from '../format/json';
import type { IpamConfig } from '../state/schema';
import { ask, collect, daemonMessage, confirm } from './util';

function keyValues(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const i = item.indexOf('=');
    if (i < 0) out[item] = '';
    else out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

function ipamConfigs(ctx: CommandContext): IpamConfig[] {
  const subnets = ctx.list('subnet');
  const ranges = ctx.list('ip-range');
  const gateways = ctx.list('gateway');
  if (subnets.length < ranges.length || subnets.length < gateways.length) {
    throw new CliError('every ip-range or gateway must have a corresponding subnet');
  }
  const configs: IpamConfig[] = subnets.map((s) => ({ Subnet: s }));
  if (subnets.length === 1) {
    if (ranges[0]) configs[0].IPRange = ranges[0];
    if (gateways[0]) configs[0].Gateway = gateways[0];
  } else {
    ranges.forEach((r, i) => (configs[i].IPRange = r));
    gateways.forEach((g, i) => (configs[i].Gateway = g));
  }
  return configs;
}

const create: CommandDef = {
  path: 'network create',
  args: { exact: 1 },
  async run(ctx) {
    const req = {
      Name: ctx.args[0],
      Driver: ctx.str('driver') ?? 'bridge',
      Scope: ctx.str('scope') ?? '',
      Internal: ctx.bool('internal'),
      Attachable: ctx.bool('attachable'),
      Ingress: ctx.bool('ingress'),
      EnableIPv6: ctx.bool('ipv6'),
      IPAM: { Driver: ctx.str('ipam-driver') ?? 'default', Config: ipamConfigs(ctx), Options: keyValues(ctx.list('ipam-opt')) },
      Options: keyValues(ctx.list('opt')),
      Labels: keyValues(ctx.list('label')),
    };
    const res = await ctx.client((c) => c.networkCreate(req));
    ctx.io.out(res.Id + '\n');
  },
};

const ls: CommandDef = {
  path: 'network ls',
  args: 'none',
  async run(ctx) {
    const filters = Filters.parse(ctx.list('filter'));
    const nets = await ctx.client((c) => c.networkList(filters));
    nets.sort((a, b) => naturalCompare(String(a.Name), String(b.Name)));
    const rows = nets.map((n) => networkRow(n, !ctx.bool('no-trunc')));
    ctx.io.out(formatRows({ format: ctx.str('format'), quiet: ctx.bool('quiet'), defaultFormat: NETWORK_TABLE, headers: NETWORK_HEADERS }, rows));
  },
};

const inspect: CommandDef = {
  path: 'network inspect',
  args: { min: 1 },
  async run(ctx) {
    const format = ctx.str('format');
    const { found, errors } = await ctx.client((c) => collect(ctx.args, (ref) => c.networkInspect(ref), (_ref, e) => daemonMessage(e)));
    if (format && format !== 'json') ctx.io.out(formatEach(format, found));
    else if (format === 'json') ctx.io.out(JSON.stringify(found) + '\n');
    else ctx.io.out(inspectArray(found));
    if (errors.length) throw new CliError(errors.join('\n'));
  },
};

const INGRESS_WARNING =
  'WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.';

const rm: CommandDef = {
  path: 'network rm',
  args: { min: 1 },
  async run(ctx) {
    const force = ctx.bool('force');
    let failed = false;
    // network/remove.go: removing the routing mesh asks first; "no" skips that network
    const isIngress = (c: Client, ref: string) => {
      try {
        return !!c.networkInspect(ref).Ingress;
      } catch {
        return false;
      }
    };
    const ingress = await ctx.client((c) => ctx.args.filter((ref) => isIngress(c, ref)));
    const skip = new Set<string>();
    for (const ref of ingress) if (!(await ask(ctx, INGRESS_WARNING))) skip.add(ref);
    await ctx.client((c) => {
      for (const ref of ctx.args.filter((r) => !skip.has(r))) {
        try {
          c.networkRemove(ref);
          ctx.io.out(ref + '\n');
        } catch (e) {
          if (!(e instanceof DaemonError)) throw e;
          if (force && e.status === 404) continue;
          ctx.io.err(daemonMessage(e) + '\n');
          failed = true;
        }
      }
    });
    if (failed) {
      if (await ctx.client((c) => c.profile.networkRmExitStatusLine)) throw new CliError('exit status 1');
      throw new ExitStatus(1);
    }
  },
};

const prune: CommandDef = {
  path: 'network prune',
  args: 'none',
  async run(ctx) {
    const warning = 'WARNING! This will remove all custom networks not used by at least one container.';
    if (!ctx.bool('force') && !(await confirm(ctx, warning))) return;
    const res = await ctx.client((c) => c.networksPrune());
    if (res.NetworksDeleted.length) ctx.io.out('Deleted Networks:\n' + res.NetworksDeleted.map((n) => n + '\n').join('') + '\n');
  },
};

const connect: CommandDef = {
  path: 'network connect',
  args: { exact: 2 },
  async run(ctx) {
    await ctx.client((c) => c.networkConnect(ctx.args[0], ctx.args[1], ctx.list('alias')));
  },
};

const disconnect: CommandDef = {
  path: 'network disconnect',
  args: { exact: 2 },
  async run(ctx) {
    await ctx.client((c) => c.networkDisconnect(ctx.args[0], ctx.args[1]));
  },
};

export const networkCommands = [create, ls, inspect, rm, prune, connect, disconnect];
