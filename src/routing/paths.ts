// Where a packet goes (swarm-networking.md §4, §7, §9): from a sandbox to an address, through
// its own interfaces, the node's lb-<net> (service VIPs), docker_gwbridge and the host, the LAN,
// the routing mesh (DNAT to ingress-sbox → IPVS → a task), host-published ports, and the router.
//
// Rules:
// - same overlay, any node: one L2 hop, TTL 64 (VXLAN is invisible); RTT by node distance;
// - a VIP is an address of the local lb-<net>: ICMP answered there (TTL 64, sub-ms); TCP/UDP go
//   through IPVS rr (`vip:<node>:<vip>`), SNAT to the node's LB address;
// - an address on a connected network that nobody owns: ARP fails → Destination Host Unreachable;
// - docker_gwbridge has ICC off: containers (and ingress-sbox) on it do not reach each other;
// - anything else leaves by the default route (docker_gwbridge or a bridge gateway) to the host,
//   which forwards it (TTL −1, traceroute hop = the gateway); no default route (internal networks,
//   --network none) → Network is unreachable;
// - the host delivers its own addresses (TTL 64, no extra hop), DNATs ingress-published ports to
//   its ingress-sbox (IPVS rr over the service's tasks on ingress, `ingress:<node>:<port>`, SNAT to
//   the sbox's ingress address) and host-published ports to the container; other hosts are one
//   LAN hop away; overlay and foreign-bridge addresses are not routed (silent loss);
// - TCP to a port nothing listens on → RST (connection refused); filtered → timeout.
import type { Machine } from '../state/schema';
import type { Endpoint, From, RoutingContext } from './context';
import { LOOPBACK, ROUTER_IP, RoutingError, ownerOn, sourceOf, type Iface, type Source } from './addressing';
import { ISP_HOPS, externalByIp, reverseFrom } from './dns';
import { hostListens, listens } from './http';
import { ingressKey, pick, vipKey } from './ipvs';
import { LINKS, ZERO, span, type Rtt } from './latency';
import { inNet, indexOf, ipNumber, isUp, machineIndex } from './lookup';

export type Proto = 'icmp' | 'tcp' | 'udp';

export type Failure =
  /** Dropped somewhere: no answer at all (ping: 100% loss; curl: timeout). */
  | 'timeout'
  /** TCP RST / ICMP port unreachable. */
  | 'refused'
  /** ARP for an on-link address got no answer (ping: Destination Host Unreachable). */
  | 'host-unreachable'
  /** No route at all (connect: Network is unreachable). */
  | 'net-unreachable';

export interface Hop {
  ip: string;
  /** PTR name, when the asker's resolver has one. */
  name?: string;
  /** Round trip from the source to this hop. */
  rtt: Rtt;
  /** traceroute annotation (`!H`: host unreachable). */
  note?: '!H';
}

export interface PathResult {
  /** A reply comes back: ICMP echo reply, or a TCP connection is accepted. */
  reachable: boolean;
  failure?: Failure;
  /** traceroute's view: routers that decrement the TTL, then the destination when reachable. */
  hops: Hop[];
  /** TTL of replies as the source sees them (0 when nothing answers). */
  ttl: number;
  /** Round trip to whoever answers (the backend for load-balanced TCP/UDP). */
  rtt: Rtt;
  /** The source address packets leave with. */
  srcIp: string;
  /** Who sends Destination Host Unreachable (host-unreachable only). */
  errorFrom?: string;
  /** Who owns the destination address (before any DNAT / IPVS). */
  target?: Endpoint;
  /** Who answers after DNAT / IPVS (TCP/UDP), or the target itself. */
  backend?: Endpoint;
  /** The port the backend receives on (after DNAT / REDIRECT). */
  backendPort?: number;
  /** The peer address the backend sees (after SNAT / masquerading). */
  clientIp?: string;
  via?: 'local' | 'direct' | 'vip' | 'ingress' | 'host-port' | 'host';
  /** The backend's processes are frozen (docker pause): TCP connects, nothing is ever answered. */
  paused?: boolean;
}

const DEFAULT_TTL = 64;

function fail(failure: Failure, srcIp: string, hops: Hop[] = [], errorFrom?: string): PathResult {
  return { reachable: false, failure, hops, ttl: 0, rtt: ZERO, srcIp, errorFrom };
}

function plus(r: Rtt, extra: Rtt): Rtt {
  return { min: r.min + extra.min, max: r.max + extra.max };
}

