// dockersim daemon: serves the Docker Engine API on unix sockets (one per simulated machine) so
// the real docker CLI, dockerode or any Engine API client drives the simulated swarm.
import type { CommandDef } from './command';
import { CliError } from './command';
import { ApiDaemon } from '../api/daemon';
import { PublishedPorts } from '../web/published';

const daemon: CommandDef = {
  path: 'daemon',
  args: 'none',
  usage: 'docker daemon [OPTIONS]',
  flags: [
    { long: 'host', short: 'H', type: 'list' },
    { long: 'tcp', type: 'string' },
    { long: 'log-level', short: 'l', type: 'string' },
    { long: 'publish-host', type: 'string' },
    { long: 'publish-machines', type: 'bool' },
  ],
  help: `Usage:  docker daemon [OPTIONS]

Serve the Docker Engine API of every simulated machine (dockersim only)

One unix socket per machine at $DOCKERSIM_HOME/run/<machine>.sock (mode
0600), and a docker context per machine in the docker CLI's config directory
($DOCKER_CONFIG or ~/.docker), so that

  DOCKER_HOST=unix://$DOCKERSIM_HOME/run/docker.sock docker service ls
  docker --context worker01 info

reach the simulated engines. Machines created while the daemon runs get a
socket within a second. SIGINT/SIGTERM stop it cleanly: requests in flight
are answered, then the sockets are removed.

Options:
  -H, --host list          Also serve the current context's machine here:
                           unix:///path/to.sock or tcp://HOST:PORT
  -l, --log-level string   "info" (default) or "debug" (one line per request,
                           on stderr)
      --publish-host string
                           Serve every ingress-published port on this
                           loopback address (default "127.0.0.1"); requests
                           enter the simulation at the manager
      --publish-machines   Also serve them on 127.0.0.<n> per machine
                           (192.168.1.222 → 127.0.0.222), entering there
      --tcp string         Also serve the current context's machine on
                           [HOST:]PORT (127.0.0.1 unless a host is given)
`,
  async run(ctx) {
    const level = ctx.str('log-level') ?? 'info';
    if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new CliError(`invalid --log-level "${level}": use debug or info`, 125);
    const d = new ApiDaemon({
      env: ctx.env,
      hosts: ctx.list('host'),
      tcp: ctx.str('tcp'),
      logLevel: level === 'debug' ? 'debug' : 'info',
      out: (line) => ctx.io.out(line + '\n'),
      err: (line) => ctx.io.err(line + '\n'),
    });
    let signalled: NodeJS.Signals | null = null;
    let signalledAt = 0;
    let wake: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (wake = resolve));
    const onSignal = (sig: NodeJS.Signals) => {
      if (signalled) {
        // conf's exit hook (when-exit) re-sends the first signal to the process right away: that
        // echo is not a second Ctrl-C. A signal that comes later forces the exit.
        if (sig === signalled && Date.now() - signalledAt < 500) return;
        ctx.io.err(`dockersim daemon: ${sig} again, exiting now\n`);
        process.exit(130);
      }
      signalled = sig;
      signalledAt = Date.now();
      wake();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const published = new PublishedPorts(ctx.env, {
      host: ctx.str('publish-host') ?? '127.0.0.1',
      perMachine: ctx.bool('publish-machines'),
      log: (line) => ctx.io.err(`dockersim daemon: ${line}\n`),
    });
    const syncPorts = () => published.sync().catch((e) => ctx.io.err(`dockersim daemon: published ports: ${(e as Error).message}\n`));
    let portTimer: NodeJS.Timeout | undefined;
    try {
      try {
        await d.start();
        await syncPorts();
        portTimer = setInterval(() => void syncPorts(), 1000);
        portTimer.unref?.();
      } catch (e) {
        await d.stop();
        throw new CliError(`dockersim daemon: ${(e as Error).message}`);
      }
      await stopped;
      if (portTimer) clearInterval(portTimer);
      await published.close();
      ctx.io.out(`dockersim daemon: ${signalled}: finishing the requests in flight, then stopping\n`);
      await d.stop();
      ctx.io.out('dockersim daemon: stopped, sockets removed\n');
    } finally {
      // The listeners stay until the process exits: an echo of the signal arriving after the stop
      // would otherwise take the default action and kill the process with a signal status.
      if (!signalled) {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    }
  },
};

export const daemonCommands = [daemon];
