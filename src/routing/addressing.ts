// Who owns which address, seen from one sandbox: the source's interfaces and default route, the
// networks they are on, and the owner of an address on a network (container, node LB endpoint,
// ingress sandbox, bridge gateway). Addresses are only meaningful per network: every node has its
// own 172.17/16 and 172.18/16, while overlay addresses are cluster-wide (swarm-networking.md §1–§4).
import type { Container, LocalNetwork, Machine, State, SwarmNetwork, SwarmNode } from '../state/schema';
import { contains, mask, parseAddr, type Prefix } from '../engine/ip';
import type { Endpoint, From, RoutingContext } from './context';

export type NetKind = 'overlay' | 'ingress' | 'bridge' | 'default-bridge' | 'gwbridge' | 'other';

/** A network as one machine sees it. */
export interface NetInfo {
  id: string;
  name: string;
  kind: NetKind;
  internal: boolean;
  prefix?: Prefix;
  gateway?: string;
  swarm?: SwarmNetwork;
  local?: LocalNetwork;
  /** The machine of a local network. */
  machine?: string;
}

export interface Iface {
  net: NetInfo;
  ip: string;
  prefixLen: number;
}

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
  return parseAddr(ip);
}

export function isIp(s: string): boolean {
  return parseAddr(s) !== null;
}

export function inPrefix(ip: string, p: Prefix | undefined): boolean {
  const n = parseAddr(ip);
  return n !== null && !!p && contains(p, n);
}

function prefixOf(cidr: string | undefined): Prefix | undefined {
  if (!cidr) return undefined;
  const [a, b] = cidr.split('/');
  const addr = parseAddr(a);
  if (addr === null) return undefined;
  const bits = Number(b);
  return { addr: (addr & mask(bits)) >>> 0, bits };
}

/** Running containers answer; paused ones keep their endpoints (the kernel still answers ICMP). */
export function isUp(c: Container): boolean {
  return c.state === 'running' || c.state === 'paused';
}

export function machineByName(state: State, name: string): Machine | undefined {
  return state.machines.find((m) => m.name === name);
}

export function readyNode(state: State, machine: string): SwarmNode | undefined {
  return state.swarm?.nodes.find((n) => n.machine === machine && n.status === 'ready');
}

export function machineOfNode(state: State, nodeId: string): Machine | undefined {
  const node = state.swarm?.nodes.find((n) => n.id === nodeId && n.status === 'ready');
  return node ? machineByName(state, node.machine) : undefined;
}

export function machineByIp(state: State, ip: string): Machine | undefined {
  return state.machines.find((m) => m.ip === ip);
}

export function swarmNet(state: State, id: string): SwarmNetwork | undefined {
  return state.swarm?.networks.find((n) => n.id === id);
}

export function ingressNet(state: State): SwarmNetwork | undefined {
  return state.swarm?.networks.find((n) => n.ingress);
}

export function localNetInfo(machine: Machine, n: LocalNetwork): NetInfo {
  const kind: NetKind =
    n.name === 'docker_gwbridge' ? 'gwbridge' : n.name === 'bridge' ? 'default-bridge' : n.driver === 'host' || n.driver === 'null' ? 'other' : 'bridge';
  return { id: n.id, name: n.name, kind, internal: n.internal, prefix: prefixOf(n.ipam[0]?.Subnet), gateway: n.ipam[0]?.Gateway, local: n, machine: machine.name };
}

export function swarmNetInfo(n: SwarmNetwork): NetInfo {
  return {
    id: n.id,
    name: n.name,
    kind: n.ingress ? 'ingress' : 'overlay',
    internal: n.internal,
    prefix: prefixOf(n.alloc?.ipam[0]?.Subnet),
    swarm: n,
  };
}

/** A network ID of a container endpoint, as its machine sees it. */
export function netInfo(state: State, machine: Machine, id: string): NetInfo | undefined {
  const local = machine.networks.find((n) => n.id === id);
  if (local) return localNetInfo(machine, local);
  const sw = swarmNet(state, id);
  return sw ? swarmNetInfo(sw) : undefined;
}

export function gwbridgeOf(machine: Machine): LocalNetwork | undefined {
  return machine.networks.find((n) => n.name === 'docker_gwbridge');
}

