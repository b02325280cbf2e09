// Who owns which address, seen from one sandbox: the source's interfaces and default route, the
// networks they are on, and the owner of an address on a network (container, node LB endpoint,
// ingress sandbox, bridge gateway). Addresses are only meaningful per network: every node has its
// own 172.17/16 and 172.18/16, while overlay addresses are cluster-wide (swarm-networking.md §1–§4).
import type { Container, LocalNetwork, Machine, State, SwarmNetwork, SwarmNode } from '../state/schema';
import type { Prefix } from '../engine/ip';
import type { Endpoint, From, RoutingContext } from './context';
import { indexOf, inNet, ipNumber, isUp, machineIndex, swarmInfo, type Attached, type Iface, type NetInfo } from './lookup';

export type { NetKind, NetInfo, Iface } from './lookup';
export { isUp } from './lookup';

/** The namespace a command runs in. */
export interface Source {
  machine: Machine;
  node?: SwarmNode;
  /** The container the command runs in (undefined: the host). */
  container?: Container;
  /** The container whose network namespace is used (differs for `--network container:X`). */
  ns?: Container;
  /** True when the namespace is the host's (no container, or `--network host`). */
  host: boolean;
  ifaces: Iface[];
  /** Default route (container sources): the first non-internal bridge gateway, else docker_gwbridge's. */
  defaultGw?: { ip: string; iface: Iface };
}

export class RoutingError extends Error {}

export const LOOPBACK: Prefix = { addr: 0x7f000000, bits: 8 };
/** The lab LAN's router and upstream DNS server (resolv.conf `ExtServers: [host(192.168.1.1)]`). */
export const ROUTER_IP = '192.168.1.1';

export function ipNum(ip: string): number | null {
  return ipNumber(ip);
}

export function isIp(s: string): boolean {
  return ipNumber(s) !== null;
}

export function inPrefix(ip: string, p: Prefix | undefined): boolean {
  if (!p) return false;
  const n = ipNumber(ip);
  return n !== null && inNet(p, n);
}

export function machineByName(state: State, name: string): Machine | undefined {
  return indexOf(state).machine(name);
}

export function readyNode(state: State, machine: string): SwarmNode | undefined {
  return indexOf(state).readyNode(machine);
}

export function machineOfNode(state: State, nodeId: string): Machine | undefined {
  return indexOf(state).machineOfNode(nodeId);
}

export function machineByIp(state: State, ip: string): Machine | undefined {
  return indexOf(state).machineByIp(ip);
}

export function swarmNet(state: State, id: string): SwarmNetwork | undefined {
  return indexOf(state).swarmNet(id);
}

export function ingressNet(state: State): SwarmNetwork | undefined {
  return indexOf(state).ingress();
}

export function localNetInfo(machine: Machine, n: LocalNetwork): NetInfo {
  return machineIndex(machine).info(n);
}

export function swarmNetInfo(n: SwarmNetwork): NetInfo {
  return swarmInfo(n);
}

/** A network ID of a container endpoint, as its machine sees it. */
export function netInfo(state: State, machine: Machine, id: string): NetInfo | undefined {
  const mi = machineIndex(machine);
  const local = mi.localNet(id);
  if (local) return mi.info(local);
  const sw = indexOf(state).swarmNet(id);
  return sw ? swarmInfo(sw) : undefined;
}

export function gwbridgeOf(machine: Machine): LocalNetwork | undefined {
  return machineIndex(machine).gwbridge();
}

export function findContainer(machine: Machine, ref: string): Container | undefined {
  return machineIndex(machine).findContainer(ref);
}

/** A container's interfaces (overlay / bridge endpoints, then docker_gwbridge). */
export function ifacesOf(state: State, machine: Machine, c: Container): Iface[] {
  const out: Iface[] = [];
  for (const n of c.nets) {
    const net = netInfo(state, machine, n.net);
    if (net) out.push({ net, ip: n.ip, prefixLen: n.prefixLen });
  }
  if (c.gw) {
    const gw = gwbridgeOf(machine);
    if (gw) out.push({ net: localNetInfo(machine, gw), ip: c.gw.ip, prefixLen: Number(gw.ipam[0]?.Subnet.split('/')[1] ?? 16) });
  }
  return out;
}

/**
 * Resolves `from` to a namespace. Throws RoutingError for an unknown machine or container.
 * Sources are resolved once per state object and container (see lookup.ts): treat them as read-only.
 */
