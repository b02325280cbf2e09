// /swarm and /nodes (moby api/server/router/swarm): init, join, leave, inspect, token rotation;
// node list, inspect, update, remove.
import { DaemonError, badRequest } from '../../engine/errors';
import type { NodeSpecUpdate } from '../../engine/nodes';
import { parseFilters } from '../filters';
import { boolParam, route, ok, type ApiRequest, type Route } from '../router';

type Json = Record<string, any>;

function availability(v: unknown): 'active' | 'pause' | 'drain' | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const s = String(v).toLowerCase();
  if (s === 'active' || s === 'pause' || s === 'drain') return s;
  throw badRequest(`invalid availability: ${String(v)}`);
}

function checkVersion(req: ApiRequest, current: number): void {
  const v = req.query.get('version');
  if (v === null || v === '') return;
  if (!/^\d+$/.test(v)) throw badRequest(`invalid version: ${v}`);
  if (Number(v) !== current) throw new DaemonError('rpc error: code = Unknown desc = update out of sequence', 500);
}

export const swarmRoutes: Route[] = [
  route('GET', '/swarm', async (_req, ctx) => ok(await ctx.call((c) => c.swarmInspect()))),
  // dockersim keeps no secrets or configs; `docker stack rm` asks for a stack's (a manager's list)
  ...['/secrets', '/configs'].map((path) =>
    route('GET', path, async (req, ctx) => {
      parseFilters(req.query.get('filters')).validate(['id', 'label', 'name', 'names']);
      return ok(await ctx.call((c) => (c.daemon.manager(), [])));
    }),
  ),
  route('POST', '/swarm/init', async (req, ctx) => {
    const b = req.json<Json>() ?? {};
    const id = await ctx.call((c) => c.swarmInit({ AdvertiseAddr: b.AdvertiseAddr || undefined, Availability: availability(b.Availability), DefaultAddrPool: Array.isArray(b.DefaultAddrPool) ? b.DefaultAddrPool.map(String) : undefined, SubnetSize: Number(b.SubnetSize) || undefined }));
    return ok(id);
  }),
  route('POST', '/swarm/join', async (req, ctx) => {
    const b = req.json<Json>() ?? {};
    await ctx.call((c) =>
      c.swarmJoin({
        RemoteAddrs: Array.isArray(b.RemoteAddrs) ? b.RemoteAddrs : [],
        JoinToken: b.JoinToken ?? '',
        AdvertiseAddr: b.AdvertiseAddr || undefined,
        Availability: availability(b.Availability),
      }),
    );
    return ok();
  }),
  route('POST', '/swarm/leave', async (req, ctx) => {
    await ctx.call((c) => c.swarmLeave(boolParam(req.query, 'force')));
    return ok();
  }),
  // Only the token rotations of `docker swarm join-token --rotate` are simulated; the spec in the
  // body (raft, dispatcher, CA settings) is accepted and kept as the engine has it.
  route('POST', '/swarm/update', async (req, ctx) => {
    await ctx.call((c) => {
      const swarm = c.swarmInspect();
      checkVersion(req, swarm.Version?.Index);
      if (boolParam(req.query, 'rotateWorkerToken')) c.swarmRotateToken('worker');
      if (boolParam(req.query, 'rotateManagerToken')) c.swarmRotateToken('manager');
    });
    return ok();
  }),
  route('GET', '/nodes', async (req, ctx) => {
    const filters = parseFilters(req.query.get('filters'));
    return ok(await ctx.call((c) => c.nodeList(filters)));
  }),
  route('GET', '/nodes/:id', async (req, ctx) => ok(await ctx.call((c) => c.nodeInspect(req.params.id)))),
  route('POST', '/nodes/:id/update', async (req, ctx) => {
    const b = req.json<Json>() ?? {};
    await ctx.call((c) => {
      const node = c.nodeInspect(req.params.id);
      checkVersion(req, node.Version?.Index);
      const spec: NodeSpecUpdate = {};
      if (b.Role) {
        if (b.Role !== 'manager' && b.Role !== 'worker') throw badRequest(`invalid role: ${b.Role}`);
        spec.Role = b.Role;
      }
      spec.Availability = availability(b.Availability);
      if (b.Labels && typeof b.Labels === 'object') spec.Labels = { ...b.Labels };
      else spec.Labels = {};
      c.nodeUpdate(node.ID, spec);
    });
    return ok();
  }),
  route('DELETE', '/nodes/:id', async (req, ctx) => {
    await ctx.call((c) => c.nodeRemove(req.params.id, boolParam(req.query, 'force')));
    return ok();
  }),
];
