// The routing index: every lookup the routing core makes over the persisted state (machines,
// nodes, networks, containers, tasks, services, VIPs, published ports, DNS records), built
// lazily, once per state object, so that a routing decision costs map lookups, not scans.
//
// Invariant (what makes caching sound): the state object routing/ is given is not changed while
// its index lives, except through `ctx.advance` (the IPVS pointers in `state.ipvs`, which the
// index never reads). The engine loads a new state object for every command (one transaction
// per command, state/store.ts), so a fresh object means a fresh index; routing/ itself never
// writes the state. Code that changes a state object in place and then routes over it again
// must call `invalidateIndex(state)` first (tests that edit a state clone it instead).
//
// Indexes:
// - per state (`RoutingIndex`, a WeakMap keyed by the State object): machine by name / LAN
//   address, ready node by machine, machine by node ID, swarm networks by ID / name, tasks and
//   services by ID, services by name, VIP → service per network, ingress-published port →
//   service, running tasks per service, IPVS backends per service and network, the up
//   containers of each swarm network with their addresses (ip → owner), node LB addresses per
//   network, DNS records per network (memoised answers), sandboxes (`Source`) per container;
// - per machine (`MachineIndex`, a WeakMap keyed by the Machine object, also part of the state):
//   containers by ID and name, local networks by ID and their NetInfo, docker_gwbridge, the
//   host's own addresses, host-published ports, the up containers of each local network.
// Answers handed out are shared: callers treat them as read-only (exported wrappers that
// return arrays return copies).
import type { Container, LocalNetwork, Machine, PortConfig, Service, State, SwarmNetwork, SwarmNode, Task } from '../state/schema';
import { mask, parseAddr, type Prefix } from '../engine/ip';
import type { Source } from './addressing';

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

export interface Backend {
  task: Task;
  container: Container;
  machine: Machine;
  /** The task's address on the balanced network. */
  ip: string;
}

/** An up container's address on one network. */
export interface Attached {
  machine: Machine;
  container: Container;
  ip: string;
}

// ---- addresses ------------------------------------------------------------------------------

const ipCache = new Map<string, number | null>();

/** `parseAddr`, memoised (the same few thousand addresses are parsed over and over). */
export function ipNumber(ip: string): number | null {
  let n = ipCache.get(ip);
  if (n === undefined) {
    n = parseAddr(ip);
    if (ipCache.size >= 1 << 16) ipCache.clear();
    ipCache.set(ip, n);
  }
  return n;
}

/** Whether address `n` is inside prefix `p`. */
export function inNet(p: Prefix, n: number): boolean {
  const m = mask(p.bits);
  return ((n & m) >>> 0) === ((p.addr & m) >>> 0);
}

export function prefixOf(cidr: string | undefined): Prefix | undefined {
  if (!cidr) return undefined;
  const [a, b] = cidr.split('/');
  const addr = parseAddr(a);
  if (addr === null) return undefined;
  const bits = Number(b);
  return { addr: (addr & mask(bits)) >>> 0, bits };
}

/** The address part of `10.0.1.3/24`. */
export function addrOf(cidr: string): string {
  const i = cidr.indexOf('/');
  return i < 0 ? cidr : cidr.slice(0, i);
}

/** Running containers answer; paused ones keep their endpoints (the kernel still answers ICMP). */
export function isUp(c: Container): boolean {
  return c.state === 'running' || c.state === 'paused';
}

function buildLocalInfo(machine: Machine, n: LocalNetwork): NetInfo {
  const kind: NetKind =
    n.name === 'docker_gwbridge' ? 'gwbridge' : n.name === 'bridge' ? 'default-bridge' : n.driver === 'host' || n.driver === 'null' ? 'other' : 'bridge';
  return { id: n.id, name: n.name, kind, internal: n.internal, prefix: prefixOf(n.ipam[0]?.Subnet), gateway: n.ipam[0]?.Gateway, local: n, machine: machine.name };
}

const swarmInfos = new WeakMap<SwarmNetwork, NetInfo>();

