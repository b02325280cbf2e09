// The Engine API as calls (networkList, swarmInit, nodeInspect, …), implemented in process on
// top of engine/. The CLI talks only to this; the HTTP daemon (src/api) will serve the same calls.
import path from 'node:path';
import { Daemon } from '../engine/daemon';
import { transact, type TransactOptions } from '../state/store';
import { ContextError } from './errors';
import type { State } from '../state/schema';
import { freshState, createMachine } from '../engine/machines';
import * as networks from '../engine/networks';
import * as swarmOps from '../engine/swarm';
import * as nodes from '../engine/nodes';
import { networkInspectView, networkListView } from '../engine/views/network';
import { nodeView, swarmView } from '../engine/views/node';
import { DaemonError, badRequest, notFound } from '../engine/errors';
import { Filters, matchLabel } from './filters';
import * as services from '../engine/services';
import { serviceView, taskView, upNodes } from '../engine/views/service';
import type { ServiceSpec, Container, Swarm, Task } from '../state/schema';
import { serviceById, taskIndex } from '../engine/indexes';
import type { RoutingContext } from '../routing/context';
import * as containers from '../engine/containers';
import { containerInspectView, containerListView } from '../engine/views/container';
import { pullImage, imageInspectView } from '../engine/images-local';
import { lookupImage, parseRef, familiar } from '../engine/images';

type Json = Record<string, any>;

export class Client {
  constructor(readonly daemon: Daemon) {}

  get machine() {
    return this.daemon.machine;
  }
  get profile() {
    return this.daemon.profile;
  }
  get now() {
    return this.daemon.now;
  }
  get state(): State {
    return this.daemon.state;
  }

  // ---- networks
  networkList(filters = new Filters()): Json[] {
    filters.validate(['driver', 'id', 'label', 'name', 'scope', 'type', 'dangling']);
    const d = this.daemon;
    return networks
      .visibleNetworks(d)
      .filter((r) => {
        const n = r.net;
        const scope = r.kind === 'local' ? 'local' : 'swarm';
        const driver = r.kind === 'swarm' && !r.net.alloc ? '' : n.driver;
        const builtin = r.kind === 'local' ? networks.PREDEFINED.includes(n.name) : r.net.ingress;
        return (
          filters.exact('driver', driver) &&
          filters.match('id', n.id) &&
          filters.match('name', n.name) &&
          filters.exact('scope', scope, scope === 'swarm' ? ['global'] : []) &&
          filters.exact('type', builtin ? 'builtin' : 'custom') &&
          filters.labels((r.kind === 'local' ? n.labels : r.net.labels) ?? {})
        );
      })
      .map((r) => networkListView(d, r));
  }

  networkCreate(req: networks.NetworkCreateRequest) {
    return networks.createNetwork(this.daemon, req);
  }

  /** GET /networks/{ref}[?scope=local|swarm|global]: the scope narrows the lookup (moby getNetwork). */
  networkInspect(ref: string, scope = ''): Json {
    const net = networks.findNetwork(this.daemon, ref);
    if (scope && !inScope(net, ref, scope)) throw notFound(`network ${ref} not found`);
    return networkInspectView(this.daemon, net);
  }

  networkRemove(ref: string): void {
    networks.removeNetwork(this.daemon, ref);
  }

  networksPrune(): { NetworksDeleted: string[] } {
    return { NetworksDeleted: networks.pruneNetworks(this.daemon) };
  }

  // ---- swarm
  swarmInit(req: swarmOps.InitRequest): string {
    return swarmOps.swarmInit(this.daemon, req);
  }
  swarmJoin(req: swarmOps.JoinRequest) {
    return swarmOps.swarmJoin(this.daemon, req);
  }
  swarmLeave(force: boolean): void {
    swarmOps.swarmLeave(this.daemon, force);
  }
  swarmRotateToken(role: 'worker' | 'manager'): void {
    swarmOps.rotateToken(this.daemon, role);
  }
  /** `docker info` Swarm.NodeID of this engine. */
  selfNodeId(): string {
    return this.daemon.manager().node.id;
  }
  swarmInspect(): Json {
    const { swarm } = this.daemon.manager();
    return swarmView(this.daemon, swarm);
  }

