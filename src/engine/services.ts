// Services as swarmkit runs them: the control API (create/update/rollback/remove), the allocator
// (VIPs, published ports, task addresses), and the orchestrators that keep tasks matching the spec.
import type { PortConfig, Service, ServiceSpec, State, Swarm, SwarmNetwork, TaskTemplate } from '../state/schema';
import { swarmId } from '../state/ids';
import type { Daemon } from './daemon';
import { DaemonError, badRequest, notFound } from './errors';
import { findNetwork } from './networks';
import { serialAlloc, releaseAddr } from './ipam';
import { prefixLen } from './ipam';
import { normalizeSpec, orderedPort } from './spec';
import { familiar, lookupImage, parseRef } from './images';
import { randomName } from './names';
import { annotationsError } from './annotations';
import { parseConstraints } from './scheduler';
import { flushTasks, reconcile, removeTask, serviceTasks } from './orchestrator';
import { networkById, taskIndex } from './indexes';
import { templateOf } from './task-containers';

const PORT_RANGE = { first: 30000, last: 32767 };

export function findService(d: Daemon, ref: string): Service {
  const { swarm } = d.manager();
  const byId = swarm.services.find((s) => s.id === ref);
  if (byId) return byId;
  const byName = swarm.services.find((s) => s.spec.Name === ref);
  if (byName) return byName;
  const byPrefix = swarm.services.filter((s) => s.id.startsWith(ref));
  if (ref && byPrefix.length === 1) return byPrefix[0];
  if (ref && byPrefix.length > 1) throw badRequest(`service ${ref} is ambiguous (${byPrefix.length} matches found)`);
  throw notFound(`service ${ref} not found`);
}

/**
 * The most tasks dockersim keeps desired in one swarm. Docker has no such limit (swarmkit only
 * refuses a replica count that is negative as an int64) and its orchestrator would start making
 * every task asked for; here `--replicas 99999999` would exhaust memory instead. 200,000 is
 * above a Swarm3k-size cluster (150,000 tasks).
 */
export const MAX_DESIRED_TASKS = 200_000;

function desiredTasks(swarm: Swarm, spec: ServiceSpec): number {
  if (spec.Mode?.Global) return swarm.nodes.length;
  return Number(spec.Mode?.Replicated?.Replicas ?? 0);
}

/** swarmkit's validateMode, then dockersim's bound on the tasks it would have to make. */
function checkReplicas(swarm: Swarm, spec: ServiceSpec, self?: Service): void {
  const wanted = desiredTasks(swarm, spec);
  if (wanted >= 2 ** 63) throw rpc('InvalidArgument', 'Number of replicas must be non-negative');
  let total = wanted;
  for (const s of swarm.services) if (s !== self) total += desiredTasks(swarm, s.spec);
  if (total > MAX_DESIRED_TASKS) {
    throw rpc('ResourceExhausted', `dockersim simulates at most ${MAX_DESIRED_TASKS} tasks in a swarm; this service would bring it to ${total}`);
  }
}

function rpc(code: string, desc: string, status = 400) {
  return new DaemonError(`rpc error: code = ${code} desc = ${desc}`, status);
}

/** Pins `image:tag@digest` as the daemon does when the registry (here: the catalog) knows it. */
function pinImage(image: string): { image: string; warning?: string; platform: { Architecture: string; OS: string } | null } {
  const ref = parseRef(image);
  if (!ref) throw badRequest(`rpc error: code = InvalidArgument desc = ContainerSpec: "${image}" is not a valid repository/tag`);
  const hit = lookupImage(ref);
  const name = familiar(ref);
  if (!hit) {
    return {
      image,
      platform: null,
      warning: `image ${name} could not be accessed on a registry to record\nits digest. Each node will access ${name} independently,\npossibly leading to different nodes running different\nversions of the image.\n`,
    };
  }
  const tagged = `${ref.repository}:${hit.tag}@${hit.data.repoDigest}`;
  return { image: tagged, platform: { Architecture: hit.data.architecture, OS: hit.data.os } };
}