/** NetInfo of a swarm network (one shared object per network object). */
export function swarmInfo(n: SwarmNetwork): NetInfo {
  let info = swarmInfos.get(n);
  if (!info) {
    info = { id: n.id, name: n.name, kind: n.ingress ? 'ingress' : 'overlay', internal: n.internal, prefix: prefixOf(n.alloc?.ipam[0]?.Subnet), swarm: n };
    swarmInfos.set(n, info);
  }
  return info;
}

// ---- the up containers of one network ---------------------------------------------------------

/** The up containers of one network (in machine, then container order), by address, with DNS records. */
export class Bucket {
  /** First owner of each address. */
  readonly byIp = new Map<string, Attached>();
  /** Memoised embedded-DNS answers of this network (lowercased name → addresses; dns.ts). */
  readonly dns = new Map<string, string[] | undefined>();
  private names?: Map<string, string[]>;
  constructor(
    readonly netId: string,
    readonly entries: Attached[],
  ) {
    for (const e of entries) if (!this.byIp.has(e.ip)) this.byIp.set(e.ip, e);
  }

  /** Addresses of the containers named `want` (lowercase): name, standalone short ID, aliases. */
  recordsOf(want: string): string[] | undefined {
    if (!this.names) {
      const names = new Map<string, string[]>();
      for (const x of this.entries) {
        const c = x.container;
        const own = [c.name, ...(c.task ? [] : [c.id.slice(0, 12)]), ...(c.nets.find((n) => n.net === this.netId)?.aliases ?? [])];
        const seen = new Set<string>();
        for (const n of own) {
          const k = n.toLowerCase();
          if (seen.has(k)) continue;
          seen.add(k);
          const list = names.get(k);
          if (list) list.push(x.ip);
          else names.set(k, [x.ip]);
        }
      }
      this.names = names;
    }
    return this.names.get(want);
  }
}

/** The first attachment of each up container to each network, bucketed by network ID. */
function bucketsOver(machines: Machine[]): Map<string, Attached[]> {
  const out = new Map<string, Attached[]>();
  for (const m of machines) {
    for (const c of m.containers) {
      if (!isUp(c)) continue;
      for (let i = 0; i < c.nets.length; i++) {
        const a = c.nets[i];
        let dup = false;
        for (let j = 0; j < i && !dup; j++) dup = c.nets[j].net === a.net;
        if (dup) continue;
        const list = out.get(a.net);
        const e: Attached = { machine: m, container: c, ip: a.ip };
        if (list) list.push(e);
        else out.set(a.net, [e]);
      }
    }
  }
  return out;
}

function gwEntriesOver(machines: Machine[]): Attached[] {
  const out: Attached[] = [];
  for (const m of machines) for (const c of m.containers) if (isUp(c) && c.gw) out.push({ machine: m, container: c, ip: c.gw.ip });
  return out;
}

// ---- per machine ------------------------------------------------------------------------------

export class MachineIndex {
  private byId?: Map<string, Container>;
  private byName?: Map<string, Container>;
  private position?: Map<Container, number>;
  private nets?: Map<string, LocalNetwork>;
  private infos = new Map<LocalNetwork, NetInfo>();
  private infoList?: NetInfo[];
  private gw?: { net: LocalNetwork | undefined };
  private hostAddrs?: { list: { ip: string; network?: string }[]; byIp: Map<string, { ip: string; network?: string }> };
  private sboxes = new Map<LocalNetwork, Set<string>>();
  private ports?: Map<string, Container[]>;
  private buckets?: Map<string, Attached[]>;
  private bucketObjs = new Map<string, Bucket>();
  private gwBucketObj?: Bucket;

  constructor(readonly machine: Machine) {}

  private containerMaps(): void {
    const byId = new Map<string, Container>();
    const byName = new Map<string, Container>();
    const position = new Map<Container, number>();
    this.machine.containers.forEach((c, i) => {
      if (!byId.has(c.id)) byId.set(c.id, c);
      if (!byName.has(c.name)) byName.set(c.name, c);
      position.set(c, i);
    });
    this.byId = byId;
    this.byName = byName;
    this.position = position;
  }