export function sourceOf(state: State, from: From): Source {
  const ix = indexOf(state);
  const machine = ix.machine(from.machine);
  if (!machine) throw new RoutingError(`unknown machine ${from.machine}`);
  if (from.container === undefined) {
    let host = ix.hostSources.get(machine);
    if (!host) ix.hostSources.set(machine, (host = { machine, node: ix.readyNode(machine.name), host: true, ifaces: [] }));
    return host;
  }
  const container = typeof from.container === 'string' ? machineIndex(machine).findContainer(from.container) : from.container;
  if (!container) throw new RoutingError(`unknown container ${String(from.container)} on ${machine.name}`);
  const cached = ix.sources.get(container);
  if (cached && cached.machine === machine) return cached;
  const src = resolveSource(state, machine, container);
  if (!cached) ix.sources.set(container, src);
  return src;
}

function resolveSource(state: State, machine: Machine, container: Container): Source {
  const node = readyNode(state, machine.name);
  const mi = machineIndex(machine);
  let ns = container;
  for (let i = 0; i < 4 && ns.networkMode.startsWith('container:'); i++) {
    const other = mi.findContainer(ns.networkMode.slice('container:'.length));
    if (!other) break;
    ns = other;
  }
  if (ns.networkMode === 'host') return { machine, node, container, ns, host: true, ifaces: [] };
  const ifaces = isUp(ns) ? ifacesOf(state, machine, ns) : [];
  const gwIface =
    ifaces.find((i) => (i.net.kind === 'bridge' || i.net.kind === 'default-bridge') && !i.net.internal && i.net.gateway) ??
    ifaces.find((i) => i.net.kind === 'gwbridge' && i.net.gateway);
  return { machine, node, container, ns, host: false, ifaces, defaultGw: gwIface ? { ip: gwIface.net.gateway!, iface: gwIface } : undefined };
}

/** Addresses the host itself answers on: its LAN address and every local bridge's gateway. */
export function hostAddresses(machine: Machine): { ip: string; network?: string }[] {
  return machineIndex(machine)
    .hostAddressList()
    .map((a) => ({ ...a }));
}

export function isHostAddress(machine: Machine, ip: string): boolean {
  return machineIndex(machine).hostAddress(ip) !== undefined;
}

/** PTR name of a container endpoint, as the embedded DNS of that network answers it (none on ingress/gwbridge/docker0). */
export function ptrName(c: Container, net: NetInfo): string | undefined {
  if (net.kind === 'overlay' || net.kind === 'bridge') return `${c.name}.${net.name}`;
  return undefined;
}

/** Every up container on a network: cluster-wide for swarm networks, the machine's own for local ones. */
export function containersOn(state: State, net: NetInfo): Attached[] {
  return indexOf(state).bucket(net).entries.slice();
}

/**
 * Who answers for `ip` on `net`, seen from `srcMachine` (VIPs are answered by the asker's own
 * node's lb-<net> endpoint). Undefined: nobody (ARP gets no answer).
 */
export function ownerOn(ctx: RoutingContext, net: NetInfo, ip: string, srcMachine: Machine): Endpoint | undefined {
  const ix = indexOf(ctx.state);
  const x = ix.bucket(net).byIp.get(ip);
  if (x) return { kind: 'container', machine: x.machine.name, ip, network: net.name, container: x.container, name: ptrName(x.container, net) };
  if (net.swarm) {
    const m = ix.lbOwner(net.swarm, ip);
    if (m) return { kind: net.kind === 'ingress' ? 'ingress-sbox' : 'lb', machine: m.name, ip, network: net.name };
    const svc = ix.vipService(net.id, ip);
    if (svc) return { kind: 'lb', machine: srcMachine.name, ip, network: net.name, service: svc.spec.Name };
    return undefined;
  }
  if (net.gateway === ip) return { kind: 'gateway', machine: srcMachine.name, ip, network: net.name };
  if (net.kind === 'gwbridge' && net.local) {
    const sbox = machineIndex(srcMachine).sboxAddresses(net.local).has(ip);
    if (sbox && ix.readyNode(srcMachine.name)) return { kind: 'ingress-sbox', machine: srcMachine.name, ip, network: net.name };
  }
  return undefined;
}

/** The source address a namespace uses towards `ip` on a connected network (for ping's `From` lines). */
export function sourceIpFor(src: Source, via?: Iface): string {
  if (via) return via.ip;
  if (src.defaultGw) return src.defaultGw.iface.ip;
  return src.host ? src.machine.ip : '127.0.0.1';
}