/** Resolves network names to IDs and checks they can carry services. */
function resolveNetworks(d: Daemon, spec: ServiceSpec): void {
  const nets = spec.TaskTemplate?.Networks ?? [];
  const seen = new Set<string>();
  for (const n of nets) {
    let ref;
    try {
      ref = findNetwork(d, n.Target);
    } catch (e) {
      if (e instanceof DaemonError && e.status === 404) throw notFound(`network ${n.Target} not found`);
      throw e;
    }
    if (ref.kind === 'local') {
      throw badRequest(`The network ${ref.net.name} cannot be used with services. Only networks scoped to the swarm can be used, such as those created with the overlay driver.`);
    }
    if (ref.net.ingress) throw badRequest(`rpc error: code = InvalidArgument desc = Service cannot be explicitly attached to the ingress network "${ref.net.name}"`);
    if (seen.has(ref.net.id)) throw badRequest(`rpc error: code = InvalidArgument desc = duplicate network ${ref.net.name}`);
    seen.add(ref.net.id);
    n.Target = ref.net.id;
  }
}

function validateSpec(d: Daemon, swarm: Swarm, spec: ServiceSpec, self?: Service): void {
  const name: string = spec.Name;
  const nameError = annotationsError(name);
  if (nameError) throw rpc('InvalidArgument', nameError);
  checkReplicas(swarm, spec, self);
  if (swarm.services.some((s) => s.spec.Name === name && s !== self)) {
    throw new DaemonError(`rpc error: code = AlreadyExists desc = name conflicts with an existing object: service ${name} already exists`, 409);
  }
  parseConstraints(spec.TaskTemplate?.Placement?.Constraints ?? []);
  const ports: PortConfig[] = spec.EndpointSpec?.Ports ?? [];
  if (spec.EndpointSpec?.Mode === 'dnsrr' && ports.some((p) => p.PublishMode !== 'host')) {
    throw rpc('InvalidArgument', "EndpointSpec: port published with ingress mode can't be used with dnsrr mode");
  }
  const mine = new Set<string>();
  for (const p of ports) {
    if (!p.PublishedPort) continue;
    const key = `${p.PublishedPort}/${p.Protocol}`;
    if (mine.has(key)) throw rpc('InvalidArgument', `EndpointSpec: duplicate published ports provided`);
    mine.add(key);
    for (const other of swarm.services) {
      if (other === self) continue;
      const clash = other.ports.find((q) => q.PublishedPort === p.PublishedPort && q.Protocol === p.Protocol && (q.PublishMode === 'ingress' || p.PublishMode === 'ingress'));
      if (clash) {
        throw rpc('InvalidArgument', `port '${p.PublishedPort}' is already in use by service '${other.spec.Name}' (${other.id}) as ${clash.PublishMode === 'ingress' ? 'an ingress port' : 'a host-published port'}`);
      }
    }
  }
}

function allocatePorts(swarm: Swarm, svc: Service): void {
  const used = new Set(swarm.services.filter((s) => s !== svc).flatMap((s) => s.ports.map((p) => `${p.PublishedPort}/${p.Protocol}`)));
  svc.ports = (svc.spec.EndpointSpec?.Ports ?? []).map((p: PortConfig) => {
    const out: PortConfig = { ...p };
    if (!out.PublishedPort && out.PublishMode === 'ingress') {
      for (let port = PORT_RANGE.first; port <= PORT_RANGE.last; port++) {
        if (!used.has(`${port}/${p.Protocol}`)) {
          out.PublishedPort = port;
          used.add(`${port}/${p.Protocol}`);
          break;
        }
      }
    }
    return orderedPort(out);
  });
}

export function ingressNetwork(swarm: Swarm): SwarmNetwork | undefined {
  return swarm.networks.find((n) => n.ingress);
}