  /** The container with exactly this ID. */
  containerById(id: string): Container | undefined {
    if (!this.byId) this.containerMaps();
    return this.byId!.get(id);
  }

  /** A container by ID, name (`/name` too), or ID prefix — the first match in that order. */
  findContainer(ref: string): Container | undefined {
    if (!this.byId) this.containerMaps();
    const hit = this.byId!.get(ref);
    if (hit) return hit;
    const a = this.byName!.get(ref);
    const stripped = ref.startsWith('/') ? ref.slice(1) : ref;
    const b = stripped !== ref ? this.byName!.get(stripped) : undefined;
    if (a && b) return this.position!.get(a)! <= this.position!.get(b)! ? a : b;
    if (a || b) return a ?? b;
    return ref.length >= 1 ? this.machine.containers.find((c) => c.id.startsWith(ref)) : undefined;
  }

  /** A local network by ID (the first with it). */
  localNet(id: string): LocalNetwork | undefined {
    if (!this.nets) {
      this.nets = new Map();
      for (const n of this.machine.networks) if (!this.nets.has(n.id)) this.nets.set(n.id, n);
    }
    return this.nets.get(id);
  }

  /** NetInfo of one of this machine's local networks (one shared object per network). */
  info(n: LocalNetwork): NetInfo {
    let info = this.infos.get(n);
    if (!info) this.infos.set(n, (info = buildLocalInfo(this.machine, n)));
    return info;
  }

  /** NetInfo of every local network, in the machine's order. */
  infosInOrder(): NetInfo[] {
    return (this.infoList ??= this.machine.networks.map((n) => this.info(n)));
  }

  gwbridge(): LocalNetwork | undefined {
    return (this.gw ??= { net: this.machine.networks.find((n) => n.name === 'docker_gwbridge') }).net;
  }

  private hostAddresses() {
    if (!this.hostAddrs) {
      const list: { ip: string; network?: string }[] = [{ ip: this.machine.ip }];
      for (const n of this.machine.networks) {
        const gw = n.ipam[0]?.Gateway;
        if (gw && n.driver !== 'host' && n.driver !== 'null') list.push({ ip: gw, network: n.name });
      }
      const byIp = new Map<string, { ip: string; network?: string }>();
      for (const a of list) if (!byIp.has(a.ip)) byIp.set(a.ip, a);
      this.hostAddrs = { list, byIp };
    }
    return this.hostAddrs;
  }

  /** The host's own addresses: LAN address, then every local bridge's gateway. */
  hostAddressList(): { ip: string; network?: string }[] {
    return this.hostAddresses().list;
  }

  /** The first host address entry for `ip`. */
  hostAddress(ip: string): { ip: string; network?: string } | undefined {
    return this.hostAddresses().byIp.get(ip);
  }

  /** Addresses of `ingress-sbox` endpoints on a local network of this machine. */
  sboxAddresses(n: LocalNetwork): Set<string> {
    let s = this.sboxes.get(n);
    if (!s) this.sboxes.set(n, (s = new Set(n.endpoints.filter((e) => e.key === 'ingress-sbox').map((e) => e.ip))));
    return s;
  }

  /** Up containers publishing host port `port`/`proto` (any address), in container order. */
  publishers(port: number, proto: string): Container[] | undefined {
    if (!this.ports) {
      const ports = new Map<string, Container[]>();
      for (const c of this.machine.containers) {
        if (!isUp(c)) continue;
        const keys = new Set(c.ports.map((p) => `${p.hostPort}/${p.proto}`));
        for (const k of keys) {
          const list = ports.get(k);
          if (list) list.push(c);
          else ports.set(k, [c]);
        }
      }
      this.ports = ports;
    }
    return this.ports.get(`${port}/${proto}`);
  }

  /** The up containers on local network `id` of this machine. */
  localBucket(id: string): Bucket {
    let b = this.bucketObjs.get(id);
    if (!b) {
      this.buckets ??= bucketsOver([this.machine]);
      this.bucketObjs.set(id, (b = new Bucket(id, this.buckets.get(id) ?? [])));
    }
    return b;
  }

