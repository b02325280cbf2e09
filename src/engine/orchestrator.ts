// swarmkit's orchestrators and the agent, collapsed into one step: tasks are created, allocated,
// scheduled and started at once, so a command's effect is converged when it returns
// (swarm-networking.md §1.4, §8).
import type { Container, Machine, Service, Swarm, SwarmNetwork, SwarmNode, Task, TaskState } from '../state/schema';
import { swarmId, localId } from '../state/ids';
import type { Daemon } from './daemon';
import { isGlobal, replicas } from './spec';
import { schedule, nodeMatches, parseConstraints } from './scheduler';
import { serialAlloc, releaseAddr, prefixLen } from './ipam';
import { addBridgeEndpoint } from './networks';
import { serviceNetworks } from './services';
import { isDown as nodeDown } from './node-state';
import { familiar, lookupImage, parseRef, type ImageTag } from './images';
import { ensureTaskImage } from './images-local';
import { attachGateway } from './containers';
import { macFromIp } from './ip';

const HISTORY = 5;
const TERMINAL: TaskState[] = ['complete', 'shutdown', 'failed', 'rejected', 'orphaned'];

export function serviceTasks(swarm: Swarm, serviceId: string): Task[] {
  return swarm.tasks.filter((t) => t.service === serviceId);
}

/** The task currently filling a slot (desired running), not history. */
function current(t: Task): boolean {
  return t.desired === 'running' || t.desired === 'ready';
}

function nodeOf(swarm: Swarm, id: string): SwarmNode | undefined {
  return swarm.nodes.find((n) => n.id === id);
}

function setState(d: Daemon, swarm: Swarm, t: Task, state: TaskState, message: string, err?: string): void {
  t.state = state;
  t.message = message;
  t.since = d.stamp();
  t.updated = t.since;
  t.version = d.touch(swarm);
  if (err) t.err = err;
  else delete t.err;
}

function newTask(d: Daemon, swarm: Swarm, svc: Service, slot: number, node?: SwarmNode): Task {
  const created = d.stamp();
  const t: Task = {
    id: swarmId(d.rng),
    service: svc.id,
    slot,
    node: node?.id ?? '',
    created,
    updated: created,
    version: d.touch(swarm),
    desired: 'running',
    state: 'new',
    since: created,
    message: 'created',
    spec: svc.spec.TaskTemplate,
    nets: [],
  };
  swarm.tasks.push(t);
  return t;
}

/** Allocator: an address on every network of the service; false while a network is unallocated. */
function allocateTask(swarm: Swarm, svc: Service, t: Task): boolean {
  const nets = serviceNetworks(swarm, svc);
  if (nets.some((n) => !n.alloc)) return false;
  t.nets = nets.map((n) => {
    const ip = serialAlloc(n.alloc!, `task:${t.id}`);
    return { net: n.id, addr: ip ? `${ip}/${prefixLen(n.alloc!.ipam[0])}` : '' };
  });
  return true;
}

/** The engine of `node` starts the task's container: image, gateway bridge, running. */
function startTask(d: Daemon, swarm: Swarm, svc: Service, t: Task, node: SwarmNode): void {
  t.node = node.id;
  const image: string = svc.spec.TaskTemplate.ContainerSpec.Image;
  const ref = parseRef(image);
  const hit = ref && lookupImage(ref);
  if (!ref || !hit) {
    setState(d, swarm, t, 'rejected', 'preparing', `No such image: ${ref ? familiar({ ...ref, digest: undefined }) : image}`);
    return;
  }
  const machine = d.machineByName(node.machine);
  if (machine) {
    ensureTaskImage(d, machine, ref);
    machine.containers.push(taskContainer(d, swarm, svc, t, machine, hit.data));
  }
  setState(d, swarm, t, 'running', 'started');
}