  // ---- nodes
  nodeList(filters = new Filters()): Json[] {
    filters.validate(['id', 'label', 'membership', 'name', 'node.label', 'role']);
    const { swarm } = this.daemon.manager();
    return swarm.nodes
      .filter(
        (n) =>
          filters.match('id', n.id) &&
          filters.match('name', n.machine) &&
          filters.exact('role', n.role) &&
          filters.exact('membership', 'accepted') &&
          filters.labels(n.labels, 'node.label'),
      )
      .map((n) => nodeView(this.daemon, swarm, n));
  }
  nodeInspect(ref: string): Json {
    const { swarm } = this.daemon.manager();
    return nodeView(this.daemon, swarm, nodes.findNode(this.daemon, ref));
  }
  nodeUpdate(ref: string, spec: nodes.NodeSpecUpdate): void {
    nodes.updateNode(this.daemon, ref, spec);
  }
  nodeRemove(ref: string, force: boolean): void {
    nodes.removeNode(this.daemon, ref, force);
  }

  // ---- services and tasks
  serviceCreate(spec: ServiceSpec) {
    return services.createService(this.daemon, spec);
  }
  serviceList(filters = new Filters(), status = true): Json[] {
    filters.validate(['id', 'label', 'mode', 'name', 'runtime']);
    const { swarm } = this.daemon.manager();
    const up = status ? upNodes(this.daemon, swarm) : undefined;
    return swarm.services
      .filter((s) => {
        const mode = s.spec.Mode?.Global ? 'global' : 'replicated';
        return filters.match('id', s.id) && filters.match('name', s.spec.Name) && filters.exact('mode', mode) && filters.labels(s.spec.Labels ?? {});
      })
      .map((s) => serviceView(swarm, s, up));
  }
  serviceInspect(ref: string): Json {
    const { swarm } = this.daemon.manager();
    return serviceView(swarm, services.findService(this.daemon, ref));
  }
  serviceUpdate(ref: string, spec: ServiceSpec | null, rollback = false) {
    return services.updateService(this.daemon, ref, spec, { rollback });
  }
  serviceRemove(ref: string): void {
    services.removeService(this.daemon, ref);
  }
  taskList(filters = new Filters()): Json[] {
    filters.validate(['desired-state', 'id', 'label', 'name', 'node', 'service', 'runtime']);
    const { swarm } = this.daemon.manager();
    const svcIds = filters.get('service').map((ref) => services.findService(this.daemon, ref).id);
    const nodeIds = filters.get('node').map((ref) => nodes.findNode(this.daemon, ref).id);
    // With a service filter, only those services' tasks (in store order) need looking at.
    const candidates = svcIds.length ? tasksInStoreOrder(swarm, svcIds) : swarm.tasks;
    return candidates
      .filter((t) => {
        const svc = serviceById(swarm, t.service);
        const name = svc ? `${svc.spec.Name}.${t.slot || t.node}` : '';
        return (
          (!svcIds.length || svcIds.includes(t.service)) &&
          (!nodeIds.length || nodeIds.includes(t.node)) &&
          filters.match('id', t.id) &&
          filters.match('name', name) &&
          filters.exact('desired-state', t.desired === 'ready' ? 'accepted' : t.desired) &&
          // swarmkit matches a task's labels filter against its service's labels
          filters.labels(svc?.spec.Labels ?? {})
        );
      })
      .map((t) => taskView(this.daemon, swarm, t));
  }

