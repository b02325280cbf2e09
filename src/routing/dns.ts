// The embedded DNS server at 127.0.0.11 (swarm-networking.md §7.2; moby daemon/libnetwork
// sandbox.go ResolveName/ResolveIP, network.go addSvcRecords, service_common.go):
// - each network keeps its own records; a sandbox asks its networks in order: swarm overlays,
//   then ingress, then local networks (ByNetworkType), first hit wins;
// - `name.network` is also tried as `name` restricted to network `network`;
// - records: container names (PTR too), a standalone container's short ID, network aliases,
//   `<service>` → VIP (dnsrr: task IPs), `tasks.<service>` → task IPs, service aliases;
// - ingress is a routing-only network: it holds no records at all;
// - answers are shuffled, TTL 600, never authoritative (the resolver never sets AA);
// - unknown names go to the host's resolver (the lab router), which knows a few Internet names.
import type { Service, State } from '../state/schema';
import type { From, RoutingContext } from './context';
import { containersOn, ROUTER_IP, sourceOf, type NetInfo, type Source } from './addressing';
import { serviceBackends } from './ipvs';
import type { Rtt } from './latency';

export const DNS_TTL = 600;
export const EMBEDDED_DNS = '127.0.0.11';

export type DnsAnswer =
  | {
      addrs: string[];
      ttl: number;
      /** The network that answered (embedded DNS), or undefined for external names. */
      network?: string;
      /** Answered by the upstream (host) resolver, not the embedded DNS. */
      external?: boolean;
    }
  | { nxdomain: true };

/** A host on the simulated Internet, reached through the lab router. */
export interface ExternalHost {
  names: string[];
  ip: string;
  ptr?: string;
  /** TTL of DNS answers from the upstream resolver. */
  dnsTtl: number;
  /** Initial TTL of its ICMP replies. */
  initialTtl: number;
  /** Round trip from the lab LAN. */
  rtt: Rtt;
  /** TCP ports it accepts. */
  ports: number[];
}

/** Routers between the lab router and any Internet host (documentation/CGNAT ranges). */
export const ISP_HOPS: { ip: string; rtt: Rtt }[] = [
  { ip: '100.64.0.1', rtt: { min: 4.8, max: 7.9 } },
  { ip: '203.0.113.9', rtt: { min: 8.1, max: 10.6 } },
  { ip: '198.51.100.14', rtt: { min: 9.6, max: 12.2 } },
];

export const EXTERNAL_HOSTS: ExternalHost[] = [
  { names: ['dns.google'], ip: '8.8.8.8', ptr: 'dns.google', dnsTtl: 300, initialTtl: 128, rtt: { min: 11.2, max: 14.9 }, ports: [53, 443] },
  { names: ['one.one.one.one'], ip: '1.1.1.1', ptr: 'one.one.one.one', dnsTtl: 300, initialTtl: 64, rtt: { min: 10.4, max: 13.8 }, ports: [53, 80, 443] },
  { names: ['google.com', 'www.google.com'], ip: '142.250.70.238', ptr: 'syd09s25-in-f14.1e100.net', dnsTtl: 300, initialTtl: 128, rtt: { min: 11.8, max: 15.6 }, ports: [80, 443] },
  { names: ['example.com', 'www.example.com'], ip: '93.184.215.14', dnsTtl: 3600, initialTtl: 64, rtt: { min: 151.2, max: 158.9 }, ports: [80, 443] },
  { names: ['docker.com', 'www.docker.com'], ip: '141.193.213.20', dnsTtl: 300, initialTtl: 64, rtt: { min: 12.6, max: 16.4 }, ports: [80, 443] },
  { names: ['registry-1.docker.io'], ip: '54.236.113.205', ptr: 'ec2-54-236-113-205.compute-1.amazonaws.com', dnsTtl: 60, initialTtl: 64, rtt: { min: 214.5, max: 221.7 }, ports: [443] },
  { names: ['github.com'], ip: '20.248.137.48', dnsTtl: 60, initialTtl: 64, rtt: { min: 13.1, max: 17.2 }, ports: [22, 80, 443] },
];

export function externalByName(name: string): ExternalHost | undefined {
  const n = name.toLowerCase().replace(/\.$/, '');
  return EXTERNAL_HOSTS.find((h) => h.names.includes(n));
}

export function externalByIp(ip: string): ExternalHost | undefined {
  return EXTERNAL_HOSTS.find((h) => h.ip === ip);
}

/** The resolver a namespace uses: the embedded DNS when it is on a user-defined network. */
export function resolverOf(src: Source): { server: string; embedded: boolean } {
  const embedded = !src.host && src.ifaces.some((i) => i.net.kind === 'overlay' || i.net.kind === 'ingress' || i.net.kind === 'bridge');
  return embedded ? { server: EMBEDDED_DNS, embedded: true } : { server: ROUTER_IP, embedded: false };
}