/** The container the executor creates for a task (daemon/cluster/executor/container). */
function taskContainer(d: Daemon, swarm: Swarm, svc: Service, t: Task, machine: Machine, img: ImageTag): Container {
  const cs = svc.spec.TaskTemplate.ContainerSpec;
  const id = localId(d.rng);
  const name = containerName(swarm, svc, t);
  const c: Container = {
    id,
    name,
    image: cs.Image,
    imageId: img.id,
    created: d.stamp(),
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
    networkMode: d.profile.taskNetworkMode,
    nets: [],
    ports: [],
    aliases: [],
    tty: !!cs.TTY,
    openStdin: false,
    autoRemove: false,
    task: t.id,
    fs: {},
    installed: [],
  };
  c.startedAt = c.created;
  const nets = t.nets.map((a) => swarm.networks.find((n) => n.id === a.net)).filter((n): n is SwarmNetwork => !!n);
  for (const a of t.nets) {
    const ip = a.addr.split('/')[0];
    c.nets.push({ net: a.net, ip, prefixLen: Number(a.addr.split('/')[1]), mac: macFromIp(ip), endpointId: localId(d.rng), aliases: [], static: true });
  }
  if (nets.length) attachGateway(d, machine, c, nets);
  else {
    const bridge = machine.networks.find((n) => n.name === 'bridge');
    if (bridge) {
      const { ip, mac } = addBridgeEndpoint(d, bridge, c.id, name);
      c.nets.push({ net: bridge.id, ip, prefixLen: prefixLen(bridge.ipam[0]), mac, endpointId: bridge.endpoints[bridge.endpoints.length - 1].endpointId, aliases: [] });
    }
  }
  for (const p of svc.ports.filter((x) => x.PublishMode === 'host')) {
    c.ports.push({ ip: '0.0.0.0', hostPort: p.PublishedPort ?? 0, port: p.TargetPort, proto: p.Protocol });
  }
  t.container = id;
  return c;
}

export function containerName(swarm: Swarm, svc: Service, t: Task): string {
  return `${svc.spec.Name}.${t.slot || t.node}.${t.id}`;
}

/** Node LB endpoints for the networks of tasks now on each node (allocated after the tasks). */
function ensureLoadBalancers(d: Daemon, swarm: Swarm, tasks: Task[]): void {
  for (const t of tasks) {
    if (!t.node || t.state !== 'running') continue;
    for (const a of t.nets) {
      const net = swarm.networks.find((n) => n.id === a.net);
      if (!net?.alloc || net.alloc.lb[t.node]) continue;
      const ip = serialAlloc(net.alloc, `lb:${t.node}`);
      if (ip) net.alloc.lb[t.node] = { ip, created: d.stamp(), endpointId: localId(d.rng) };
    }
  }
}

/** Frees what a task holds: addresses, its container's gateway endpoint, unused LB endpoints. */
function releaseTask(d: Daemon, swarm: Swarm, t: Task): void {
  for (const a of t.nets) {
    const net = swarm.networks.find((n) => n.id === a.net);
    if (net?.alloc && a.addr) releaseAddr(net.alloc, a.addr.split('/')[0]);
  }
  const node = nodeOf(swarm, t.node);
  const machine = node && d.machineByName(node.machine);
  if (machine && t.container) {
    for (const n of machine.networks) n.endpoints = n.endpoints.filter((e) => e.key !== t.container);
    machine.containers = machine.containers.filter((c) => c.id !== t.container);
  }
  delete t.container;
  const nets = t.nets;
  t.nets = [];
  if (t.node) releaseUnusedLoadBalancers(swarm, t.node, nets.map((a) => a.net), machine || undefined);
}

/** A node drops its LB endpoint (and its copy of the overlay) when nothing there uses the network. */
export function releaseUnusedLoadBalancers(swarm: Swarm, nodeId: string, netIds: string[], machine?: Machine): void {
  for (const id of netIds) {
    const net = swarm.networks.find((n) => n.id === id);
    if (!net?.alloc || net.ingress) continue;
    const used =
      swarm.tasks.some((x) => x.node === nodeId && current(x) && !TERMINAL.includes(x.state) && x.nets.some((a) => a.net === id)) ||
      !!machine?.containers.some((c) => !c.task && c.state === 'running' && c.nets.some((a) => a.net === id));
    const lb = net.alloc.lb[nodeId];
    if (!used && lb) {
      releaseAddr(net.alloc, lb.ip);
      delete net.alloc.lb[nodeId];
    }
  }
}

/** Shuts a task down and keeps it as history. */
function shutdownTask(d: Daemon, swarm: Swarm, t: Task): void {
  t.desired = 'shutdown';
  if (!TERMINAL.includes(t.state)) setState(d, swarm, t, 'shutdown', 'shutdown');
  releaseTask(d, swarm, t);
}

/** Deletes a task from the store (scale-down, service removal). */
export function removeTask(d: Daemon, swarm: Swarm, t: Task): void {
  t.desired = 'remove';
  releaseTask(d, swarm, t);
  swarm.tasks = swarm.tasks.filter((x) => x !== t);
}

