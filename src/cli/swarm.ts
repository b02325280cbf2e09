// docker swarm init|join|join-token|leave (cli/command/swarm).
import type { CommandDef, CommandContext } from './command';
import { CliError } from './command';
import type { Client } from '../client';

type Availability = 'active' | 'pause' | 'drain';

function availability(ctx: CommandContext): Availability | undefined {
  if (!ctx.changed('availability')) return undefined;
  const v = (ctx.str('availability') ?? '').toLowerCase();
  if (v === 'active' || v === 'pause' || v === 'drain') return v;
  throw new CliError(`invalid availability ${JSON.stringify(ctx.str('availability'))}, only active, pause and drain are supported`);
}

/** cli's printJoinCommand. */
function joinCommand(c: Client, prog: string, nodeId: string, worker: boolean, manager: boolean): string {
  const node = c.nodeInspect(nodeId) as { ManagerStatus?: { Addr: string } };
  const swarm = c.swarmInspect() as { JoinTokens: { Worker: string; Manager: string } };
  if (!node.ManagerStatus) return '';
  let out = '';
  const addr = node.ManagerStatus.Addr;
  if (worker) out += `To add a worker to this swarm, run the following command:\n\n    ${prog} swarm join --token ${swarm.JoinTokens.Worker} ${addr}\n\n`;
  if (manager) out += `To add a manager to this swarm, run the following command:\n\n    ${prog} swarm join --token ${swarm.JoinTokens.Manager} ${addr}\n\n`;
  return out;
}

const init: CommandDef = {
  path: 'swarm init',
  args: 'none',
  async run(ctx) {
    const req = {
      AdvertiseAddr: ctx.str('advertise-addr'),
      Availability: availability(ctx),
      DefaultAddrPool: ctx.list('default-addr-pool'),
      SubnetSize: ctx.changed('default-addr-pool-mask-length') ? Number(ctx.str('default-addr-pool-mask-length')) : undefined,
    };
    const out = await ctx.client((c) => {
      const nodeId = c.swarmInit(req);
      return (
        `Swarm initialized: current node (${nodeId}) is now a manager.\n\n` +
        joinCommand(c, ctx.prog, nodeId, true, false) +
        `To add a manager to this swarm, run '${ctx.prog} swarm join-token manager' and follow the instructions.\n`
      );
    });
    ctx.io.out(out);
  },
};

const join: CommandDef = {
  path: 'swarm join',
  args: { exact: 1 },
  async run(ctx) {
    const req = {
      RemoteAddrs: [ctx.args[0]],
      JoinToken: ctx.str('token') ?? '',
      AdvertiseAddr: ctx.str('advertise-addr'),
      Availability: availability(ctx),
    };
    const role = await ctx.client((c) => c.swarmJoin(req));
    ctx.io.out(role === 'manager' ? 'This node joined a swarm as a manager.\n' : 'This node joined a swarm as a worker.\n');
  },
};

const joinToken: CommandDef = {
  path: 'swarm join-token',
  args: { exact: 1 },
  async run(ctx) {
    const role = ctx.args[0];
    const worker = role === 'worker';
    const manager = role === 'manager';
    if (!worker && !manager) throw new CliError(`unknown role ${role}`);
    const out = await ctx.client((c) => {
      let text = '';
      if (ctx.bool('rotate')) {
        c.swarmRotateToken(role);
        if (!ctx.bool('quiet')) text += `Successfully rotated ${role} join token.\n\n`;
      }
      const swarm = c.swarmInspect() as { JoinTokens: { Worker: string; Manager: string } };
      if (ctx.bool('quiet')) return text + (worker ? swarm.JoinTokens.Worker : swarm.JoinTokens.Manager) + '\n';
      return text + joinCommand(c, ctx.prog, c.selfNodeId(), worker, manager);
    });
    ctx.io.out(out);
  },
};

const leave: CommandDef = {
  path: 'swarm leave',
  args: 'none',
  async run(ctx) {
    await ctx.client((c) => c.swarmLeave(ctx.bool('force')));
    ctx.io.out('Node left the swarm.\n');
  },
};

export const swarmCommands = [init, join, joinToken, leave];
