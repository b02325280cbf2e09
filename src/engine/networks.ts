// Networks as the engines keep them (swarm-networking.md §1, §2, §5, §6): local networks per
// machine with 64-hex IDs; swarm overlays in the managers' store with one 25-char ID, allocated
// by the leader and instantiated on a node only while something there uses them.
import type { IpamConfig, LocalNetwork, Machine, Swarm, SwarmNetwork } from '../state/schema';
import { derivedSwarmId, lbEndpointId, localId, swarmId } from '../state/ids';
import { explicitContainers } from './task-containers';
import type { Daemon } from './daemon';
import { DaemonError, NOT_SWARM_MANAGER, badRequest, conflict, forbidden, notFound } from './errors';
import { formatPrefix, masked, overlaps, parseAddr, parsePrefix, type Prefix } from './ip';
import { POOLS_EXHAUSTED, defaultGateway, firstFree, nextLocalSubnet, nextSwarmSubnet, prefixesOf } from './ipam';
import { validateIpam } from './ipam-validate';
import { macFromIp } from './ip';
import { readyNodeOf } from './indexes';
import { annotationsError } from './annotations';
import type { Task } from '../state/schema';

const runningOn = new WeakMap<Task[], { len: number; map: Map<string, Task> }>();

/** The first task (in store order) desired running on each network. */
function runningTaskOn(swarm: Swarm): Map<string, Task> {
  const memo = runningOn.get(swarm.tasks);
  if (memo && memo.len === swarm.tasks.length) return memo.map;
  const map = new Map<string, Task>();
  for (const t of swarm.tasks) if (t.desired === 'running') for (const a of t.nets) if (!map.has(a.net)) map.set(a.net, t);
  runningOn.set(swarm.tasks, { len: swarm.tasks.length, map });
  return map;
}

export interface NetworkCreateRequest {
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: IpamConfig[]; Options?: Record<string, string> };
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
}

export const PREDEFINED = ['bridge', 'host', 'none'];
/** libnetwork's NewNetwork for a blank name. */
const EMPTY_NAME = 'invalid name: name is empty';
const LOCAL_DRIVERS = new Set(['bridge', 'macvlan', 'ipvlan']);
const VNI_FIRST = 4096;
const VNI_LAST = 16777215;
export const VNI_OPTION = 'com.docker.network.driver.overlay.vxlanid_list';

/** A network as one machine sees it: its own local networks, or a swarm network. */
export type NetworkRef = { kind: 'local'; net: LocalNetwork } | { kind: 'swarm'; net: SwarmNetwork };

export function refId(r: NetworkRef) {
  return r.net.id;
}
export function refName(r: NetworkRef) {
  return r.net.name;
}

/** Is swarm network `net` instantiated on `machine` (it has a load-balancer endpoint there)? */
export function instantiatedOn(d: Daemon, net: SwarmNetwork, machine: Machine): boolean {
  const swarm = d.state.swarm;
  const node = swarm && readyNodeOf(swarm, machine.name);
  return !!(node && net.alloc?.lb[node.id]);
}

/** The networks `docker network ls` lists on this machine (§5.1), cluster ones first-class. */
export function visibleNetworks(d: Daemon): NetworkRef[] {
  const out: NetworkRef[] = d.machine.networks.map((net) => ({ kind: 'local' as const, net }));
  const swarm = d.state.swarm;
  const node = d.node();
  if (swarm && node) {
    for (const net of swarm.networks) {
      if (node.role === 'manager' || instantiatedOn(d, net, d.machine)) out.push({ kind: 'swarm', net });
    }
  }
  return out;
}

/** moby's FindNetwork: full ID, then name, then ID prefix. */
export function findNetwork(d: Daemon, term: string, within = visibleNetworks(d)): NetworkRef {
  const byId = within.filter((r) => r.net.id === term);
  if (byId.length === 1) return byId[0];
  const byName = within.filter((r) => r.net.name === term);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw badRequest(`network ${term} is ambiguous (${byName.length} matches found based on name)`);
  const byPrefix = term ? within.filter((r) => r.net.id.startsWith(term)) : [];
  if (byPrefix.length === 1) return byPrefix[0];
  if (byPrefix.length > 1) throw badRequest(`network ${term} is ambiguous (${byPrefix.length} matches found based on ID prefix)`);
  throw notFound(`network ${term} not found`);
}

