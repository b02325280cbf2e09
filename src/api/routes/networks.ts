// /networks: list, create, inspect, remove, prune, connect, disconnect (moby api/server/router/network).
import type { IpamConfig } from '../../state/schema';
import type { NetworkCreateRequest } from '../../engine/networks';
import { parseFilters } from '../filters';
import { route, ok, noContent, type Route } from '../router';

type Json = Record<string, any>;

function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v as Json)) out[k] = String(x ?? '');
  return out;
}

/** The create body as the docker CLI sends it → the engine's request. */
export function networkCreateRequest(b: Json): NetworkCreateRequest {
  const configs: IpamConfig[] = (b.IPAM?.Config ?? []).map((c: Json) => {
    const out: IpamConfig = { Subnet: c.Subnet ?? '' };
    if (c.IPRange) out.IPRange = c.IPRange;
    if (c.Gateway) out.Gateway = c.Gateway;
    return out;
  });
  return {
    Name: b.Name ?? '',
    Driver: b.Driver || 'bridge',
    Scope: b.Scope ?? '',
    Internal: !!b.Internal,
    Attachable: !!b.Attachable,
    Ingress: !!b.Ingress,
    EnableIPv6: !!b.EnableIPv6,
    IPAM: { Driver: b.IPAM?.Driver || 'default', Config: configs, Options: strMap(b.IPAM?.Options) },
    Options: strMap(b.Options),
    Labels: strMap(b.Labels),
  };
}

export const networkRoutes: Route[] = [
  route('GET', '/networks', async (req, ctx) => {
    const filters = parseFilters(req.query.get('filters'));
    return ok(await ctx.call((c) => c.networkList(filters)));
  }),
  route('POST', '/networks/create', async (req, ctx) => {
    const body = req.json<Json>() ?? {};
    const res = await ctx.call((c) => c.networkCreate(networkCreateRequest(body)));
    return ok({ Id: res.Id, Warning: res.Warning ?? '' }, 201);
  }),
  route('POST', '/networks/prune', async (req, ctx) => {
    parseFilters(req.query.get('filters')).validate(['until', 'label', 'label!']);
    return ok(await ctx.call((c) => c.networksPrune()));
  }),
  route('GET', '/networks/:id', async (req, ctx) => {
    const scope = req.query.get('scope') ?? '';
    const id = req.params.id;
    return ok(await ctx.call((c) => c.networkInspect(id, scope)));
  }),
  route('DELETE', '/networks/:id', async (req, ctx) => {
    await ctx.call((c) => c.networkRemove(req.params.id));
    return noContent();
  }),
  route('POST', '/networks/:id/connect', async (req, ctx) => {
    const b = req.json<Json>() ?? {};
    await ctx.call((c) => c.networkConnect(req.params.id, String(b.Container ?? ''), b.EndpointConfig?.Aliases ?? []));
    return ok();
  }),
  route('POST', '/networks/:id/disconnect', async (req, ctx) => {
    const b = req.json<Json>() ?? {};
    await ctx.call((c) => c.networkDisconnect(req.params.id, String(b.Container ?? '')));
    return ok();
  }),
];
