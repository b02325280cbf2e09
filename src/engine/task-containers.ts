// The containers of swarm tasks (daemon/cluster/executor/container): what the executor creates on
// a node for a task is a function of the task (its ID seeds the container's IDs, its template the
// container's config, its addresses the endpoints) plus the one address the node's bridge gave it
// (kept on the task: `Task.dc`). So a task's container need not be stored: when the state file is
// compact (codec.ts) it is rebuilt on load — lazily, machine by machine, the first time a command
// looks at that machine's containers or bridge endpoints. A rebuilt container that a command then
// changes (stopped, files written by exec…) is stored in full from then on.
import type { Container, DerivedContainer, Endpoint, LocalNetwork, Machine, Service, State, Swarm, SwarmNetwork, Task, TaskTemplate } from '../state/schema';
import { taskContainerId } from '../state/schema';
import { derivedLocalId, localId } from '../state/ids';
import { Rng } from '../state/rng';
import { codecHooks, tasksLoaded } from '../state/codec';
import type { Daemon } from './daemon';
import { forbidden } from './errors';
import { lookupImage, parseRef } from './images';
import { firstFree, prefixLen } from './ipam';
import { macFromIp } from './ip';
import { profile as profileOf } from './profiles';
import { networkById, serviceById, taskById, taskIndex } from './indexes';
import { compareStamps } from './time';

interface Raw {
  state: State;
  containers: Container[];
  endpoints: Map<LocalNetwork, Endpoint[]>;
}

/** Machines whose task containers are still to be rebuilt, with what the file stored for them. */
const pending = new WeakMap<Machine, Raw>();

export function isPending(m: Machine): boolean {
  return pending.has(m);
}

/** The containers stored for a machine (not the rebuilt ones), without rebuilding anything. */
export function explicitContainers(m: Machine): Container[] {
  return pending.get(m)?.containers ?? m.containers;
}

function explicitEndpoints(m: Machine, net: LocalNetwork): Endpoint[] {
  return pending.get(m)?.endpoints.get(net) ?? net.endpoints;
}

/** The task template a task was created from. */
export function templateOf(svc: Service, tv: number): TaskTemplate | undefined {
  if (tv === svc.tv) return svc.spec.TaskTemplate;
  if (tv === svc.ptv) return svc.previousSpec?.TaskTemplate;
  return svc.templates?.[tv];
}

function nodesOf(swarm: Swarm, machine: string): string[] {
  const out: string[] = [];
  for (const n of swarm.nodes) if (n.machine === machine) out.push(n.id);
  return out;
}

/** Tasks of `m`'s nodes whose container is derivable (stored or not). */
function derivableOn(swarm: Swarm, m: Machine): Task[] {
  const ix = taskIndex(swarm);
  const out: Task[] = [];
  for (const id of nodesOf(swarm, m.name)) for (const t of ix.onNode(id)) if (t.dc) out.push(t);
  return out;
}

/** Tasks of `m` whose container is not stored (to be rebuilt). */
function unstoredOn(swarm: Swarm, m: Machine): Task[] {
  return derivableOn(swarm, m).filter((t) => t.storedContainer === undefined);
}

function derivedMac(taskId: string): string {
  const b = Rng.fromSeed(`${taskId}/mac`).bytes(6);
  b[0] = (b[0] & 0xfe) | 0x02;
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
}

interface Rebuilt {
  c: Container;
  ep?: Endpoint;
  epNet?: LocalNetwork;
}