function trimHistory(swarm: Swarm, svc: Service): void {
  const groups = new Map<string, Task[]>();
  for (const t of serviceTasks(swarm, svc.id)) {
    const key = t.slot ? `s${t.slot}` : `n${t.node}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  for (const tasks of groups.values()) {
    if (tasks.length <= HISTORY) continue;
    const old = tasks.filter((t) => !current(t)).sort((a, b) => a.created.localeCompare(b.created));
    const drop = new Set(old.slice(0, tasks.length - HISTORY));
    swarm.tasks = swarm.tasks.filter((t) => !drop.has(t));
  }
}

function nodeUsable(d: Daemon, n: SwarmNode | undefined): boolean {
  return !!n && !nodeDown(d.state, n) && n.availability !== 'drain';
}

/** Brings the service's tasks in line with its spec, at once. */
export function reconcile(d: Daemon, swarm: Swarm, svc: Service): void {
  const template = JSON.stringify(svc.spec.TaskTemplate);
  const outdated = (t: Task) => JSON.stringify(t.spec) !== template;
  const fresh: Task[] = [];
  const place: Array<{ t: Task; node?: SwarmNode; prefer?: string }> = [];

  if (isGlobal(svc.spec)) {
    const constraints = parseConstraints(svc.spec.TaskTemplate?.Placement?.Constraints ?? []);
    const eligible = swarm.nodes.filter((n) => !nodeDown(d.state, n) && n.availability === 'active' && nodeMatches(d, n, constraints));
    for (const t of serviceTasks(swarm, svc.id).filter(current)) {
      const node = nodeOf(swarm, t.node);
      const keep = node && !nodeDown(d.state, node) && node.availability !== 'drain' && nodeMatches(d, node, constraints);
      if (!keep) shutdownTask(d, swarm, t);
      else if (outdated(t)) {
        shutdownTask(d, swarm, t);
        place.push({ t: newTask(d, swarm, svc, 0, node), node });
      }
    }
    for (const node of eligible) {
      if (!serviceTasks(swarm, svc.id).some((t) => current(t) && t.node === node.id)) place.push({ t: newTask(d, swarm, svc, 0, node), node });
    }
  } else {
    const want = replicas(svc.spec);
    let live = serviceTasks(swarm, svc.id).filter(current);
    // Tasks on drained or lost nodes, and tasks of an older spec, are replaced in their slot.
    for (const t of live) {
      const lost = t.node && !nodeUsable(d, nodeOf(swarm, t.node));
      if (lost || outdated(t)) {
        shutdownTask(d, swarm, t);
        if (t.slot <= want) place.push({ t: newTask(d, swarm, svc, t.slot), prefer: lost ? undefined : t.node });
      }
    }
    live = serviceTasks(swarm, svc.id).filter(current);
    if (live.length > want) {
      // Keep running tasks and low slots; nodes with the most copies lose first (§8.2).
      const sorted = [...live].sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || a.slot - b.slot);
      const perNode = new Map<string, number>();
      const indexed = sorted.map((t) => {
        const i = perNode.get(t.node) ?? 0;
        perNode.set(t.node, i + 1);
        return { t, i };
      });
      indexed.sort((a, b) => a.i - b.i);
      for (const { t } of indexed.slice(want)) removeTask(d, swarm, t);
    }
    const slots = new Set(serviceTasks(swarm, svc.id).filter(current).map((t) => t.slot));
    for (let slot = 1; slots.size < want; slot++) {
      if (slots.has(slot)) continue;
      slots.add(slot);
      place.push({ t: newTask(d, swarm, svc, slot) });
    }
    for (const t of serviceTasks(swarm, svc.id).filter((x) => current(x) && x.state === 'pending')) {
      if (!place.some((p) => p.t === t)) place.push({ t });
    }
  }

  // Allocator: addresses for every new task first, then the scheduler, then the agents.
  for (const p of place) {
    if (p.t.state === 'new' && allocateTask(swarm, svc, p.t)) setState(d, swarm, p.t, 'pending', 'pending task scheduling');
  }
  const hostPorts = svc.ports.filter((p) => p.PublishMode === 'host' && p.PublishedPort).map((p) => p.PublishedPort!);
  for (const p of place) {
    if (p.t.state !== 'pending') continue;
    let node = p.node;
    if (!node) {
      const res = schedule(d, swarm, svc.id, svc.spec, hostPorts, p.prefer);
      if (!res.node) {
        setState(d, swarm, p.t, 'pending', 'pending task scheduling', res.err);
        continue;
      }
      node = res.node;
    }
    p.t.node = node.id;
    setState(d, swarm, p.t, 'assigned', 'scheduler assigned task to node');
    fresh.push(p.t);
  }
  for (const t of fresh) startTask(d, swarm, svc, t, nodeOf(swarm, t.node)!);
  ensureLoadBalancers(d, swarm, fresh);
  trimHistory(swarm, svc);
}

/** After node changes (drain, leave, join, labels): every service reconciles. */
export function reconcileAll(d: Daemon, swarm: Swarm): void {
  for (const svc of swarm.services) reconcile(d, swarm, svc);
}