/** Shifts a host-relative result to a container behind the host's bridge (one more hop, TTL −1). */
function viaHost(r: PathResult, gw: Hop, srcIp: string, forwarded: boolean): PathResult {
  let hops = r.hops.map((h) => ({ ...h, rtt: plus(h.rtt, LINKS.veth) }));
  let errorFrom = r.errorFrom;
  if (r.failure === 'host-unreachable' && forwarded) {
    // the host answers ARP failures on its side of the bridge
    hops = hops.map((h) => (h.note === '!H' ? { ...h, ip: gw.ip } : h));
    errorFrom = gw.ip;
  }
  return {
    ...r,
    errorFrom,
    srcIp,
    hops: forwarded ? [gw, ...hops] : hops,
    ttl: r.reachable && r.ttl && forwarded ? r.ttl - 1 : r.ttl,
    rtt: r.reachable || r.failure === 'refused' ? plus(r.rtt, LINKS.veth) : r.rtt,
  };
}

/** The route `from` takes to `toIp` and what answers there. */
export function path(ctx: RoutingContext, from: From, toIp: string, proto: Proto, port?: number): PathResult {
  return pathFrom(ctx, sourceOf(ctx.state, from), toIp, proto, port);
}

export function pathFrom(ctx: RoutingContext, src: Source, toIp: string, proto: Proto, port = 0): PathResult {
  const to = ipNumber(toIp);
  if (to === null) throw new RoutingError(`not an IPv4 address: ${toIp}`);
  if (src.host) return hostRoute(ctx, src.machine, toIp, to, proto, port, { fromContainer: false });
  const ns = src.ns!;
  if (!isUp(ns)) return fail('net-unreachable', '127.0.0.1');
  // 1. this namespace: loopback and its own addresses
  const own = src.ifaces.find((i) => i.ip === toIp);
  if (inNet(LOOPBACK, to) || own) {
    const self: Endpoint = { kind: 'container', machine: src.machine.name, ip: toIp, container: ns, network: own?.net.name };
    const base = { hops: [{ ip: toIp, rtt: LINKS.loopback }], ttl: DEFAULT_TTL, rtt: LINKS.loopback, srcIp: toIp, target: self, via: 'local' as const };
    if (proto === 'icmp') return { reachable: true, ...base };
    if (!listens(ns, port, proto)) return { ...fail('refused', toIp), target: self };
    return { reachable: true, ...base, backend: self, backendPort: port, clientIp: toIp, paused: ns.state === 'paused' };
  }
  // 2. a connected network (longest prefix; the first interface among equals)
  let onLink: Iface | undefined;
  for (const i of src.ifaces) {
    const p = i.net.prefix;
    if (p && inNet(p, to) && (!onLink || p.bits > onLink.net.prefix!.bits)) onLink = i;
  }
  if (onLink) return connected(ctx, src, onLink, toIp, proto, port);
  // 3. the default route, through the host
  if (!src.defaultGw) return fail('net-unreachable', src.ifaces[0]?.ip ?? '127.0.0.1');
  const srcIp = src.defaultGw.iface.ip;
  const gwHop: Hop = { ip: src.defaultGw.ip, rtt: LINKS.veth };
  const forwarded = machineIndex(src.machine).hostAddress(toIp) === undefined;
  const r = hostRoute(ctx, src.machine, toIp, to, proto, port, { fromContainer: true, bridgeIface: src.defaultGw.iface });
  return viaHost(r, gwHop, srcIp, forwarded);
}

