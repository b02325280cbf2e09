// A container's processes as the daemon runs them, for the CLI and the API alike: the view its
// shell gets (image files + own changes, interfaces, resolver, network tools answered by the
// routing core), its main process's argv, and what that process does when nobody is attached.
import type { Client } from './index';
import type { Container } from '../state/schema';
import { sandboxOf } from '../engine/sandbox';
import { catalogImage, parseRef } from '../engine/images';
import type { ContainerView } from '../shell/types';
import { execArgv } from '../shell';
import { mainArgv } from '../engine/containers';
import { TOOLS, runTool } from '../routing/tools';

/** The container as its shell sees it: image files + own changes, its interfaces, hosts, resolver. */
export function containerView(c: Client, ctr: Container): ContainerView {
  const ref = parseRef(ctr.image);
  const image = ref ? catalogImage(ref.repository) : undefined;
  const sb = sandboxOf(c.daemon, c.machine, ctr);
  return {
    id: ctr.id,
    hostname: ctr.hostname,
    image: {
      distro: image?.distro ?? 'scratch',
      shell: image?.shell ?? null,
      binaries: image?.binaries ?? [],
      packages: image?.packages,
      rootDirs: image?.rootDirs ?? [],
      files: image?.files ?? {},
    },
    changes: { ...ctr.fs },
    installed: [...ctr.installed],
    env: ctr.env,
    workdir: ctr.workdir || '/',
    interfaces: sb.interfaces,
    defaultGateway: sb.defaultGateway,
    etcHosts: sb.etcHosts,
    resolvConf: sb.resolvConf,
    net: netTools(c, ctr),
  };
}

/** ping, curl, traceroute, nslookup… answered by the routing core from this container. */
function netTools(c: Client, ctr: Container): ContainerView['net'] {
  const ctx = c.routing();
  const from = { machine: c.machine.name, container: ctr };
  return Object.fromEntries(Object.keys(TOOLS).map((name) => [name, (args: string[], io: { stdin: string }) => runTool(ctx, name, from, args, io.stdin)]));
}

/** Main processes that keep running until stopped (servers, sleep): `docker run` returns at once. */
export function longRunning(ctr: Container, view: ContainerView): boolean {
  const argv = mainArgv(ctr);
  const first = (argv[0] ?? '').split('/').pop() ?? '';
  if (['sleep', 'nginx', 'httpd', 'httpd-foreground', 'redis-server', 'docker-entrypoint.sh', 'whoami', 'npm', 'node'].includes(first)) return true;
  if (first === 'tail' && argv.includes('-f')) return true;
  return view.image.shell === null && !argv.length;
}

const SHELLS = new Set(['sh', 'ash', 'bash', 'dash', 'zsh']);

/**
 * A container started with nobody attached (`run -d`, `start`): its main process runs now.
 * Servers, `sleep`, and a bare shell kept open by -i or -t keep it up, and so does a command that
 * would run on (a loop, `ping` without -c: stopped by the runaway limit here); anything else runs
 * to its end — its output into the log, the container exits with its status (`run -d alpine echo
 * hi`, `run -d ubuntu`).
 */
export async function settleDetached(c: Client, id: string): Promise<void> {
  const ctr = c.container(id);
  if (ctr.state !== 'running') return;
  const view = containerView(c, ctr);
  if (longRunning(ctr, view)) return;
  const argv = mainArgv(ctr);
  const first = (argv[0] ?? '').split('/').pop()!;
  if (argv.length === 1 && SHELLS.has(first) && (ctr.openStdin || ctr.tty)) return;
  // ping runs until stopped unless given a count (attached, the simulation shows four replies)
  if (first === 'ping' && !argv.some((a) => a.startsWith('-c'))) return;
  // a loop shows itself in well under a second; the CLI should not sit out the full limit
  const r = await execArgv(view, argv, { stdin: '', tty: ctr.tty, timeLimitMs: 500 });
  c.saveContainerChanges(id, r);
  if (r.limited) {
    c.containerOutput(id, r.stdout, '');
    return;
  }
  c.containerOutput(id, r.stdout, r.stderr);
  c.containerExited(id, r.exitCode);
  if (ctr.autoRemove) c.containerRemove(id, true);
}