/**
 * A node's load-balancer endpoint on a swarm network (`lb-<net>` / `ingress-sbox`). Its endpoint
 * ID is a function of network and node (so a compact state file need not store it); the draw is
 * the one the random ID took, so seeded IDs of later objects stay as they were.
 */
export function newLoadBalancer(d: Daemon, netId: string, nodeId: string, ip: string): { ip: string; created: string; endpointId: string } {
  const created = d.stamp();
  localId(d.rng);
  return { ip, created, endpointId: lbEndpointId(netId, nodeId) };
}

export function createNetwork(d: Daemon, req: NetworkCreateRequest): { Id: string; Warning: string } {
  const name = req.Name;
  const driver = req.Driver || 'bridge';
  const configs = req.IPAM?.Config ?? [];
  const err = validateIpam(configs);
  if (err) throw badRequest(err);
  if (PREDEFINED.includes(name)) throw forbidden(`operation is not permitted on predefined ${name} network`);
  if (driver === 'overlay') return { Id: createOverlay(d, req, configs).id, Warning: '' };
  if (driver === 'host' || driver === 'null') throw forbidden(`only one instance of "${driver}" network is allowed`);
  if (!LOCAL_DRIVERS.has(driver)) throw notFound(`plugin "${driver}" not found`);
  if (!name.trim()) throw badRequest(EMPTY_NAME);
  if (visibleNetworks(d).some((r) => r.net.name === name)) throw conflict(`network with name ${name} already exists`);
  const net = addLocalNetwork(d, d.machine, {
    name,
    driver,
    internal: !!req.Internal,
    attachable: !!req.Attachable,
    ipv6: !!req.EnableIPv6,
    options: { ...(req.Options ?? {}) },
    labels: { ...(req.Labels ?? {}) },
    requested: configs,
  });
  return { Id: net.id, Warning: '' };
}

interface LocalSpec {
  name: string;
  driver: string;
  internal: boolean;
  attachable: boolean;
  ipv6: boolean;
  options: Record<string, string>;
  labels: Record<string, string>;
  requested: IpamConfig[];
}

/** Creates a local network on `machine`, allocating its subnet from the local pools. */
export function addLocalNetwork(d: Daemon, machine: Machine, spec: LocalSpec): LocalNetwork {
  const taken = machine.networks.flatMap((n) => prefixesOf(n.ipam));
  let ipam: IpamConfig[];
  if (spec.requested.length) {
    ipam = spec.requested.map((c) => {
      const p = parsePrefix(c.Subnet)!;
      if (taken.some((t) => overlaps(t, p))) throw forbidden('invalid pool request: Pool overlaps with other one on this address space');
      taken.push(p);
      const cfg: IpamConfig = { Subnet: c.Subnet };
      if (c.IPRange) cfg.IPRange = c.IPRange;
      cfg.Gateway = c.Gateway || defaultGateway(cfg);
      return cfg;
    });
  } else {
    const lan = parsePrefix(`${machine.ip}/24`)!;
    const got = nextLocalSubnet(taken, [masked(lan)], d.profile, machine.poolCursor);
    if (!got) throw forbidden(POOLS_EXHAUSTED);
    machine.poolCursor = got.next;
    const cfg: IpamConfig = { Subnet: formatPrefix(got.prefix) };
    cfg.Gateway = defaultGateway(cfg);
    ipam = [cfg];
  }
  const net: LocalNetwork = {
    id: localId(d.rng),
    name: spec.name,
    driver: spec.driver,
    created: d.stamp(),
    internal: spec.internal,
    attachable: spec.attachable,
    ipv6: spec.ipv6,
    ipam,
    options: spec.options,
    labels: spec.labels,
    endpoints: [],
  };
  machine.networks.push(net);
  return net;
}

/** Joins an endpoint to a local bridge at its first free address. */
export function addBridgeEndpoint(d: Daemon, net: LocalNetwork, key: string, name: string): { ip: string; mac: string } {
  const used = new Set<string>(net.endpoints.map((e) => e.ip));
  for (const c of net.ipam) if (c.Gateway) used.add(c.Gateway);
  const ip = firstFree(net.ipam[0], used);
  if (!ip) throw forbidden(`no available IPv4 addresses on this network's address pools: ${net.name} (${net.id})`);
  const mac = d.profile.bridgeMac === 'ip' ? macFromIp(ip) : randomMac(d);
  net.endpoints.push({ key, name, endpointId: localId(d.rng), ip, mac });
  return { ip, mac };
}