  // ---- containers and images (this engine)
  containerCreate(req: containers.ContainerCreateRequest) {
    return containers.createContainer(this.daemon, req);
  }
  containerStart(ref: string): void {
    containers.startContainer(this.daemon, ref);
  }
  containerStop(ref: string, kill = false): void {
    containers.stopContainer(this.daemon, ref, kill);
  }
  networkConnect(net: string, container: string, aliases: string[] = []): void {
    containers.connectContainer(this.daemon, net, container, aliases);
  }
  networkDisconnect(net: string, container: string): void {
    containers.disconnectContainer(this.daemon, net, container);
  }
  /** The container's main process ended with `code`. */
  containerExited(ref: string, code: number): void {
    containers.exitContainer(this.daemon, ref, code);
  }
  containerRemove(ref: string, force = false): void {
    containers.removeContainer(this.daemon, ref, force);
  }
  /** The container, if its main process runs (the daemon's 409 "container … is not running"). */
  runningContainer(ref: string): Container {
    const ctr = containers.findContainer(this.daemon, ref);
    // moby daemon/exec.go getActiveContainer
    if (ctr.state === 'paused') throw new DaemonError(`Container ${ref} is paused, unpause the container before exec`, 409);
    if (ctr.state !== 'running') throw new DaemonError(`container ${ctr.id} is not running`, 409);
    return ctr;
  }
  containerRename(ref: string, name: string): void {
    containers.renameContainer(this.daemon, ref, name);
  }
  containerPause(ref: string, pause: boolean): void {
    containers.pauseContainer(this.daemon, ref, pause);
  }
  /** Keeps what a command did to the container's filesystem and packages. */
  saveContainerChanges(id: string, res: { changes: Record<string, string | null>; installed: string[] }): void {
    const ctr = containers.findContainer(this.daemon, id);
    ctr.fs = res.changes;
    ctr.installed = res.installed;
  }
  /** What the container's main process printed goes to its log (`docker logs`). */
  containerOutput(id: string, stdout: string, stderr: string): void {
    containers.recordOutput(containers.findContainer(this.daemon, id), stdout, stderr);
  }
  /** `GET /images/{name}/json`. */
  imageInspect(ref: string): Json {
    return imageInspectView(this.machine, ref);
  }
  /** The stored container record (for exec and logs). */
  container(ref: string): Container {
    return containers.findContainer(this.daemon, ref);
  }
  containerList(all: boolean, filters = new Filters()): Json[] {
    filters.validate(['id', 'name', 'label', 'exited', 'status', 'ancestor', 'before', 'since', 'volume', 'network', 'publish', 'expose', 'health', 'isolation', 'is-task']);
    const d = this.daemon;
    const m = d.machine;
    const statuses = filters.get('status');
    const netName = (id: string) => m.networks.find((n) => n.id === id)?.name ?? d.state.swarm?.networks.find((n) => n.id === id)?.name ?? id;
    return [...m.containers]
      .reverse()
      .filter((c) => (all || statuses.length ? true : containers.isUp(c)))
      .filter((c) => {
        const ancestor = filters.get('ancestor');
        return (
          filters.match('id', c.id) &&
          filters.match('name', c.name) &&
          filters.exact('status', c.state) &&
          filters.labels(c.labels) &&
          filters.exact('exited', String(c.exitCode)) &&
          (!filters.get('exited').length || c.state === 'exited') &&
          filters.exact('is-task', String(!!c.task)) &&
          (!filters.get('network').length || c.nets.some((n) => filters.get('network').some((w) => w === n.net || w === netName(n.net)))) &&
          (!ancestor.length || ancestor.some((a) => imageMatches(c, a)))
        );
      })
      .map((c) => containerListView(d, m, c));
  }
  containerInspect(ref: string): Json {
    return containerInspectView(this.daemon, this.machine, containers.findContainer(this.daemon, ref));
  }
  /** Pulls into this engine's cache; the daemon's progress messages. */
  imagePull(ref: string) {
    const parsed = parseRef(ref);
    if (!parsed) throw badRequest('invalid reference format');
    return pullImage(this.daemon, this.machine, parsed);
  }
  imageList(filters = new Filters()): Array<{ repository: string; tag: string; id: string; digest: string; created: string; size: number }> {
    filters.validate(['dangling', 'label', 'before', 'since', 'reference', 'until']);
    const out = [];
    for (const img of [...this.machine.images].reverse()) {
      const hit = lookupImage({ repository: img.repository });
      const data = hit && Object.values(hit.image.tags).find((t) => t.id === img.id);
      if (!data) continue;
      const tags = img.tags.length ? img.tags : ['<none>'];
      for (const tag of tags) {
        const dangling = tag === '<none>';
        if (filters.get('dangling').length && !filters.get('dangling').some((v) => (v === 'true') === dangling)) continue;
        const refs = filters.get('reference');
        if (refs.length && !refs.some((r) => globMatch(r, `${img.repository}:${tag}`) || globMatch(r, img.repository))) continue;
        if (!filters.labels(data.config.Labels ?? {})) continue;
        out.push({ repository: img.repository, tag, id: img.id, digest: `${data.repoDigest}`, created: data.created, size: data.size });
      }
    }
    return out;
  }
  imageRemove(ref: string, force = false): string[] {
    const parsed = parseRef(ref);
    const m = this.machine;
    const byId = m.images.find((i) => ref.length >= 4 && i.id.replace('sha256:', '').startsWith(ref.replace('sha256:', '')));
    const hit = parsed && lookupImage(parsed);
    const img = byId ?? (hit ? m.images.find((i) => i.repository === parsed!.repository && i.id === hit.data.id && (i.tags.includes(hit.tag) || !!parsed!.digest)) : undefined);
    if (!img) throw notFound(`No such image: ${parsed ? familiar(parsed) : ref}`);
    const user = m.containers.find((c) => c.imageId === img.id);
    if (user && !force) {
      throw new DaemonError(`conflict: unable to remove repository reference "${ref}" (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${img.id.replace('sha256:', '').slice(0, 12)}`, 409);
    }
    const out: string[] = [];
    if (!byId && hit && img.tags.length > 1) {
      img.tags = img.tags.filter((t) => t !== hit.tag);
      return [`Untagged: ${img.repository}:${hit.tag}`];
    }
    for (const t of img.tags) out.push(`Untagged: ${img.repository}:${t}`);
    if (hit) out.push(`Untagged: ${img.repository}@${hit.data.repoDigest}`);
    out.push(`Deleted: ${img.id}`);
    m.images = m.images.filter((i) => i !== img);
    return out;
  }