  /** The up containers with a docker_gwbridge endpoint on this machine (their gw addresses). */
  gwBucket(id: string): Bucket {
    return (this.gwBucketObj ??= new Bucket(id, gwEntriesOver([this.machine])));
  }
}

const machineIndexes = new WeakMap<Machine, MachineIndex>();

/** The index of one machine object. */
export function machineIndex(m: Machine): MachineIndex {
  let ix = machineIndexes.get(m);
  if (!ix) machineIndexes.set(m, (ix = new MachineIndex(m)));
  return ix;
}

// ---- per state --------------------------------------------------------------------------------

type Lazy<T> = T | undefined;

export class RoutingIndex {
  private machines: Lazy<Map<string, Machine>>;
  private machinesByIp: Lazy<Map<string, Machine>>;
  private ready: Lazy<Map<string, SwarmNode>>;
  private nodeMachines: Lazy<Map<string, Machine | undefined>>;
  private nets: Lazy<{ byId: Map<string, SwarmNetwork>; byName: Map<string, SwarmNetwork>; ingress?: SwarmNetwork }>;
  private tasks: Lazy<Map<string, Task>>;
  private services: Lazy<{ byId: Map<string, Service>; byName: Map<string, Service> }>;
  private vips: Lazy<Map<string, Map<string, Service>>>;
  private ingressPorts: Lazy<Map<string, { service: Service; port: PortConfig }>>;
  private running: Lazy<Map<string, Task[]>>;
  private backendMemo = new Map<string, Map<string, Backend[]>>();
  private swarmBuckets: Lazy<Map<string, Attached[]>>;
  private swarmBucketObjs = new Map<string, Bucket>();
  private swarmGw: Lazy<Bucket>;
  private emptyBucket = new Bucket('', []);
  private lbOwners = new WeakMap<SwarmNetwork, Map<string, Machine>>();
  private svcNames = new Map<string, Map<string, Service[]>>();
  private overlayList: Lazy<NetInfo[]>;
  /** Sandboxes already resolved: container → Source (addressing.ts sourceOf). */
  readonly sources = new WeakMap<Container, Source>();
  /** Host namespaces already resolved: machine → Source. */
  readonly hostSources = new Map<Machine, Source>();
  /** Memoised embedded-DNS lookups per sandbox (dns.ts lookupEmbedded). */
  readonly embedded = new WeakMap<Source, Map<string, { addrs: string[]; network: string } | null>>();

  constructor(readonly state: State) {}

  machine(name: string): Machine | undefined {
    if (!this.machines) {
      this.machines = new Map();
      for (const m of this.state.machines) if (!this.machines.has(m.name)) this.machines.set(m.name, m);
    }
    return this.machines.get(name);
  }

  machineByIp(ip: string): Machine | undefined {
    if (!this.machinesByIp) {
      this.machinesByIp = new Map();
      for (const m of this.state.machines) if (!this.machinesByIp.has(m.ip)) this.machinesByIp.set(m.ip, m);
    }
    return this.machinesByIp.get(ip);
  }

  /** The ready swarm node of a machine. */
  readyNode(machine: string): SwarmNode | undefined {
    if (!this.ready) {
      this.ready = new Map();
      for (const n of this.state.swarm?.nodes ?? []) if (n.status === 'ready' && !this.ready.has(n.machine)) this.ready.set(n.machine, n);
    }
    return this.ready.get(machine);
  }

  /** The machine of a ready node. */
  machineOfNode(nodeId: string): Machine | undefined {
    if (!this.nodeMachines) {
      this.nodeMachines = new Map();
      for (const n of this.state.swarm?.nodes ?? []) if (n.status === 'ready' && !this.nodeMachines.has(n.id)) this.nodeMachines.set(n.id, this.machine(n.machine));
    }
    return this.nodeMachines.get(nodeId);
  }