/** The container (and bridge endpoint) the executor made for task `t` on machine `m`. */
function rebuild(state: State, m: Machine, t: Task): Rebuilt | undefined {
  const swarm = state.swarm!;
  const dc = t.dc!;
  const svc = serviceById(swarm, t.service);
  const tmpl = svc && templateOf(svc, t.tv);
  const cs = tmpl?.ContainerSpec;
  const ref = cs && parseRef(cs.Image);
  const hit = ref && lookupImage(ref);
  if (!svc || !cs || !hit) return undefined;
  const img = hit.data;
  const id = taskContainerId(t.id);
  const name = `${svc.spec.Name}.${t.slot || t.node}.${t.id}`;
  const c: Container = {
    id,
    name,
    image: cs.Image,
    imageId: img.id,
    created: t.since,
    state: 'running',
    exitCode: 0,
    entrypoint: cs.Command ?? img.config.Entrypoint,
    cmd: cs.Args ?? (cs.Command ? null : img.config.Cmd),
    env: [...(img.config.Env ?? []), ...(cs.Env ?? [])],
    workdir: cs.Dir || img.config.WorkingDir || '',
    hostname: cs.Hostname || id.slice(0, 12),
    labels: {
      ...(img.config.Labels ?? {}),
      ...(cs.Labels ?? {}),
      'com.docker.swarm.node.id': t.node,
      'com.docker.swarm.service.id': svc.id,
      'com.docker.swarm.service.name': svc.spec.Name,
      'com.docker.swarm.task': '',
      'com.docker.swarm.task.id': t.id,
      'com.docker.swarm.task.name': name,
    },
    networkMode: profileOf(state.profile).taskNetworkMode,
    nets: [],
    ports: dc[2] ? dc[2].map((p) => ({ ...p })) : [],
    aliases: [],
    tty: !!cs.TTY,
    openStdin: false,
    autoRemove: false,
    task: t.id,
    fs: {},
    installed: [],
    startedAt: t.since,
  };
  for (const a of t.nets) {
    const ip = a.addr.split('/')[0];
    c.nets.push({ net: a.net, ip, prefixLen: Number(a.addr.split('/')[1]), mac: macFromIp(ip), endpointId: derivedLocalId(`${t.id}/${a.net}`), aliases: [], static: true });
  }
  const out: Rebuilt = { c };
  if (dc[0] === 'n' || !dc[1]) return out;
  const net = m.networks.find((n) => n.name === (dc[0] === 'g' ? 'docker_gwbridge' : 'bridge'));
  if (!net) return out;
  const ip = dc[1];
  const mac = profileOf(state.profile).bridgeMac === 'ip' ? macFromIp(ip) : derivedMac(t.id);
  if (dc[0] === 'g') {
    const sandbox = derivedLocalId(`${t.id}/sandbox`);
    const endpointId = derivedLocalId(`${t.id}/gw`);
    c.gw = { ip, mac, endpointId, sandbox };
    out.ep = { key: id, name: `gateway_${sandbox.slice(0, 12)}`, endpointId, ip, mac };
  } else {
    const endpointId = derivedLocalId(`${t.id}/bridge`);
    c.nets.push({ net: net.id, ip, prefixLen: prefixLen(net.ipam[0]), mac, endpointId, aliases: [] });
    out.ep = { key: id, name, endpointId, ip, mac };
  }
  out.epNet = net;
  return out;
}