function randomMac(d: Daemon): string {
  const b = d.rng.bytes(6);
  b[0] = (b[0] & 0xfe) | 0x02;
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
}

function createOverlay(d: Daemon, req: NetworkCreateRequest, configs: IpamConfig[]): SwarmNetwork {
  const swarm = d.state.swarm;
  const node = d.node();
  if (!swarm || !node || node.role !== 'manager') throw forbidden(NOT_SWARM_MANAGER);
  if (!req.Name.trim()) throw badRequest(EMPTY_NAME);
  if (visibleNetworks(d).some((r) => r.net.name === req.Name)) throw conflict(`network with name ${req.Name} already exists`);
  // swarmkit's validateNetworkSpec, then CreateNetwork's ingress check.
  if (req.Ingress && req.Attachable) throw badRequest('rpc error: code = InvalidArgument desc = ingress network cannot be attachable');
  const nameError = annotationsError(req.Name);
  if (nameError) throw badRequest(`rpc error: code = InvalidArgument desc = ${nameError}`);
  if (req.Ingress) {
    const existing = swarm.networks.find((n) => n.ingress);
    if (existing) throw conflict(`rpc error: code = AlreadyExists desc = ingress network (${existing.id}) is already present`);
  }
  return addSwarmNetwork(d, swarm, {
    name: req.Name,
    attachable: !!req.Attachable,
    internal: !!req.Internal,
    ingress: !!req.Ingress,
    ipv6: !!req.EnableIPv6,
    labels: req.Labels && Object.keys(req.Labels).length ? { ...req.Labels } : null,
    options: { ...(req.Options ?? {}) },
    requested: configs,
  });
}

interface SwarmSpec {
  name: string;
  attachable: boolean;
  internal: boolean;
  ingress: boolean;
  ipv6: boolean;
  labels: Record<string, string> | null;
  options: Record<string, string>;
  requested: IpamConfig[];
}

/** Stores a swarm network and runs the allocator on it at once (§1.2, §2.1). */
export function addSwarmNetwork(d: Daemon, swarm: Swarm, spec: SwarmSpec): SwarmNetwork {
  const created = d.stamp();
  const net: SwarmNetwork = {
    id: swarmId(d.rng),
    name: spec.name,
    created,
    updated: created,
    version: d.touch(swarm),
    driver: 'overlay',
    attachable: spec.attachable,
    internal: spec.internal,
    ingress: spec.ingress,
    ipv6: spec.ipv6,
    labels: spec.labels,
    options: spec.options,
    requested: spec.requested,
    alloc: null,
  };
  allocateSwarmNetwork(d, swarm, net);
  swarm.networks.push(net);
  return net;
}

function allocateSwarmNetwork(d: Daemon, swarm: Swarm, net: SwarmNetwork): void {
  const taken: Prefix[] = swarm.networks.flatMap((n) => (n.alloc ? prefixesOf(n.alloc.ipam) : []));
  let ipam: IpamConfig[];
  if (net.requested.length) {
    const wanted = net.requested.map((c) => parsePrefix(c.Subnet)!);
    if (wanted.some((p) => taken.some((t) => overlaps(t, p)))) return; // failed allocation: stays unallocated
    ipam = net.requested.map((c) => {
      const cfg: IpamConfig = { Subnet: c.Subnet };
      if (c.IPRange) cfg.IPRange = c.IPRange;
      cfg.Gateway = c.Gateway || defaultGateway(cfg);
      return cfg;
    });
  } else {
    const got = nextSwarmSubnet(taken, d.profile, swarm.subnetCursor, swarm.addrPool);
    if (!got) return;
    swarm.subnetCursor = got.next;
    const cfg: IpamConfig = { Subnet: formatPrefix(got.prefix) };
    cfg.Gateway = defaultGateway(cfg);
    ipam = [cfg];
  }
  const vni = allocateVnis(swarm, net, ipam.length);
  if (!vni) return;
  const gwOffset = parseAddr(ipam[0].Gateway!)! - masked(parsePrefix(ipam[0].Subnet)!).addr;
  net.options[VNI_OPTION] = vni.join(',');
  net.alloc = { ipam, vni, last: gwOffset, lb: {} };
}