/** Delivery on a network the source is attached to. */
function connected(ctx: RoutingContext, src: Source, iface: Iface, toIp: string, proto: Proto, port: number): PathResult {
  const ix = indexOf(ctx.state);
  const srcIp = iface.ip;
  const owner = ownerOn(ctx, iface.net, toIp, src.machine);
  if (!owner) return fail('host-unreachable', srcIp, [{ ip: srcIp, rtt: { min: 3000, max: 3100 }, note: '!H' }], srcIp);
  if (owner.kind === 'gateway') {
    // the host's own address on this bridge: delivered locally, never forwarded
    const r = hostRoute(ctx, src.machine, toIp, ipNumber(toIp)!, proto, port, { fromContainer: true, bridgeIface: iface });
    return viaHost(r, { ip: toIp, rtt: LINKS.veth }, srcIp, false);
  }
  // docker_gwbridge runs with enable_icc=false: container ↔ container (and ingress-sbox) is dropped
  if (iface.net.kind === 'gwbridge') return fail('timeout', srcIp);
  const sameNode = owner.machine === src.machine.name;
  const link = sameNode ? LINKS.veth : LINKS.overlay;
  const name = owner.name ?? reverseFrom(ctx, toIp, src);
  const hop: Hop = { ip: toIp, name, rtt: owner.kind === 'lb' && owner.service ? LINKS.veth : link };
  const base = { hops: [hop], ttl: DEFAULT_TTL, srcIp, target: owner };
  if (proto === 'icmp') return { reachable: true, ...base, rtt: hop.rtt, via: 'direct' };

  // TCP / UDP
  if (owner.kind === 'lb' && owner.service) {
    const svc = ix.vipService(iface.net.id, toIp);
    const node = src.node;
    if (!svc || !node) return { ...fail('refused', srcIp), target: owner };
    const backends = ix.backends(svc.id, iface.net.id);
    const b = pick(ctx, vipKey(node.id, toIp), backends);
    if (!b) return { ...fail('refused', srcIp), target: owner };
    const backend: Endpoint = { kind: 'container', machine: b.machine.name, ip: b.ip, network: iface.net.name, container: b.container, name: `${b.container.name}.${iface.net.name}` };
    const lbIp = iface.net.swarm?.alloc?.lb[node.id]?.ip ?? srcIp;
    const rtt = span(LINKS.veth, b.machine.name === src.machine.name ? LINKS.veth : LINKS.overlay);
    if (!listens(b.container, port, proto)) return { ...fail('refused', srcIp), rtt, target: owner, backend, backendPort: port, clientIp: lbIp };
    return { reachable: true, ...base, rtt, backend, backendPort: port, clientIp: lbIp, via: 'vip', paused: b.container.state === 'paused' };
  }
  if (owner.kind === 'ingress-sbox') {
    // a published port sent to an ingress-sbox's ingress address still hits its fwmark rules
    const node = ix.readyNode(owner.machine);
    const m = ix.machine(owner.machine);
    const r = node && m ? mesh(ctx, m, node.id, port, proto) : undefined;
    if (r) return { ...r, srcIp, target: owner, hops: [hop], ttl: DEFAULT_TTL, rtt: plus(r.rtt, link) };
    return { ...fail('refused', srcIp), target: owner };
  }
  if (owner.kind !== 'container' || !owner.container) return { ...fail('refused', srcIp), target: owner };
  const c = owner.container;
  if (iface.net.kind === 'ingress') {
    // only published target ports are accepted on a task's ingress address; the rest is dropped
    const task = c.task === undefined ? undefined : ix.task(c.task);
    const svc = task && ix.service(task.service);
    const allowed = svc?.ports.some((p) => p.PublishMode === 'ingress' && p.TargetPort === port && p.Protocol === proto);
    if (!allowed) return { ...fail('timeout', srcIp), target: owner };
  }
  if (!listens(c, port, proto)) return { ...fail('refused', srcIp), rtt: link, target: owner, backend: owner, backendPort: port, clientIp: srcIp };
  return { reachable: true, ...base, rtt: link, backend: owner, backendPort: port, clientIp: srcIp, via: 'direct', paused: c.state === 'paused' };
}

interface HostOpts {
  /** The packet comes from a container behind this host (forwarded, masqueraded). */
  fromContainer: boolean;
  bridgeIface?: Iface;
}

const PRIVATE = [
  { addr: 0x0a000000, bits: 8 },
  { addr: 0xac100000, bits: 12 },
  { addr: 0xc0a80000, bits: 16 },
  { addr: 0x64400000, bits: 10 },
];
const LAB_LAN = { addr: 0xc0a80100, bits: 24 };

