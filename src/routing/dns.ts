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
import type { State } from '../state/schema';
import type { From, RoutingContext } from './context';
import { ROUTER_IP, sourceOf, type NetInfo, type Source } from './addressing';
import { addrOf, indexOf } from './lookup';
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

const EXTERNAL_BY_NAME = new Map<string, ExternalHost>();
const EXTERNAL_BY_IP = new Map<string, ExternalHost>();
for (const h of EXTERNAL_HOSTS) {
  for (const n of h.names) if (!EXTERNAL_BY_NAME.has(n)) EXTERNAL_BY_NAME.set(n, h);
  if (!EXTERNAL_BY_IP.has(h.ip)) EXTERNAL_BY_IP.set(h.ip, h);
}

export function externalByName(name: string): ExternalHost | undefined {
  return EXTERNAL_BY_NAME.get(stripDot(name.toLowerCase()));
}

export function externalByIp(ip: string): ExternalHost | undefined {
  return EXTERNAL_BY_IP.get(ip);
}

/** `name` without one trailing dot (`web.` → `web`). */
function stripDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** The resolver a namespace uses: the embedded DNS when it is on a user-defined network. */
export function resolverOf(src: Source): { server: string; embedded: boolean } {
  if (src.host) return HOST_RESOLVER;
  for (const i of src.ifaces) if (i.net.kind === 'overlay' || i.net.kind === 'ingress' || i.net.kind === 'bridge') return EMBEDDED_RESOLVER;
  return HOST_RESOLVER;
}

const EMBEDDED_RESOLVER: { readonly server: string; readonly embedded: boolean } = Object.freeze({ server: EMBEDDED_DNS, embedded: true });
const HOST_RESOLVER: { readonly server: string; readonly embedded: boolean } = Object.freeze({ server: ROUTER_IP, embedded: false });

/** Sandbox endpoint order for name resolution: overlays, then ingress, then local (stable). */
function resolutionOrder(src: Source): NetInfo[] {
  const rank = (n: NetInfo) => (n.kind === 'overlay' ? 0 : n.kind === 'ingress' ? 1 : 2);
  const nets = src.ifaces.map((i) => i.net).filter((n) => n.kind !== 'gwbridge');
  return nets.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i).map((x) => x.n);
}

/** Memoised answers per network stay small: a name asked once too often does not grow them forever. */
const DNS_MEMO_LIMIT = 4096;

/** The addresses one network's records hold for `name` (case-insensitive), or undefined. Shared: copy before changing. */
function lookupOn(state: State, net: NetInfo, name: string): string[] | undefined {
  if (net.kind === 'ingress' || net.kind === 'gwbridge' || net.kind === 'default-bridge' || net.kind === 'other') return undefined;
  const ix = indexOf(state);
  const bucket = ix.bucket(net);
  const want = name.toLowerCase();
  const memo = bucket.dns.get(want);
  if (memo !== undefined || bucket.dns.has(want)) return memo;
  const out: string[] = [];
  const add = (ip: string) => {
    if (!out.includes(ip)) out.push(ip);
  };
  for (const ip of bucket.recordsOf(want) ?? []) add(ip);
  if (net.swarm) {
    const tasksQuery = want.startsWith('tasks.');
    const svcName = tasksQuery ? want.slice('tasks.'.length) : want;
    for (const svc of ix.servicesNamed(net.id, svcName) ?? []) {
      const backends = ix.backends(svc.id, net.id);
      if (!backends.length) continue; // the records leave with the last task
      const v = svc.vips.find((x) => x.net === net.id);
      const vip = v ? addrOf(v.addr) : undefined;
      const dnsrr = svc.spec.EndpointSpec?.Mode === 'dnsrr' || !vip;
      if (tasksQuery || dnsrr) for (const b of backends) add(b.ip);
      else add(vip!);
    }
  }
  const answer = out.length ? out : undefined;
  if (bucket.dns.size >= DNS_MEMO_LIMIT) bucket.dns.clear();
  bucket.dns.set(want, answer);
  return answer;
}

/** The embedded DNS's lookup for a sandbox (no shuffle; a fresh array the caller may reorder). */
export function lookupEmbedded(state: State, src: Source, name: string): { addrs: string[]; network: string } | undefined {
  const ix = indexOf(state);
  let memo = ix.embedded.get(src);
  if (!memo) ix.embedded.set(src, (memo = new Map()));
  let hit = memo.get(name);
  if (hit === undefined) {
    hit = lookupUncached(state, src, name) ?? null;
    if (memo.size >= DNS_MEMO_LIMIT) memo.clear();
    memo.set(name, hit);
  }
  return hit ? { addrs: hit.addrs.slice(), network: hit.network } : undefined;
}

function lookupUncached(state: State, src: Source, name: string): { addrs: string[]; network: string } | undefined {
  name = stripDot(name);
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
  const clean = stripDot(name);
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
  const ix = indexOf(ctx.state);
  let nets: NetInfo[];
  if (src) nets = resolverOf(src).embedded ? src.ifaces.map((i) => i.net) : [];
  else nets = ix.overlays();
  for (const net of nets) {
    if (net.kind !== 'overlay' && net.kind !== 'bridge') continue;
    const hit = ix.bucket(net).byIp.get(ip);
    if (hit) return `${hit.container.name}.${net.name}`;
  }
  return externalByIp(ip)?.ptr;
}