export function findContainer(machine: Machine, ref: string): Container | undefined {
  return (
    machine.containers.find((c) => c.id === ref) ??
    machine.containers.find((c) => c.name === ref || c.name === ref.replace(/^\//, '')) ??
    (ref.length >= 1 ? machine.containers.find((c) => c.id.startsWith(ref)) : undefined)
  );
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

/** Resolves `from` to a namespace. Throws RoutingError for an unknown machine or container. */
export function sourceOf(state: State, from: From): Source {
  const machine = machineByName(state, from.machine);
  if (!machine) throw new RoutingError(`unknown machine ${from.machine}`);
  const node = readyNode(state, machine.name);
  if (from.container === undefined) return { machine, node, host: true, ifaces: [] };
  const container = typeof from.container === 'string' ? findContainer(machine, from.container) : from.container;
  if (!container) throw new RoutingError(`unknown container ${String(from.container)} on ${machine.name}`);
  let ns = container;
  for (let i = 0; i < 4 && ns.networkMode.startsWith('container:'); i++) {
    const other = findContainer(machine, ns.networkMode.slice('container:'.length));
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
  const out: { ip: string; network?: string }[] = [{ ip: machine.ip }];
  for (const n of machine.networks) {
    const gw = n.ipam[0]?.Gateway;
    if (gw && n.driver !== 'host' && n.driver !== 'null') out.push({ ip: gw, network: n.name });
  }
  return out;
}

export function isHostAddress(machine: Machine, ip: string): boolean {
  return hostAddresses(machine).some((a) => a.ip === ip);
}

/** PTR name of a container endpoint, as the embedded DNS of that network answers it (none on ingress/gwbridge/docker0). */
export function ptrName(c: Container, net: NetInfo): string | undefined {
  if (net.kind === 'overlay' || net.kind === 'bridge') return `${c.name}.${net.name}`;
  return undefined;
}

/** Every up container on a network: cluster-wide for swarm networks, the machine's own for local ones. */
export function containersOn(state: State, net: NetInfo): { machine: Machine; container: Container; ip: string }[] {
  const out: { machine: Machine; container: Container; ip: string }[] = [];
  const machines = net.swarm ? state.machines.filter((m) => !state.swarm || readyNode(state, m.name)) : state.machines.filter((m) => m.name === net.machine);
  for (const m of machines) {
    for (const c of m.containers) {
      if (!isUp(c)) continue;
      if (net.kind === 'gwbridge') {
        if (c.gw) out.push({ machine: m, container: c, ip: c.gw.ip });
        continue;
      }
      const a = c.nets.find((n) => n.net === net.id);
      if (a) out.push({ machine: m, container: c, ip: a.ip });
    }
  }
  return out;
}

/**
 * Who answers for `ip` on `net`, seen from `srcMachine` (VIPs are answered by the asker's own
 * node's lb-<net> endpoint). Undefined: nobody (ARP gets no answer).
 */
export function ownerOn(ctx: RoutingContext, net: NetInfo, ip: string, srcMachine: Machine): Endpoint | undefined {
  const { state } = ctx;
  for (const x of containersOn(state, net)) {
    if (x.ip === ip) return { kind: 'container', machine: x.machine.name, ip, network: net.name, container: x.container, name: ptrName(x.container, net) };
  }
  if (net.swarm) {
    const alloc = net.swarm.alloc;
    for (const [nodeId, lb] of Object.entries(alloc?.lb ?? {})) {
      if (lb.ip !== ip) continue;
      const m = machineOfNode(state, nodeId);
      if (m) return { kind: net.kind === 'ingress' ? 'ingress-sbox' : 'lb', machine: m.name, ip, network: net.name };
    }
    for (const svc of state.swarm?.services ?? []) {
      const vip = svc.vips.find((v) => v.net === net.id && v.addr.split('/')[0] === ip);
      if (vip) return { kind: 'lb', machine: srcMachine.name, ip, network: net.name, service: svc.spec.Name };
    }
    return undefined;
  }
  if (net.gateway === ip) return { kind: 'gateway', machine: srcMachine.name, ip, network: net.name };
  if (net.kind === 'gwbridge') {
    const sbox = net.local?.endpoints.find((e) => e.key === 'ingress-sbox' && e.ip === ip);
    if (sbox && readyNode(state, srcMachine.name)) return { kind: 'ingress-sbox', machine: srcMachine.name, ip, network: net.name };
  }
  return undefined;
}

/** The source address a namespace uses towards `ip` on a connected network (for ping's `From` lines). */
export function sourceIpFor(src: Source, via?: Iface): string {
  if (via) return via.ip;
  if (src.defaultGw) return src.defaultGw.iface.ip;
  return src.host ? src.machine.ip : '127.0.0.1';
}