/** A path as seen from `machine`'s own namespace (RTTs and TTLs relative to the host). */
function hostRoute(ctx: RoutingContext, machine: Machine, toIp: string, to: number, proto: Proto, port: number, opts: HostOpts): PathResult {
  const ix = indexOf(ctx.state);
  const mi = machineIndex(machine);
  const hostSrc = opts.bridgeIface?.ip ?? machine.ip;
  // the host's own addresses (and loopback for host processes)
  const own = mi.hostAddress(toIp);
  if (own || (!opts.fromContainer && inNet(LOOPBACK, to))) {
    const kind = toIp === machine.ip || inNet(LOOPBACK, to) ? 'host' : 'gateway';
    const target: Endpoint = { kind, machine: machine.name, ip: toIp, network: own?.network };
    const r = hostDeliver(ctx, machine, machine, target, proto, port, hostSrc);
    return { ...r, hops: r.reachable || proto === 'icmp' ? [{ ip: toIp, rtt: opts.fromContainer ? ZERO : LINKS.loopback }] : [], rtt: r.reachable ? plus(r.rtt, opts.fromContainer ? ZERO : LINKS.loopback) : r.rtt };
  }
  // a container on one of this host's bridges
  for (const info of mi.infosInOrder()) {
    if (!info.prefix || !inNet(info.prefix, to)) continue;
    // from a container behind another bridge: DOCKER-ISOLATION drops it (same bridge is on-link)
    if (opts.fromContainer) return fail('timeout', hostSrc);
    const owner = ownerOn(ctx, info, toIp, machine);
    if (!owner) return fail('host-unreachable', info.gateway ?? machine.ip, [{ ip: info.gateway ?? machine.ip, rtt: { min: 3000, max: 3100 }, note: '!H' }], info.gateway);
    const hop: Hop = { ip: toIp, rtt: LINKS.veth };
    if (proto === 'icmp') return { reachable: true, hops: [hop], ttl: DEFAULT_TTL, rtt: LINKS.veth, srcIp: info.gateway ?? machine.ip, target: owner, via: 'direct' };
    const c = owner.container;
    if (!c || !listens(c, port, proto)) return { ...fail('refused', info.gateway ?? machine.ip), target: owner };
    return { reachable: true, hops: [hop], ttl: DEFAULT_TTL, rtt: LINKS.veth, srcIp: info.gateway ?? machine.ip, target: owner, backend: owner, backendPort: port, clientIp: info.gateway, via: 'direct', paused: c.state === 'paused' };
  }
  // another machine of the lab
  const other = ix.machineByIp(toIp);
  if (other) {
    const target: Endpoint = { kind: 'host', machine: other.name, ip: toIp };
    const r = hostDeliver(ctx, other, machine, target, proto, port, machine.ip);
    const hops = proto === 'icmp' || r.reachable ? [{ ip: toIp, rtt: LINKS.lan }] : [];
    return { ...r, srcIp: hostSrc, hops, rtt: r.reachable || r.failure === 'refused' ? plus(r.rtt, LINKS.lan) : r.rtt };
  }
  const routerHop: Hop = { ip: ROUTER_IP, rtt: LINKS.router };
  if (toIp === ROUTER_IP) {
    const target: Endpoint = { kind: 'router', machine: '', ip: toIp };
    if (proto === 'icmp') return { reachable: true, hops: [routerHop], ttl: DEFAULT_TTL, rtt: LINKS.router, srcIp: hostSrc, target, via: 'host' };
    if (port === 80 || port === 53) return { reachable: true, hops: [routerHop], ttl: DEFAULT_TTL, rtt: LINKS.router, srcIp: hostSrc, target, backend: target, backendPort: port, clientIp: machine.ip, via: 'host' };
    return { ...fail('refused', hostSrc), target };
  }
  const n = to;
  const inPrefixN = (p: { addr: number; bits: number }) => inNet(p, to);
  if (inPrefixN(LAB_LAN)) return fail('host-unreachable', hostSrc, [{ ip: machine.ip, rtt: { min: 3000, max: 3100 }, note: '!H' }], machine.ip);
  // the Internet, through the router and the ISP
  const ispHops: Hop[] = ISP_HOPS.map((h) => ({ ip: h.ip, rtt: h.rtt }));
  if (PRIVATE.some(inPrefixN) || n >= 0xe0000000) return fail('timeout', hostSrc, [routerHop]);
  const ext = externalByIp(toIp);
  if (!ext) return fail('timeout', hostSrc, [routerHop, ...ispHops]);
  const target: Endpoint = { kind: 'external', machine: '', ip: toIp, name: ext.ptr };
  const hops = [routerHop, ...ispHops, { ip: toIp, name: ext.ptr, rtt: ext.rtt }];
  const ttl = ext.initialTtl - (1 + ISP_HOPS.length);
  if (proto === 'icmp') return { reachable: true, hops, ttl, rtt: ext.rtt, srcIp: hostSrc, target, via: 'host' };
  if (!ext.ports.includes(port)) return { ...fail('timeout', hostSrc, hops.slice(0, -1)), target };
  return { reachable: true, hops, ttl, rtt: ext.rtt, srcIp: hostSrc, target, backend: target, backendPort: port, clientIp: machine.ip, via: 'host' };
}

