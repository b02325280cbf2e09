// dockersim trace --from MACHINE[/CONTAINER] TARGET: how one connection crosses the simulated
// network (the routing mesh, IPVS, VXLAN, redirects) — what the seed tutorial explains in prose.
import type { CommandDef } from './command';
import { CliError } from './command';
import { parseTarget, trace } from '../routing/trace';
import { RoutingError } from '../routing/addressing';

const traceCommand: CommandDef = {
  path: 'trace',
  args: { exact: 1 },
  usage: 'docker trace [OPTIONS] TARGET',
  flags: [{ long: 'from', type: 'string' }],
  help: `Usage:  docker trace [OPTIONS] TARGET

Show how a TCP connection to TARGET (http://HOST:PORT, HOST:PORT or HOST)
crosses the simulated network: DNAT, IPVS picks, VXLAN hops, redirects and
who answers (dockersim only; it does not move any round-robin pointer)

Options:
      --from string   Where the connection starts: MACHINE or
                      MACHINE/CONTAINER (default: the current context)
`,
  async run(ctx) {
    const target = parseTarget(ctx.args[0]);
    if (!target) throw new CliError(`invalid target "${ctx.args[0]}": use http://HOST:PORT, HOST:PORT or HOST`);
    const lines = await ctx.client((c) => {
      const spec = ctx.str('from') ?? c.machine.name;
      const [machine, container] = spec.split('/');
      try {
        return trace(c.routing(), { machine, container }, target);
      } catch (e) {
        if (e instanceof RoutingError) throw new CliError(`dockersim: ${e.message}`);
        throw e;
      }
    });
    ctx.io.out(lines.map((l) => l + '\n').join(''));
  },
};

export const traceCommands = [traceCommand];
