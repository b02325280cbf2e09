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
  route('GET', '/info', async (_req, ctx) => ok(await ctx.call((c) => infoView(c.daemon)))),
];