/**
 * What happens to a packet addressed to one of `m`'s own addresses: ICMP is answered by the host;
 * TCP/UDP meets the nat table first (ingress-published ports → routing mesh, host-published
 * ports → the container), then the host's own listeners. RTTs are relative to `m`.
 */
function hostDeliver(ctx: RoutingContext, m: Machine, client: Machine, target: Endpoint, proto: Proto, port: number, srcIp: string): PathResult {
  const base = { ttl: DEFAULT_TTL, srcIp, target, hops: [] as Hop[] };
  if (proto === 'icmp') return { reachable: true, ...base, rtt: ZERO, via: 'host' };
  const node = indexOf(ctx.state).readyNode(m.name);
  if (node) {
    const r = mesh(ctx, m, node.id, port, proto);
    if (r) return { ...r, srcIp, target, ttl: DEFAULT_TTL };
  }
  // host-published ports (docker run -p, service --publish mode=host)
  for (const c of machineIndex(m).publishers(port, proto) ?? []) {
    const p = c.ports.find((x) => x.hostPort === port && x.proto === proto && (x.ip === '0.0.0.0' || x.ip === '' || x.ip === target.ip));
    if (!p) continue;
    const bridged = c.nets.find((a) => m.networks.some((n) => n.id === a.net));
    const ip = c.gw?.ip ?? bridged?.ip ?? target.ip;
    const netName = c.gw ? 'docker_gwbridge' : m.networks.find((n) => n.id === bridged?.net)?.name;
    const gateway = m.networks.find((n) => n.name === netName)?.ipam[0]?.Gateway;
    const backend: Endpoint = { kind: 'container', machine: m.name, ip, network: netName, container: c };
    // remote clients keep their (masqueraded) address; local ones come through the bridge gateway
    const clientIp = client.name === m.name ? gateway ?? m.ip : client.ip;
    if (!listens(c, p.port, proto)) return { ...fail('refused', srcIp), target, backend, backendPort: p.port, clientIp };
    return { reachable: true, ...base, rtt: LINKS.veth, backend, backendPort: p.port, clientIp, via: 'host-port', paused: c.state === 'paused' };
  }
  if (proto === 'tcp' && hostListens(port, node?.role === 'manager', !!node)) {
    return { reachable: true, ...base, rtt: ZERO, backend: target, backendPort: port, clientIp: client.name === m.name ? target.ip : client.ip, via: 'host' };
  }
  return { ...fail('refused', srcIp), target };
}

/**
 * The routing mesh on node `m`: a port published in ingress mode is DNATed to the node's
 * ingress-sbox, whose IPVS picks one of the service's running tasks (round robin per node and
 * port), SNATed to the sbox's ingress address. Undefined when no service publishes the port.
 */
function mesh(ctx: RoutingContext, m: Machine, nodeId: string, port: number, proto: Proto): PathResult | undefined {
  const ix = indexOf(ctx.state);
  const hit = ix.ingressPort(port, proto);
  const ingress = ix.ingress();
  if (!hit || !ingress) return undefined;
  const sboxIp = ingress.alloc?.lb[nodeId]?.ip;
  const target: Endpoint = { kind: 'ingress-sbox', machine: m.name, ip: sboxIp ?? '', network: 'ingress' };
  const backends = ix.backends(hit.service.id, ingress.id);
  const b = pick(ctx, ingressKey(nodeId, port, proto), backends);
  if (!b) return { ...fail('refused', m.ip), target };
  const backend: Endpoint = { kind: 'container', machine: b.machine.name, ip: b.ip, network: 'ingress', container: b.container };
  const rtt = span(LINKS.veth, b.machine.name === m.name ? LINKS.veth : LINKS.overlay);
  const targetPort = hit.port.TargetPort;
  if (!listens(b.container, targetPort, proto)) return { ...fail('refused', m.ip), target, backend, backendPort: targetPort, clientIp: sboxIp };
  return { reachable: true, hops: [], ttl: DEFAULT_TTL, rtt, srcIp: m.ip, target, backend, backendPort: targetPort, clientIp: sboxIp, via: 'ingress', paused: b.container.state === 'paused' };
}