function allocateVnis(swarm: Swarm, net: SwarmNetwork, count: number): number[] | null {
  const inUse = new Set(swarm.networks.flatMap((n) => n.alloc?.vni ?? []));
  const forced = net.options[VNI_OPTION];
  if (forced) {
    const ids = forced.split(',').map(Number);
    if (ids.some((v) => !Number.isInteger(v) || inUse.has(v))) return null;
    return ids;
  }
  const out: number[] = [];
  let v = swarm.lastVni;
  const span = VNI_LAST - VNI_FIRST + 1;
  while (out.length < count) {
    let found = false;
    for (let k = 1; k <= span; k++) {
      const c = VNI_FIRST + ((v - VNI_FIRST + k) % span);
      if (!inUse.has(c)) {
        out.push(c);
        inUse.add(c);
        v = c;
        found = true;
        break;
      }
    }
    if (!found) return null;
  }
  swarm.lastVni = v;
  return out;
}

export function networkInUseError(d: Daemon, ref: NetworkRef): DaemonError | null {
  if (ref.kind === 'local') {
    const eps = ref.net.endpoints;
    if (!eps.length) return null;
    const list = eps.map((e) => `name:"${e.name}" id:"${e.endpointId.slice(0, 12)}"`).join(', ');
    return forbidden(`error while removing network: network ${ref.net.name} has active endpoints (${list})`);
  }
  return null;
}

export function removeNetwork(d: Daemon, term: string): void {
  const ref = findNetwork(d, term);
  if (PREDEFINED.includes(ref.net.name) && ref.kind === 'local') {
    throw forbidden(`${ref.net.name} is a pre-defined network and cannot be removed`);
  }
  if (ref.kind === 'local') {
    const inUse = networkInUseError(d, ref);
    if (inUse) throw inUse;
    d.machine.networks = d.machine.networks.filter((n) => n !== ref.net);
    return;
  }
  const { swarm } = d.manager();
  const users = swarmNetworkUsers(d, swarm, ref.net);
  if (users) throw new DaemonError(`rpc error: code = FailedPrecondition desc = network ${ref.net.id} is in use by ${users}`, 412);
  swarm.networks = swarm.networks.filter((n) => n !== ref.net);
  d.touch(swarm);
}

/** Who keeps a swarm network alive: `service <id>` / `task <id>`, or null. Extended by services. */
export function swarmNetworkUsers(d: Daemon, swarm: Swarm, net: SwarmNetwork): string | null {
  const svc = swarm.services.find((s) => (s.spec.TaskTemplate?.Networks ?? []).some((n: { Target: string }) => n.Target === net.id));
  if (svc) return `service ${svc.id}`;
  if (net.ingress) {
    const pub = swarm.services.find((s) => s.ports.some((p) => p.PublishMode === 'ingress'));
    if (pub) return `service ${pub.id}`;
  }
  const task = runningTaskOn(swarm).get(net.id);
  if (task) return `task ${task.id}`;
  // A running standalone container holds a network-attachment task (swarm-networking.md §6);
  // dockersim does not store those tasks: the ID is derived from the container's.
  for (const m of d.state.machines) {
    for (const c of explicitContainers(m)) {
      if (!c.task && c.state === 'running' && c.nets.some((a) => a.net === net.id)) return `task ${derivedSwarmId(`${c.id}/attachment`)}`;
    }
  }
  return null;
}

/** `network prune`: removes unused custom networks, returns their names. */
export function pruneNetworks(d: Daemon): string[] {
  const removed: string[] = [];
  for (const ref of visibleNetworks(d)) {
    if (ref.kind === 'local') {
      if (PREDEFINED.includes(ref.net.name) || ref.net.name === 'docker_gwbridge' || ref.net.endpoints.length) continue;
      d.machine.networks = d.machine.networks.filter((n) => n !== ref.net);
      removed.push(ref.net.name);
    } else {
      const swarm = d.state.swarm!;
      if (ref.net.ingress || swarmNetworkUsers(d, swarm, ref.net)) continue;
      swarm.networks = swarm.networks.filter((n) => n !== ref.net);
      removed.push(ref.net.name);
    }
  }
  return removed;
}
