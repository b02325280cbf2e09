// GET|HEAD /_ping, GET /version, GET /info (moby api/server/router/system).
import type { Client } from '../../client';
import { infoView, versionView } from '../../engine/views/system';
import { route, ok, type Route } from '../router';

/** `Swarm:` of the ping answer: inactive, active/manager or active/worker. */
export function swarmHeader(c: Client): string {
  const node = c.daemon.node();
  if (!node) return 'inactive';
  return `active/${node.role}`;
}

/** Container and image counts of `docker info` (moby daemon/info.go). */
export function engineCounts(c: Client): { containers: { total: number; running: number; paused: number; stopped: number }; images: number } {
  const cs = c.machine.containers;
  const running = cs.filter((x) => x.state === 'running').length;
  const paused = cs.filter((x) => x.state === 'paused').length;
  return { containers: { total: cs.length, running, paused, stopped: cs.length - running - paused }, images: c.machine.images.length };
}

export const systemRoutes: Route[] = [
  route('GET', '/_ping', async (req, ctx) => {
    const { apiVersion, swarm } = await ctx.call((c) => ({ apiVersion: c.profile.apiVersion, swarm: swarmHeader(c) }));
    const headers = {
      'Api-Version': apiVersion,
      'Cache-Control': 'no-cache, no-store, must-revalidate',
      Pragma: 'no-cache',
      Swarm: swarm,
      'Content-Type': 'text/plain; charset=utf-8',
    };
    return { status: 200, text: req.method === 'HEAD' ? '' : 'OK', headers };
  }),
  route('GET', '/version', async (_req, ctx) => ok(await ctx.call((c) => versionView(c.daemon)))),
  route('GET', '/info', async (_req, ctx) =>
    ok(
      await ctx.call((c) => {
        const n = engineCounts(c);
        return infoView(c.daemon, n.containers, n.images);
      }),
    ),
  ),
];