  private swarmNets() {
    if (!this.nets) {
      const byId = new Map<string, SwarmNetwork>();
      const byName = new Map<string, SwarmNetwork>();
      let ingress: SwarmNetwork | undefined;
      for (const n of this.state.swarm?.networks ?? []) {
        if (!byId.has(n.id)) byId.set(n.id, n);
        if (!byName.has(n.name)) byName.set(n.name, n);
        if (n.ingress && !ingress) ingress = n;
      }
      this.nets = { byId, byName, ingress };
    }
    return this.nets;
  }

  swarmNet(id: string): SwarmNetwork | undefined {
    return this.swarmNets().byId.get(id);
  }

  swarmNetByName(name: string): SwarmNetwork | undefined {
    return this.swarmNets().byName.get(name);
  }

  ingress(): SwarmNetwork | undefined {
    return this.swarmNets().ingress;
  }

  task(id: string): Task | undefined {
    if (!this.tasks) {
      this.tasks = new Map();
      for (const t of this.state.swarm?.tasks ?? []) if (!this.tasks.has(t.id)) this.tasks.set(t.id, t);
    }
    return this.tasks.get(id);
  }

  private serviceMaps() {
    if (!this.services) {
      const byId = new Map<string, Service>();
      const byName = new Map<string, Service>();
      for (const s of this.state.swarm?.services ?? []) {
        if (!byId.has(s.id)) byId.set(s.id, s);
        if (!byName.has(s.spec.Name)) byName.set(s.spec.Name, s);
      }
      this.services = { byId, byName };
    }
    return this.services;
  }

  service(id: string): Service | undefined {
    return this.serviceMaps().byId.get(id);
  }

  serviceByName(name: string): Service | undefined {
    return this.serviceMaps().byName.get(name);
  }

  /** The (first) service whose VIP on network `netId` is `ip`. */
  vipService(netId: string, ip: string): Service | undefined {
    if (!this.vips) {
      const vips = new Map<string, Map<string, Service>>();
      for (const s of this.state.swarm?.services ?? []) {
        for (const v of s.vips) {
          let inner = vips.get(v.net);
          if (!inner) vips.set(v.net, (inner = new Map()));
          const ip = addrOf(v.addr);
          if (!inner.has(ip)) inner.set(ip, s);
        }
      }
      this.vips = vips;
    }
    return this.vips.get(netId)?.get(ip);
  }

  /** The (first) service publishing `port`/`proto` in ingress mode, with its port config. */
  ingressPort(port: number, proto: string): { service: Service; port: PortConfig } | undefined {
    if (!this.ingressPorts) {
      const map = new Map<string, { service: Service; port: PortConfig }>();
      for (const s of this.state.swarm?.services ?? []) {
        for (const p of s.ports) {
          if (p.PublishMode !== 'ingress') continue;
          const k = `${p.PublishedPort}/${p.Protocol}`;
          if (!map.has(k)) map.set(k, { service: s, port: p });
        }
      }
      this.ingressPorts = map;
    }
    return this.ingressPorts.get(`${port}/${proto}`);
  }

  /** Running tasks with a container, per service ID, in store order. */
  private runningTasks(serviceId: string): Task[] {
    if (!this.running) {
      this.running = new Map();
      for (const t of this.state.swarm?.tasks ?? []) {
        if (t.state !== 'running' || !t.container) continue;
        const list = this.running.get(t.service);
        if (list) list.push(t);
        else this.running.set(t.service, [t]);
      }
    }
    return this.running.get(serviceId) ?? [];
  }

  /** IPVS real servers: running tasks of a service with an up container and an address on `netId`. */
  backends(serviceId: string, netId: string): Backend[] {
    let perNet = this.backendMemo.get(serviceId);
    if (!perNet) this.backendMemo.set(serviceId, (perNet = new Map()));
    let out = perNet.get(netId);
    if (!out) {
      out = [];
      for (const t of this.runningTasks(serviceId)) {
        const att = t.nets.find((a) => a.net === netId);
        if (!att) continue;
        const machine = this.machineOfNode(t.node);
        if (!machine) continue;
        const container = machineIndex(machine).containerById(t.container!);
        if (!container || !isUp(container)) continue;
        out.push({ task: t, container, machine, ip: addrOf(att.addr) });
      }
      perNet.set(netId, out);
    }
    return out;
  }