/** Networks a service's tasks attach to, in attachment order: ingress first when it publishes there. */
export function serviceNetworks(swarm: Swarm, svc: Service): SwarmNetwork[] {
  const out: SwarmNetwork[] = [];
  const ingress = ingressNetwork(swarm);
  if (ingress && svc.ports.some((p) => p.PublishMode === 'ingress')) out.push(ingress);
  for (const n of svc.spec.TaskTemplate?.Networks ?? []) {
    const net = networkById(swarm, n.Target);
    if (net) out.push(net);
  }
  return out;
}

function allocateVips(state: State, swarm: Swarm, svc: Service): void {
  const wanted = svc.spec.EndpointSpec?.Mode === 'dnsrr' ? [] : serviceNetworks(swarm, svc);
  const keep = svc.vips.filter((v) => wanted.some((n) => n.id === v.net));
  for (const v of svc.vips) {
    if (!keep.includes(v)) {
      const net = networkById(swarm, v.net);
      if (net?.alloc) releaseAddr(state, net.alloc, v.addr.split('/')[0]);
    }
  }
  svc.vips = wanted.map((net) => {
    const have = keep.find((v) => v.net === net.id);
    if (have) return have;
    const ip = net.alloc ? serialAlloc(state, net.alloc) : null;
    return { net: net.id, addr: ip ? `${ip}/${prefixLen(net.alloc!.ipam[0])}` : '' };
  }).filter((v) => v.addr);
}

export function createService(d: Daemon, input: ServiceSpec): { ID: string; Warnings: string[] | null } {
  const { swarm } = d.manager();
  const spec: ServiceSpec = JSON.parse(JSON.stringify(input));
  spec.Name ||= randomName(d.rng, 0);
  resolveNetworks(d, spec);
  const pinned = pinImage(spec.TaskTemplate?.ContainerSpec?.Image ?? '');
  spec.TaskTemplate.ContainerSpec.Image = pinned.image;
  const normalized = normalizeSpec(spec, pinned.platform);
  validateSpec(d, swarm, normalized);
  const created = d.stamp();
  const svc: Service = { id: swarmId(d.rng), created, updated: created, version: d.touch(swarm), spec: normalized, tv: 1, vips: [], ports: [] };
  allocatePorts(swarm, svc);
  allocateVips(d.state, swarm, svc);
  swarm.services.push(svc);
  reconcile(d, swarm, svc);
  return { ID: svc.id, Warnings: pinned.warning ? [pinned.warning] : null };
}

export interface UpdateOptions {
  rollback?: boolean;
}