  // ---- the routing core, as the engine lends it to shells and host commands
  routing(): RoutingContext {
    const state = this.state;
    return {
      state,
      rng: this.daemon.rng,
      now: this.now,
      profile: this.profile,
      advance: (key: string, n: number) => {
        const table = (state.ipvs ??= {});
        const i = table[key] ?? 0;
        table[key] = (i + 1) % Math.max(1, n);
        return i;
      },
      peek: (key: string) => state.ipvs?.[key] ?? 0,
    };
  }

  // ---- dockersim machines (also the docker contexts)
  machineList() {
    return this.state.machines;
  }
  machineCreate(name: string, ip?: string) {
    return createMachine(this.state, this.daemon.rng, this.now, name, ip);
  }
  machineRemove(name: string): void {
    const m = this.state.machines.find((x) => x.name === name);
    if (!m) throw notFound(`machine "${name}" does not exist`);
    if (this.state.machines.length === 1) throw badRequest(`cannot remove "${name}": it is the last machine`);
    const node = this.state.swarm?.nodes.find((n) => n.machine === name && n.status === 'ready');
    if (node) {
      const d = new Daemon(this.daemon.session, m);
      swarmOps.swarmLeave(d, true);
    }
    this.state.machines = this.state.machines.filter((x) => x !== m);
    if (this.state.context === name) this.state.context = this.state.machines[0].name;
  }
  contextUse(name: string): void {
    if (!this.state.machines.some((m) => m.name === name)) throw new ContextError(contextNotFound(name, this.daemon.session.env));
    this.state.context = name;
  }
}

/** The tasks of some services, in the order swarm.tasks holds them. */
function tasksInStoreOrder(swarm: Swarm, serviceIds: string[]): Task[] {
  const ix = taskIndex(swarm);
  const lists = [...new Set(serviceIds)].map((id) => ix.ofService(id));
  if (lists.length === 1) return [...lists[0]];
  const order = new Map<Task, number>();
  swarm.tasks.forEach((t, i) => order.set(t, i));
  return lists.flat().sort((a, b) => order.get(a)! - order.get(b)!);
}

/** Go's path.Match for image references (`ngi*`, `nginx:*`). */
function globMatch(pattern: string, text: string): boolean {
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${re}$`).test(text);
}

function imageMatches(c: Container, want: string): boolean {
  const ref = parseRef(want);
  if (!ref) return c.imageId.replace('sha256:', '').startsWith(want.replace('sha256:', ''));
  const mine = parseRef(c.image);
  return !!mine && mine.repository === ref.repository && (!ref.tag || (mine.tag ?? 'latest') === ref.tag);
}

export { ContextError };

/** The docker CLI's text for a context it cannot find (its metadata file is missing). */
export function contextNotFound(name: string, env: NodeJS.ProcessEnv): string {
  const dir = env.DOCKER_CONFIG || path.join((require('node:os') as typeof import('node:os')).homedir(), '.docker');
  const digest = (require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(name).digest('hex');
  return `context "${name}": context not found: open ${path.join(dir, 'contexts', 'meta', digest, 'meta.json')}: no such file or directory`;
}

/** Picks the machine a command talks to: -c/--context, then DOCKER_CONTEXT, then the current one. */
export function resolveContext(state: State, flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const name = flag || env.DOCKER_CONTEXT || state.context;
  if (name === 'default') return state.machines[0].name;
  if (!state.machines.some((m) => m.name === name)) {
    throw new ContextError(`Failed to initialize: unable to resolve docker endpoint: ${contextNotFound(name, env)}`);
  }
  return name;
}

/**
 * moby getNetwork's scope filter. swarmkit keeps `bridge` and `host` as predefined networks, so a
 * swarm-scope lookup by those names finds them (and the service create later refuses `bridge`).
 */
function inScope(net: networks.NetworkRef, ref: string, scope: string): boolean {
  if (net.kind !== 'local') return scope === 'swarm' || scope === 'global';
  if (scope === 'local') return true;
  return scope === 'swarm' && ref === net.net.name && (ref === 'bridge' || ref === 'host');
}

export async function withClient<T>(env: NodeJS.ProcessEnv, context: string | undefined, fn: (c: Client) => T | Promise<T>, opts: TransactOptions = {}): Promise<T> {
  return transact(
    env,
    freshState,
    (session) => {
      const name = resolveContext(session.state, context, env);
      const machine = session.state.machines.find((m) => m.name === name)!;
      return fn(new Client(new Daemon(session, machine)));
    },
    opts,
  );
}

export { Filters, matchLabel };