function define<T>(obj: object, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Rebuilds a pending machine's task containers into its lists (in creation order). */
function materialize(m: Machine): void {
  const raw = pending.get(m);
  if (!raw) return;
  pending.delete(m);
  const rebuilt: Rebuilt[] = [];
  for (const t of unstoredOn(raw.state.swarm!, m)) {
    const r = rebuild(raw.state, m, t);
    if (r) rebuilt.push(r);
  }
  rebuilt.sort((a, b) => compareStamps(a.c.created, b.c.created));
  const merged: Container[] = [];
  let i = 0;
  for (const c of raw.containers) {
    while (i < rebuilt.length && compareStamps(rebuilt[i].c.created, c.created) < 0) merged.push(rebuilt[i++].c);
    merged.push(c);
  }
  while (i < rebuilt.length) merged.push(rebuilt[i++].c);
  define(m, 'containers', merged);
  for (const n of m.networks) {
    const eps = [...(raw.endpoints.get(n) ?? n.endpoints)];
    for (const r of rebuilt) if (r.epNet === n && r.ep) eps.push(r.ep);
    define(n, 'endpoints', eps);
  }
}

/**
 * Loaded state: machines with unstored task containers get them rebuilt on first look. While
 * the tasks themselves are not loaded (compact file), every machine may have some.
 */
function install(state: State): void {
  const swarm = state.swarm;
  if (!swarm) return;
  let names: Set<string> | undefined;
  if (tasksLoaded(swarm)) {
    const nodeMachine = new Map<string, string>();
    for (const n of swarm.nodes) nodeMachine.set(n.id, n.machine);
    names = new Set<string>();
    for (const t of swarm.tasks) if (t.dc && t.storedContainer === undefined) names.add(nodeMachine.get(t.node) ?? '');
  }
  for (const m of state.machines) {
    if (names && !names.has(m.name)) continue;
    const raw: Raw = { state, containers: m.containers, endpoints: new Map(m.networks.map((n) => [n, n.endpoints])) };
    pending.set(m, raw);
    const accessor = (obj: object, key: string) =>
      Object.defineProperty(obj, key, {
        enumerable: true,
        configurable: true,
        get() {
          materialize(m);
          return (obj as Record<string, unknown>)[key];
        },
        set(v) {
          materialize(m);
          define(obj, key, v);
        },
      });
    accessor(m, 'containers');
    for (const n of m.networks) accessor(n, 'endpoints');
  }
}

/** The addresses of `net` (a bridge of `m`) that endpoints hold, rebuilt ones included. */
function bridgeUsed(state: State, m: Machine, net: LocalNetwork): Set<string> {
  const used = new Set<string>(explicitEndpoints(m, net).map((e) => e.ip));
  for (const c of net.ipam) if (c.Gateway) used.add(c.Gateway);
  if (isPending(m)) {
    const kind = net.name === 'docker_gwbridge' ? 'g' : net.name === 'bridge' ? 'b' : '';
    for (const t of unstoredOn(state.swarm!, m)) if (t.dc![0] === kind && t.dc![1]) used.add(t.dc![1]);
  }
  return used;
}

/** First free address of a node's bridge for a task container, drawing what addBridgeEndpoint draws. */
function bridgeAddress(d: Daemon, m: Machine, net: LocalNetwork): string {
  const ip = firstFree(net.ipam[0], bridgeUsed(d.state, m, net));
  if (!ip) throw forbidden(`no available IPv4 addresses on this network's address pools: ${net.name} (${net.id})`);
  if (d.profile.bridgeMac !== 'ip') d.rng.bytes(6);
  localId(d.rng);
  return ip;
}

/**
 * The executor creates `t`'s container on `m`: records what it cannot rebuild (its bridge
 * address) on the task. The random draws are those the container's creation always made, so
 * with DOCKERSIM_SEED the IDs of everything created later stay the same.
 */
export function createTaskContainer(d: Daemon, swarm: Swarm, svc: Service, t: Task, m: Machine): void {
  localId(d.rng); // container ID
  d.stamp(); // created
  for (let i = 0; i < t.nets.length; i++) localId(d.rng); // endpoint IDs
  const nets = t.nets.map((a) => networkById(swarm, a.net)).filter((n): n is SwarmNetwork => !!n);
  let dc: DerivedContainer = ['n'];
  if (nets.length) {
    const gw = nets.every((n) => n.internal) ? undefined : m.networks.find((n) => n.name === 'docker_gwbridge');
    if (gw) {
      localId(d.rng); // sandbox ID
      dc = ['g', bridgeAddress(d, m, gw)];
    }
  } else {
    const bridge = m.networks.find((n) => n.name === 'bridge');
    if (bridge) dc = ['b', bridgeAddress(d, m, bridge)];
  }
  const hostPorts = svc.ports.filter((p) => p.PublishMode === 'host');
  if (hostPorts.length) dc = [dc[0], dc[1] ?? '', hostPorts.map((p) => ({ ip: '0.0.0.0', hostPort: p.PublishedPort ?? 0, port: p.TargetPort, proto: p.Protocol }))];
  t.dc = dc;
}

/** After the task is running: machines whose containers are in memory get the new one too. */
export function placeTaskContainer(state: State, m: Machine, t: Task): void {
  if (isPending(m)) return;
  const r = rebuild(state, m, t);
  if (!r) return;
  m.containers.push(r.c);
  if (r.ep && r.epNet) r.epNet.endpoints.push(r.ep);
}

/** The task's container goes (task shut down or removed). */
export function removeTaskContainer(m: Machine, t: Task): void {
  const id = t.container;
  if (!id) return;
  if (isPending(m) && t.storedContainer === undefined) return; // never rebuilt: nothing to remove
  for (const n of m.networks) n.endpoints = n.endpoints.filter((e) => e.key !== id);
  m.containers = m.containers.filter((c) => c.id !== id);
}

/** Is `c` (with endpoint(s) on `m`) exactly what `t` rebuilds to? */
function pristine(state: State, m: Machine, t: Task, c: Container): boolean {
  const r = rebuild(state, m, t);
  if (!r || JSON.stringify(r.c) !== JSON.stringify(c)) return false;
  for (const n of m.networks) {
    for (const e of n.endpoints) {
      if (e.key !== c.id) continue;
      if (n !== r.epNet || JSON.stringify(e) !== JSON.stringify(r.ep)) return false;
    }
  }
  return true;
}

/** A machine as the file stores it, without rebuilding anything (a pending machine). */
function rawMachine(m: Machine, raw: Raw): Machine {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(m)) {
    if (k === 'containers') out[k] = raw.containers;
    else if (k === 'networks') {
      out[k] = m.networks.map((n) => {
        const o: Record<string, unknown> = {};
        for (const nk of Object.keys(n)) o[nk] = nk === 'endpoints' ? (raw.endpoints.get(n) ?? n.endpoints) : (n as unknown as Record<string, unknown>)[nk];
        return o;
      });
    } else out[k] = (m as unknown as Record<string, unknown>)[k];
  }
  return out as unknown as Machine;
}