export function updateService(d: Daemon, ref: string, input: ServiceSpec | null, opts: UpdateOptions = {}): { Warnings: string[] | null } {
  const { swarm } = d.manager();
  const svc = findService(d, ref);
  const now = d.stamp();
  let warnings: string[] | null = null;
  if (opts.rollback) {
    if (!svc.previousSpec) throw new DaemonError(`rpc error: code = FailedPrecondition desc = service ${svc.id} does not have a previous spec`, 412);
    const cur = svc.spec;
    svc.spec = svc.previousSpec;
    svc.previousSpec = cur;
    [svc.tv, svc.ptv] = [svc.ptv ?? svc.tv, svc.tv];
    svc.updateStatus = { State: 'rollback_started', StartedAt: now, Message: 'manually requested rollback' };
  } else {
    const spec: ServiceSpec = JSON.parse(JSON.stringify(input));
    if (spec.Name !== svc.spec.Name) throw rpc('Unimplemented', 'renaming services is not supported', 501);
    resolveNetworks(d, spec);
    const image = spec.TaskTemplate?.ContainerSpec?.Image ?? '';
    let platform = svc.spec.TaskTemplate?.Placement?.Platforms?.[0] ?? null;
    if (image !== svc.spec.TaskTemplate.ContainerSpec.Image) {
      const pinned = pinImage(image);
      spec.TaskTemplate.ContainerSpec.Image = pinned.image;
      platform = pinned.platform;
      if (pinned.warning) warnings = [pinned.warning];
      if (spec.TaskTemplate.Placement) delete spec.TaskTemplate.Placement.Platforms;
    }
    const normalized = normalizeSpec(spec, platform);
    validateSpec(d, swarm, normalized, svc);
    const templateChanged = JSON.stringify(normalized.TaskTemplate) !== JSON.stringify(svc.spec.TaskTemplate);
    const tv = templateVersion(svc, normalized.TaskTemplate);
    keepTemplate(svc, svc.ptv, svc.previousSpec?.TaskTemplate);
    svc.previousSpec = svc.spec;
    svc.ptv = svc.tv;
    svc.spec = normalized;
    svc.tv = tv;
    if (templateChanged) svc.updateStatus = { State: 'updating', StartedAt: now, Message: 'update in progress' };
  }
  svc.updated = now;
  svc.version = d.touch(swarm);
  allocatePorts(swarm, svc);
  allocateVips(d.state, swarm, svc);
  reconcile(d, swarm, svc);
  pruneTemplates(swarm, svc);
  if (svc.updateStatus && !svc.updateStatus.CompletedAt) {
    const rollback = svc.updateStatus.State.startsWith('rollback');
    svc.updateStatus = {
      State: rollback ? 'rollback_completed' : 'completed',
      StartedAt: svc.updateStatus.StartedAt,
      CompletedAt: d.stamp(),
      Message: rollback ? 'rollback completed' : 'update completed',
    };
  }
  return { Warnings: warnings };
}

export function removeService(d: Daemon, ref: string): void {
  const { swarm } = d.manager();
  const svc = findService(d, ref);
  for (const t of serviceTasks(swarm, svc.id)) removeTask(d, swarm, t);
  flushTasks(swarm);
  for (const v of svc.vips) {
    const net = networkById(swarm, v.net);
    if (net?.alloc) releaseAddr(d.state, net.alloc, v.addr.split('/')[0]);
  }
  swarm.services = swarm.services.filter((s) => s !== svc);
  d.touch(swarm);
}

// Task templates by version: tasks name the template they were created from (Task.tv); one
// version per distinct template, so "outdated" (another version than the service's) means what
// comparing the templates meant.

/** The version `tmpl` has (or gets) among the service's templates. */
function templateVersion(svc: Service, tmpl: TaskTemplate): number {
  const text = JSON.stringify(tmpl);
  if (text === JSON.stringify(svc.spec.TaskTemplate)) return svc.tv;
  if (svc.previousSpec && svc.ptv !== undefined && text === JSON.stringify(svc.previousSpec.TaskTemplate)) return svc.ptv;
  let max = Math.max(svc.tv, svc.ptv ?? 0);
  for (const [v, t] of Object.entries(svc.templates ?? {})) {
    if (JSON.stringify(t) === text) return Number(v);
    max = Math.max(max, Number(v));
  }
  return max + 1;
}

/** Keeps a template that leaves spec/previousSpec while tasks may still name it. */
function keepTemplate(svc: Service, tv: number | undefined, tmpl: TaskTemplate | undefined): void {
  if (tv === undefined || !tmpl || tv === svc.tv) return;
  (svc.templates ??= {})[tv] = tmpl;
}

/** Drops kept templates that no task names any more (or that spec/previousSpec hold). */
function pruneTemplates(swarm: Swarm, svc: Service): void {
  if (!svc.templates) return;
  const named = new Set<number>();
  for (const t of taskIndex(swarm).ofService(svc.id)) named.add(t.tv);
  for (const v of Object.keys(svc.templates)) {
    const n = Number(v);
    if (!named.has(n) || n === svc.tv || n === svc.ptv) delete svc.templates[v];
  }
  if (!Object.keys(svc.templates).length) delete svc.templates;
}

export { templateOf };