/** Sandbox endpoint order for name resolution: overlays, then ingress, then local (stable). */
function resolutionOrder(src: Source): NetInfo[] {
  const rank = (n: NetInfo) => (n.kind === 'overlay' ? 0 : n.kind === 'ingress' ? 1 : 2);
  const nets = src.ifaces.map((i) => i.net).filter((n) => n.kind !== 'gwbridge');
  return nets.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i).map((x) => x.n);
}

function serviceAliases(svc: Service, netId: string): string[] {
  const nets: { Target?: string; Aliases?: string[] }[] = svc.spec.TaskTemplate?.Networks ?? svc.spec.Networks ?? [];
  return nets.filter((n) => n.Target === netId || n.Target === svc.spec.Name).flatMap((n) => n.Aliases ?? []);
}

/** The addresses one network's records hold for `name` (case-insensitive), or undefined. */
function lookupOn(state: State, net: NetInfo, name: string): string[] | undefined {
  if (net.kind === 'ingress' || net.kind === 'gwbridge' || net.kind === 'default-bridge' || net.kind === 'other') return undefined;
  const want = name.toLowerCase();
  const out: string[] = [];
  const add = (ip: string) => {
    if (!out.includes(ip)) out.push(ip);
  };
  for (const x of containersOn(state, net)) {
    const c = x.container;
    const names = [c.name, ...(c.task ? [] : [c.id.slice(0, 12)]), ...(c.nets.find((n) => n.net === net.id)?.aliases ?? [])];
    if (names.some((n) => n.toLowerCase() === want)) add(x.ip);
  }
  if (net.swarm) {
    const tasksQuery = want.startsWith('tasks.');
    const svcName = tasksQuery ? want.slice('tasks.'.length) : want;
    for (const svc of state.swarm?.services ?? []) {
      const names = [svc.spec.Name, ...serviceAliases(svc, net.id)].map((n) => String(n).toLowerCase());
      if (!names.includes(svcName)) continue;
      const backends = serviceBackends(state, svc, net.id);
      if (!backends.length) continue; // the records leave with the last task
      const vip = svc.vips.find((v) => v.net === net.id)?.addr.split('/')[0];
      const dnsrr = svc.spec.EndpointSpec?.Mode === 'dnsrr' || !vip;
      if (tasksQuery || dnsrr) for (const b of backends) add(b.ip);
      else add(vip!);
    }
  }
  return out.length ? out : undefined;
}

/** The embedded DNS's lookup for a sandbox (no shuffle). */
export function lookupEmbedded(state: State, src: Source, name: string): { addrs: string[]; network: string } | undefined {
  name = name.replace(/\.$/, '');
  const order = resolutionOrder(src);
  const tries: [string, string][] = [[name, '']];
  for (let i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1)) tries.push([name.slice(0, i), name.slice(i + 1)]);
  for (const [req, netName] of tries) {
    for (const net of order) {
      if (netName && net.name !== netName) continue;
      const hit = lookupOn(state, net, req);
      if (hit) return { addrs: hit, network: net.name };
    }
  }
  return undefined;
}

/**
 * Resolves `name` (A records) as a process in `from` would through its resolv.conf nameserver:
 * the embedded DNS for containers on user-defined networks, else the host's resolver.
 */
export function resolveName(ctx: RoutingContext, from: From, name: string): DnsAnswer {
  const src = sourceOf(ctx.state, from);
  return resolveFrom(ctx, src, name);
}

export function resolveFrom(ctx: RoutingContext, src: Source, name: string): DnsAnswer {
  const clean = name.replace(/\.$/, '');
  if (!clean) return { nxdomain: true };
  if (resolverOf(src).embedded) {
    const hit = lookupEmbedded(ctx.state, src, clean);
    if (hit) return { addrs: ctx.rng.shuffle(hit.addrs), ttl: DNS_TTL, network: hit.network };
  }
  const ext = externalByName(clean);
  if (ext) return { addrs: [ext.ip], ttl: ext.dnsTtl, external: true };
  return { nxdomain: true };
}

/**
 * PTR lookup: `<container name>.<network name>` for a container address on a user-defined
 * network the asker is on (all swarm overlays when no asker is given); Internet PTRs for the
 * few external hosts that have one.
 */
export function reverse(ctx: RoutingContext, ip: string, from?: From): string | undefined {
  const src = from ? sourceOf(ctx.state, from) : undefined;
  return reverseFrom(ctx, ip, src);
}

export function reverseFrom(ctx: RoutingContext, ip: string, src?: Source): string | undefined {
  const { state } = ctx;
  let nets: NetInfo[];
  if (src) nets = resolverOf(src).embedded ? src.ifaces.map((i) => i.net) : [];
  else nets = (state.swarm?.networks ?? []).filter((n) => !n.ingress).map((n) => ({ id: n.id, name: n.name, kind: 'overlay' as const, internal: n.internal, swarm: n }));
  for (const net of nets) {
    if (net.kind !== 'overlay' && net.kind !== 'bridge') continue;
    const hit = containersOn(state, net).find((x) => x.ip === ip);
    if (hit) return `${hit.container.name}.${net.name}`;
  }
  return externalByIp(ip)?.ptr;
}
