// Containers on one engine: create/start/stop/kill/rm, networks (bridges, host, none, attachable
// overlays through the manager), and the swarm tasks' containers (swarm-networking.md §4, §6).
import type { Container, Machine, SwarmNetwork } from '../state/schema';
import { localId } from '../state/ids';
import type { Daemon } from './daemon';
import { DaemonError, badRequest, conflict, forbidden, notFound } from './errors';
import { addBridgeEndpoint, newLoadBalancer } from './networks';
import { serialAlloc, releaseAddr, prefixLen } from './ipam';
import { macFromIp } from './ip';
import { familiar, parseRef, lookupImage } from './images';
import { localImage } from './images-local';
import { randomName } from './names';
import { releaseUnusedLoadBalancers } from './orchestrator';
import { networkById, readyNodeOf } from './indexes';

export interface ContainerCreateRequest {
  name?: string;
  Image: string;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Env?: string[];
  WorkingDir?: string;
  Hostname?: string;
  Labels?: Record<string, string>;
  Tty?: boolean;
  OpenStdin?: boolean;
  HostConfig?: {
    NetworkMode?: string;
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[]>;
    AutoRemove?: boolean;
  };
  NetworkingConfig?: { EndpointsConfig?: Record<string, { Aliases?: string[] }> };
}