/**
 * The machines to write. Compact: task containers equal to what their task rebuilds to are left
 * out. Full: every container is written (pending machines are rebuilt first). Each task's record
 * says which: container stored, derivable, or both.
 */
function saving(state: State, compact: boolean): Machine[] {
  const swarm = state.swarm;
  if (!swarm) return state.machines;
  if (!compact) for (const m of state.machines) materialize(m);
  return state.machines.map((m) => {
    const raw = pending.get(m);
    if (raw) return rawMachine(m, raw);
    const derivable = derivableOn(swarm, m);
    if (!derivable.length && !m.containers.some((c) => c.task)) return m;
    const present = new Set<string>();
    const omit = new Set<string>();
    for (const c of m.containers) {
      present.add(c.id);
      const t = c.task ? taskById(swarm, c.task) : undefined;
      if (!t?.dc || c.id !== taskContainerId(t.id)) continue;
      if (!pristine(state, m, t, c)) t.recordContainer(true, false); // changed: stored from now on
      else if (compact) {
        omit.add(c.id);
        t.recordContainer(false, true);
      } else t.recordContainer(true, true);
    }
    // A derivable container that was removed (docker rm -f): the task keeps only the ID.
    for (const t of derivable) if (t.dc && !present.has(taskContainerId(t.id))) t.recordContainer(true, false);
    if (!omit.size) return m;
    const networks = m.networks.map((n) => (n.endpoints.some((e) => omit.has(e.key)) ? { ...n, endpoints: n.endpoints.filter((e) => !omit.has(e.key)) } : n));
    return { ...m, containers: m.containers.filter((c) => !omit.has(c.id)), networks };
  });
}

codecHooks.loaded = install;
codecHooks.saving = saving;