  /** Machines whose containers are on swarm networks: those with a ready node (all without a swarm). */
  private swarmMachines(): Machine[] {
    return this.state.machines.filter((m) => !this.state.swarm || this.readyNode(m.name));
  }

  /** The up containers of a network as `net` describes it (cluster-wide for swarm networks). */
  bucket(net: NetInfo): Bucket {
    const gw = net.kind === 'gwbridge';
    if (net.swarm) {
      if (gw) return (this.swarmGw ??= new Bucket(net.id, gwEntriesOver(this.swarmMachines())));
      let b = this.swarmBucketObjs.get(net.id);
      if (!b) {
        this.swarmBuckets ??= bucketsOver(this.swarmMachines());
        this.swarmBucketObjs.set(net.id, (b = new Bucket(net.id, this.swarmBuckets.get(net.id) ?? [])));
      }
      return b;
    }
    const m = net.machine === undefined ? undefined : this.machine(net.machine);
    if (!m) return this.emptyBucket;
    const mi = machineIndex(m);
    return gw ? mi.gwBucket(net.id) : mi.localBucket(net.id);
  }

  /** The machine whose LB endpoint (lb-<net> / ingress-sbox) on a swarm network has address `ip`. */
  lbOwner(net: SwarmNetwork, ip: string): Machine | undefined {
    let map = this.lbOwners.get(net);
    if (!map) {
      map = new Map();
      for (const [nodeId, lb] of Object.entries(net.alloc?.lb ?? {})) {
        if (map.has(lb.ip)) continue;
        const m = this.machineOfNode(nodeId);
        if (m) map.set(lb.ip, m);
      }
      this.lbOwners.set(net, map);
    }
    return map.get(ip);
  }

  /** Services answering DNS name `want` (lowercase: the service name or an alias) on network `netId`. */
  servicesNamed(netId: string, want: string): Service[] | undefined {
    let map = this.svcNames.get(netId);
    if (!map) {
      map = new Map();
      for (const svc of this.state.swarm?.services ?? []) {
        const names = new Set([svc.spec.Name, ...serviceAliases(svc, netId)].map((n) => String(n).toLowerCase()));
        for (const n of names) {
          const list = map.get(n);
          if (list) list.push(svc);
          else map.set(n, [svc]);
        }
      }
      this.svcNames.set(netId, map);
    }
    return map.get(want);
  }

  /** Every swarm network but ingress, as overlays (PTR lookups without an asker). */
  overlays(): NetInfo[] {
    return (this.overlayList ??= (this.state.swarm?.networks ?? [])
      .filter((n) => !n.ingress)
      .map((n) => ({ id: n.id, name: n.name, kind: 'overlay' as const, internal: n.internal, swarm: n })));
  }
}

/** A service's aliases on one network (`--network name=x,alias=y`). */
export function serviceAliases(svc: Service, netId: string): string[] {
  const nets: { Target?: string; Aliases?: string[] }[] = svc.spec.TaskTemplate?.Networks ?? svc.spec.Networks ?? [];
  return nets.filter((n) => n.Target === netId || n.Target === svc.spec.Name).flatMap((n) => n.Aliases ?? []);
}

const indexes = new WeakMap<State, RoutingIndex>();
/** The last index handed out (one decision asks for it a dozen times); keeps that one state alive. */
let last: RoutingIndex | undefined;

/** The routing index of a state object, built on first use (see the invariant above). */
export function indexOf(state: State): RoutingIndex {
  if (last !== undefined && last.state === state) return last;
  let ix = indexes.get(state);
  if (!ix) indexes.set(state, (ix = new RoutingIndex(state)));
  return (last = ix);
}

/** Forgets everything indexed about `state` (for code that changed it in place). */
export function invalidateIndex(state: State): void {
  if (last?.state === state) last = undefined;
  indexes.delete(state);
  for (const m of state.machines) machineIndexes.delete(m);
  for (const n of state.swarm?.networks ?? []) swarmInfos.delete(n);
}