const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Container reference: full ID, name, or unique ID prefix (moby's GetContainer). */
export function findContainer(d: Daemon, ref: string, machine: Machine = d.machine): Container {
  const cs = machine.containers;
  const byId = cs.find((c) => c.id === ref);
  if (byId) return byId;
  const name = ref.replace(/^\//, '');
  const byName = cs.find((c) => c.name === name);
  if (byName) return byName;
  const byPrefix = ref ? cs.filter((c) => c.id.startsWith(ref)) : [];
  if (byPrefix.length === 1) return byPrefix[0];
  if (byPrefix.length > 1) throw badRequest(`multiple IDs found with provided prefix: ${ref}`);
  throw notFound(`No such container: ${ref}`);
}

function pickName(d: Daemon): string {
  const taken = new Set(d.machine.containers.map((c) => c.name));
  for (let i = 0; i < 6; i++) {
    const n = randomName(d.rng, i);
    if (!taken.has(n)) return n;
  }
  return '';
}

export function createContainer(d: Daemon, req: ContainerCreateRequest): { Id: string; Warnings: string[] } {
  const ref = parseRef(req.Image);
  if (!ref) throw badRequest(`invalid reference format`);
  const img = localImage(d.machine, ref);
  if (!img) throw notFound(`No such image: ${familiar(ref)}`);
  let name = req.name;
  if (name !== undefined && name !== '') {
    if (!NAME_RE.test(name)) throw badRequest(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    name = name.replace(/^\//, '');
    const other = d.machine.containers.find((c) => c.name === name);
    if (other) {
      throw conflict(`Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
  }
  const mode = req.HostConfig?.NetworkMode || 'default';
  if (!['default', 'bridge', 'host', 'none'].includes(mode) && !mode.startsWith('container:')) {
    const local = d.machine.networks.find((n) => n.name === mode || n.id === mode || (mode.length >= 12 && n.id.startsWith(mode)));
    if (!local && !d.node()) throw notFound(`network ${mode} not found`);
  }
  const id = localId(d.rng);
  const cfg = img.data.config;
  const c: Container = {
    id,
    name: name || pickName(d) || id.slice(0, 12),
    image: req.Image,
    imageId: img.data.id,
    created: d.stamp(),
    state: 'created',
    exitCode: 0,
    entrypoint: req.Entrypoint !== undefined ? req.Entrypoint : cfg.Entrypoint,
    cmd: req.Cmd && req.Cmd.length ? req.Cmd : req.Entrypoint !== undefined && req.Entrypoint !== null ? null : cfg.Cmd,
    env: [...(cfg.Env ?? []), ...(req.Env ?? [])],
    workdir: req.WorkingDir || cfg.WorkingDir || '',
    hostname: req.Hostname || id.slice(0, 12),
    labels: { ...(cfg.Labels ?? {}), ...(req.Labels ?? {}) },
    networkMode: mode,
    nets: [],
    ports: [],
    aliases: Object.values(req.NetworkingConfig?.EndpointsConfig ?? {}).flatMap((e) => e.Aliases ?? []),
    tty: !!req.Tty,
    openStdin: !!req.OpenStdin,
    autoRemove: !!req.HostConfig?.AutoRemove,
    fs: {},
    installed: [],
  };
  for (const [key, binds] of Object.entries(req.HostConfig?.PortBindings ?? {})) {
    const [port, proto = 'tcp'] = key.split('/');
    for (const b of binds) {
      const hostPort = Number(b.HostPort) || ephemeralPort(d);
      c.ports.push({ ip: b.HostIp || '0.0.0.0', hostPort, port: Number(port), proto });
    }
  }
  d.machine.containers.push(c);
  return { Id: id, Warnings: [] };
}

function ephemeralPort(d: Daemon): number {
  const used = new Set(d.machine.containers.flatMap((c) => c.ports.map((p) => p.hostPort)));
  for (let p = 32768; p < 60999; p++) if (!used.has(p)) return p;
  return 0;
}

function swarmNetworkByRef(d: Daemon, ref: string): SwarmNetwork | undefined {
  const nets = d.state.swarm?.networks ?? [];
  return nets.find((n) => n.id === ref) ?? nets.find((n) => n.name === ref) ?? nets.find((n) => ref.length >= 3 && n.id.startsWith(ref));
}

function attachError(d: Daemon, name: string, grpc: string): DaemonError {
  return forbidden(`${d.profile.networkingErrorPrefix}Could not attach to network ${name}: ${grpc}`);
}

/** Joins the container's networks on start; the first failure leaves it in `created`. */
function connectNetworks(d: Daemon, c: Container): void {
  const mode = c.networkMode;
  if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) return;
  joinNetwork(d, c, mode === 'default' ? 'bridge' : mode, c.aliases);
  for (const extra of c.extraNets ?? []) joinNetwork(d, c, extra.net, extra.aliases);
}

function localNetworkByRef(d: Daemon, ref: string) {
  return d.machine.networks.find((n) => n.name === ref || n.id === ref || (ref.length >= 12 && n.id.startsWith(ref)));
}

/** One endpoint: a local bridge (first free address), or an attachable overlay through the manager. */
function joinNetwork(d: Daemon, c: Container, target: string, aliases: string[]): void {
  const local = localNetworkByRef(d, target);
  if (local && local.driver !== 'overlay') {
    if (c.nets.some((n) => n.net === local.id)) throw forbidden(`endpoint with name ${c.name} already exists in network ${local.name}`);
    // host and none have no addresses to give: a container joins them only as its network mode.
    if (!local.ipam.length) throw badRequest('container sharing network namespace with another container or host cannot be connected to any other network');
    const { ip, mac } = addBridgeEndpoint(d, local, c.id, c.name);
    const ep = local.endpoints[local.endpoints.length - 1];
    c.nets.push({ net: local.id, ip, prefixLen: prefixLen(local.ipam[0]), mac, endpointId: ep.endpointId, aliases: local.name === 'bridge' ? [] : aliases });
    // A network with a real gateway takes over the default route: docker_gwbridge is dropped (§4.1).
    if (c.gw && local.ipam[0]?.Gateway && !local.internal) {
      const gw = d.machine.networks.find((n) => n.name === 'docker_gwbridge');
      if (gw) gw.endpoints = gw.endpoints.filter((e) => e.key !== c.id);
      delete c.gw;
    }
    return;
  }
  const swarm = d.state.swarm;
  const node = d.node();
  if (!swarm || !node) throw notFound(`network ${target} not found`);
  const net = swarmNetworkByRef(d, target);
  if (!net) throw attachError(d, target, `rpc error: code = NotFound desc = network ${target} not found`);
  if (!net.attachable) throw attachError(d, target, `rpc error: code = PermissionDenied desc = network ${net.name} not manually attachable`);
  if (!net.alloc) throw attachError(d, target, `rpc error: code = Unavailable desc = network ${net.name} is not allocated`);
  if (c.nets.some((n) => n.net === net.id)) throw forbidden(`endpoint with name ${c.name} already exists in network ${net.name}`);
  const ip = serialAlloc(d.state, net.alloc);
  if (!ip) throw attachError(d, target, `rpc error: code = ResourceExhausted desc = could not allocate address on ${net.name}`);
  c.nets.push({ net: net.id, ip, prefixLen: prefixLen(net.alloc.ipam[0]), mac: macFromIp(ip), endpointId: localId(d.rng), aliases, static: true });
  if (!net.alloc.lb[node.id]) {
    const lb = serialAlloc(d.state, net.alloc);
    if (lb) net.alloc.lb[node.id] = newLoadBalancer(d, net.id, node.id, lb);
  }
  const hasGatewayNet = c.nets.some((n) => localNetworkByRef(d, n.net)?.ipam[0]?.Gateway);
  if (!c.gw && !hasGatewayNet) attachGateway(d, d.machine, c, [net]);
}

/** `docker network connect`: now when the container runs, else when it starts. */
export function connectContainer(d: Daemon, netRef: string, ctrRef: string, aliases: string[]): void {
  const c = findContainer(d, ctrRef);
  if (c.task) throw forbidden(`container ${c.id} is a swarm task: its networks are managed by the swarm`);
  const local = localNetworkByRef(d, netRef);
  const overlay = local ? undefined : swarmNetworkByRef(d, netRef);
  if (local || overlay) {
    const target = local ? { name: local.name, type: local.driver, swarm: false } : { name: overlay!.name, type: 'overlay', swarm: true };
    if (namespaceConflict(d, c, target) === 'already') return;
  }
  if (isUp(c)) {
    joinNetwork(d, c, netRef, aliases);
    return;
  }
  if (!local && !overlay) throw notFound(`network ${netRef} not found`);
  (c.extraNets ??= []).push({ net: netRef, aliases });
}

interface NetKind {
  name: string;
  /** The driver (`bridge`, `host`, `null`, `overlay`, …). */
  type: string;
  swarm: boolean;
}

/** The networks a container is on (running) or will join at start (created or stopped). */
function networksOfContainer(d: Daemon, c: Container): NetKind[] {
  const out: NetKind[] = [];
  const add = (ref: string) => {
    const local = localNetworkByRef(d, ref);
    if (local) out.push({ name: local.name, type: local.driver, swarm: false });
    else {
      const sn = swarmNetworkByRef(d, ref);
      if (sn) out.push({ name: sn.name, type: 'overlay', swarm: true });
    }
  };
  if (isUp(c)) for (const n of c.nets) add(n.net);
  else {
    add(c.networkMode === 'default' ? 'bridge' : c.networkMode);
    for (const x of c.extraNets ?? []) add(x.net);
  }
  if (c.networkMode === 'host' || c.networkMode === 'none') add(c.networkMode);
  return out;
}

/**
 * moby's updateNetworkConfig: a container sharing the host's (or another container's) network
 * namespace, or in `none`, joins no other network; joining a network it is on already (stopped)
 * changes nothing ('already').
 */
function namespaceConflict(d: Daemon, c: Container, n: NetKind): 'already' | undefined {
  const shared = 'container sharing network namespace with another container or host cannot be connected to any other network';
  if (c.networkMode.startsWith('container:')) throw badRequest(shared);
  const isPrivate = (type: string) => type !== 'host';
  for (const sn of networksOfContainer(d, c)) {
    if (sn.name === n.name) {
      if (sn.swarm || isUp(c)) continue;
      return 'already';
    }
    if (!isPrivate(sn.type) || !isPrivate(n.type)) throw badRequest(shared);
    if (sn.name === 'none' || n.name === 'none') throw badRequest('container cannot be connected to multiple networks with one of the networks in private (none) mode');
  }
  return undefined;
}

/** `docker network disconnect`: the endpoint goes (and its overlay address back to the manager). */
export function disconnectContainer(d: Daemon, netRef: string, ctrRef: string): void {
  const c = findContainer(d, ctrRef);
  const local = localNetworkByRef(d, netRef);
  const overlay = local ? undefined : swarmNetworkByRef(d, netRef);
  const id = local?.id ?? overlay?.id;
  if (!id) throw notFound(`network ${netRef} not found`);
  const ep = c.nets.find((n) => n.net === id);
  if (!ep) throw forbidden(`container ${c.id} is not connected to network ${local?.name ?? overlay?.name}`);
  if (local) local.endpoints = local.endpoints.filter((e) => e.key !== c.id);
  if (overlay?.alloc) releaseAddr(d.state, overlay.alloc, ep.ip);
  c.nets = c.nets.filter((n) => n !== ep);
  const node = d.node();
  if (overlay && node && d.state.swarm) releaseUnusedLoadBalancers(d, d.state.swarm, node.id, [overlay.id], d.machine);
}

/** docker_gwbridge endpoint for a sandbox whose networks have no gateway (§4.1). */
export function attachGateway(d: Daemon, machine: Machine, c: Container, nets: SwarmNetwork[]): void {
  if (!nets.length || nets.every((n) => n.internal)) return;
  const gw = machine.networks.find((n) => n.name === 'docker_gwbridge');
  if (!gw) return;
  const sandbox = localId(d.rng);
  const { ip, mac } = addBridgeEndpoint(d, gw, c.id, `gateway_${sandbox.slice(0, 12)}`);
  c.gw = { ip, mac, endpointId: gw.endpoints[gw.endpoints.length - 1].endpointId, sandbox };
}

/** Leaves every network: endpoints go, overlay attachments are returned to the manager. */
export function disconnectAll(d: Daemon, machine: Machine, c: Container): void {
  for (const n of machine.networks) n.endpoints = n.endpoints.filter((e) => e.key !== c.id);
  const swarm = d.state.swarm;
  if (swarm && !c.task) {
    const node = readyNodeOf(swarm, machine.name);
    const overlays = c.nets.filter((x) => networkById(swarm, x.net));
    for (const a of overlays) {
      const net = networkById(swarm, a.net)!;
      if (net.alloc) releaseAddr(d.state, net.alloc, a.ip);
    }
    c.nets = [];
    delete c.gw;
    if (node) releaseUnusedLoadBalancers(d, swarm, node.id, overlays.map((a) => a.net), machine);
    return;
  }
  c.nets = [];
  delete c.gw;
}

export function startContainer(d: Daemon, ref: string): Container {
  const c = findContainer(d, ref);
  if (c.state === 'running') return c;
  try {
    connectNetworks(d, c);
  } catch (e) {
    disconnectAll(d, d.machine, c);
    throw e;
  }
  c.state = 'running';
  c.startedAt = d.stamp();
  delete c.finishedAt;
  return c;
}

/** `docker rename` (moby daemon/rename.go and reserveName, with their words). */
export function renameContainer(d: Daemon, ref: string, newName: string): void {
  if (!ref || !newName) throw badRequest('Neither old nor new names may be empty');
  const c = findContainer(d, ref);
  const wanted = newName.replace(/^\//, '');
  if (c.name === wanted) throw badRequest('Renaming a container with the same name as its current name');
  if (!NAME_RE.test(wanted)) throw badRequest(`Error when allocating new name: Invalid container name (/${wanted}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const other = d.machine.containers.find((x) => x.name === wanted);
  if (other) {
    throw conflict(`Error when allocating new name: Conflict. The container name "/${wanted}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`);
  }
  // the name is what the embedded DNS answers on user-defined networks: it follows
  c.name = wanted;
}

/** The main process: entrypoint + command. */
export function mainArgv(c: Container): string[] {
  return [...(c.entrypoint ?? []), ...(c.cmd ?? [])];
}

/** moby's State.Running: the process exists (a paused one too), with its sandbox and endpoints. */
export function isUp(c: Container): boolean {
  return c.state === 'running' || c.state === 'paused';
}

/** `docker pause` / `unpause` (moby daemon/pause.go, unpause.go: their 409s). */
export function pauseContainer(d: Daemon, ref: string, pause: boolean): Container {
  const c = findContainer(d, ref);
  if (pause) {
    if (c.state !== 'running' && c.state !== 'paused') throw new DaemonError(`container ${c.id} is not running`, 409);
    if (c.state === 'paused') throw new DaemonError(`Container ${c.id} is already paused`, 409);
    c.state = 'paused';
  } else {
    if (c.state !== 'paused') throw new DaemonError(`Container ${c.id} is not paused`, 409);
    c.state = 'running';
  }
  return c;
}

/** Exit code when the main process is stopped: apps handling their stop signal exit 0, `sleep` is killed. */
function stopCode(c: Container): number {
  const ref = parseRef(c.image);
  const app = ref ? lookupImage(ref)?.image.app : null;
  return app ? 0 : 137;
}

export function stopContainer(d: Daemon, ref: string, kill = false): Container {
  const c = findContainer(d, ref);
  if (c.state !== 'running' && c.state !== 'paused') {
    if (kill) throw new DaemonError(`cannot kill container: ${ref}: container ${c.id} is not running`, 409);
    return c;
  }
  c.state = 'exited';
  c.exitCode = kill ? 137 : stopCode(c);
  c.finishedAt = d.stamp();
  disconnectAll(d, d.machine, c);
  if (c.autoRemove) d.machine.containers = d.machine.containers.filter((x) => x !== c);
  return c;
}

const LOG_LINES = 200;

/** Marks a stored log line the main process wrote on stderr. */
export const STDERR_MARK = '\u0002';

/** A line the container's main process wrote (an nginx access-log line, …); the newest are kept. */
export function appendLog(c: Container, line: string, stderr = false): void {
  const logs = (c.logs ??= []);
  logs.push(stderr ? STDERR_MARK + line : line);
  if (logs.length > LOG_LINES) logs.splice(0, logs.length - LOG_LINES);
}

/** What a main process printed, line by line, into the container's log (stdout first). */
export function recordOutput(c: Container, stdout: string, stderr: string): void {
  const lines = (text: string) => (text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'));
  for (const l of lines(stdout)) appendLog(c, l);
  for (const l of lines(stderr)) appendLog(c, l, true);
}

/** The main process exited by itself with `code`. */
export function exitContainer(d: Daemon, ref: string, code: number): void {
  const c = findContainer(d, ref);
  if (c.state !== 'running') return;
  c.state = 'exited';
  c.exitCode = code;
  c.finishedAt = d.stamp();
  disconnectAll(d, d.machine, c);
}

export function removeContainer(d: Daemon, ref: string, force: boolean): void {
  const c = findContainer(d, ref);
  if (c.state === 'running' && !force) {
    throw conflict(`cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`);
  }
  disconnectAll(d, d.machine, c);
  d.machine.containers = d.machine.containers.filter((x) => x !== c);
}

