// swarmkit's orchestrators and the agent, collapsed into one step: tasks are created, allocated,
// scheduled and started at once, so a command's effect is converged when it returns
// (swarm-networking.md §1.4, §8). Tasks are found through the per-command task index
// (indexes.ts), which every change made here keeps current.
import type { Machine, Service, Swarm, SwarmNode, TaskState } from '../state/schema';
import { Task } from '../state/schema';
import { swarmId } from '../state/ids';
import { newLoadBalancer } from './networks';
import type { Daemon } from './daemon';
import { isGlobal, replicas } from './spec';
import { Placer, nodeMatches, parseConstraints } from './scheduler';
import { serialAlloc, releaseAddr, prefixLen } from './ipam';
import { serviceNetworks } from './services';
import { isDown as nodeDown } from './node-state';
import { compareStamps } from './time';
import { familiar, lookupImage, parseRef } from './images';
import { ensureTaskImage } from './images-local';
import { machineByName, machineOfNode, networkById, nodeById, taskIndex } from './indexes';
import { createTaskContainer, explicitContainers, placeTaskContainer, removeTaskContainer } from './task-containers';

const HISTORY = 5;
const TERMINAL = new Set<TaskState>(['complete', 'shutdown', 'failed', 'rejected', 'orphaned']);

/** The tasks of a service, in store order (a copy: callers may change tasks while iterating). */
export function serviceTasks(swarm: Swarm, serviceId: string): Task[] {
  return [...taskIndex(swarm).ofService(serviceId)];
}

/** The task currently filling a slot (desired running), not history. */
function current(t: Task): boolean {
  return t.desired === 'running' || t.desired === 'ready';
}

function setState(d: Daemon, swarm: Swarm, t: Task, state: TaskState, message: string, err?: string): void {
  const since = d.stamp();
  const version = d.touch(swarm);
  taskIndex(swarm).update(t, () => {
    t.state = state;
    t.message = message;
    t.since = since;
    t.version = version;
    if (err) t.err = err;
    else delete t.err;
  });
}

function newTask(d: Daemon, swarm: Swarm, svc: Service, slot: number, node?: SwarmNode): Task {
  const created = d.stamp();
  const t = new Task({
    id: swarmId(d.rng),
    service: svc.id,
    slot,
    node: node?.id ?? '',
    created,
    version: d.touch(swarm),
    desired: 'running',
    state: 'new',
    since: created,
    message: 'created',
    tv: svc.tv,
    nets: [],
  });
  taskIndex(swarm).add(t);
  return t;
}

/** Allocator: an address on every network of the service; false while a network is unallocated. */
function allocateTask(d: Daemon, swarm: Swarm, svc: Service, t: Task): boolean {
  const nets = serviceNetworks(swarm, svc);
  if (nets.some((n) => !n.alloc)) return false;
  t.nets = nets.map((n) => {
    const ip = serialAlloc(d.state, n.alloc!);
    return { net: n.id, addr: ip ? `${ip}/${prefixLen(n.alloc!.ipam[0])}` : '' };
  });
  return true;
}

/** The engine of `node` starts the task's container: image, gateway bridge, running. */
function startTask(d: Daemon, swarm: Swarm, svc: Service, t: Task, node: SwarmNode): void {
  taskIndex(swarm).update(t, () => (t.node = node.id));
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
    createTaskContainer(d, swarm, svc, t, machine);
  }
  setState(d, swarm, t, 'running', 'started');
  if (machine) placeTaskContainer(d.state, machine, t);
}

export function containerName(swarm: Swarm, svc: Service, t: Task): string {
  return `${svc.spec.Name}.${t.slot || t.node}.${t.id}`;
}

/** Node LB endpoints for the networks of tasks now on each node (allocated after the tasks). */
function ensureLoadBalancers(d: Daemon, swarm: Swarm, tasks: Task[]): void {
  for (const t of tasks) {
    if (!t.node || t.state !== 'running') continue;
    for (const a of t.nets) {
      const net = networkById(swarm, a.net);
      if (!net?.alloc || net.alloc.lb[t.node]) continue;
      const ip = serialAlloc(d.state, net.alloc);
      if (ip) net.alloc.lb[t.node] = newLoadBalancer(d, net.id, t.node, ip);
    }
  }
}

/** Frees what a task holds: addresses, its container's gateway endpoint, unused LB endpoints. */
function releaseTask(d: Daemon, swarm: Swarm, t: Task): void {
  for (const a of t.nets) {
    const net = networkById(swarm, a.net);
    if (net?.alloc && a.addr) releaseAddr(d.state, net.alloc, a.addr.split('/')[0]);
  }
  const machine = machineOfNode(d.state, swarm, t.node);
  if (machine && t.container) removeTaskContainer(machine, t);
  t.container = undefined;
  const nets = t.nets;
  t.nets = [];
  if (t.node) releaseUnusedLoadBalancers(d, swarm, t.node, nets.map((a) => a.net), machine || undefined);
}

/** A node drops its LB endpoint (and its copy of the overlay) when nothing there uses the network. */
export function releaseUnusedLoadBalancers(d: Daemon, swarm: Swarm, nodeId: string, netIds: string[], machine?: Machine): void {
  for (const id of netIds) {
    const net = networkById(swarm, id);
    if (!net?.alloc || net.ingress) continue;
    const lb = net.alloc.lb[nodeId];
    if (!lb) continue;
    let used = false;
    for (const x of taskIndex(swarm).onNode(nodeId)) {
      if (current(x) && !TERMINAL.has(x.state) && x.nets.some((a) => a.net === id)) {
        used = true;
        break;
      }
    }
    used ||= !!machine && explicitContainers(machine).some((c) => !c.task && c.state === 'running' && c.nets.some((a) => a.net === id));
    if (!used) {
      releaseAddr(d.state, net.alloc, lb.ip);
      delete net.alloc.lb[nodeId];
    }
  }
}

/** Shuts a task down and keeps it as history. */
function shutdownTask(d: Daemon, swarm: Swarm, t: Task): void {
  taskIndex(swarm).update(t, () => (t.desired = 'shutdown'));
  if (!TERMINAL.has(t.state)) setState(d, swarm, t, 'shutdown', 'shutdown');
  releaseTask(d, swarm, t);
}

/** Deletes a task from the store (scale-down, service removal); gone from swarm.tasks at `flushTasks`. */
export function removeTask(d: Daemon, swarm: Swarm, t: Task): void {
  const ix = taskIndex(swarm);
  ix.update(t, () => (t.desired = 'remove'));
  releaseTask(d, swarm, t);
  ix.drop(t);
}

/** Applies the removals of this command to swarm.tasks. */
export function flushTasks(swarm: Swarm): void {
  taskIndex(swarm).flush();
}

function trimHistory(swarm: Swarm, svc: Service): void {
  const groups = new Map<string, Task[]>();
  for (const t of taskIndex(swarm).ofService(svc.id)) {
    const key = t.slot ? `s${t.slot}` : `n${t.node}`;
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  const ix = taskIndex(swarm);
  for (const tasks of groups.values()) {
    if (tasks.length <= HISTORY) continue;
    const old = tasks.filter((t) => !current(t)).sort((a, b) => compareStamps(a.created, b.created));
    for (const t of old.slice(0, tasks.length - HISTORY)) ix.drop(t);
  }
}

function nodeUsable(d: Daemon, n: SwarmNode | undefined): boolean {
  return !!n && !nodeDown(d.state, n) && n.availability !== 'drain';
}

/** Brings the service's tasks in line with its spec, at once. */
export function reconcile(d: Daemon, swarm: Swarm, svc: Service, flush = true): void {
  const ix = taskIndex(swarm);
  const outdated = (t: Task) => t.tv !== svc.tv;
  const tasksNow = () => [...ix.ofService(svc.id)];
  const fresh: Task[] = [];
  const place: Array<{ t: Task; node?: SwarmNode; prefer?: string }> = [];

  if (isGlobal(svc.spec)) {
    const constraints = parseConstraints(svc.spec.TaskTemplate?.Placement?.Constraints ?? []);
    const eligible = swarm.nodes.filter((n) => !nodeDown(d.state, n) && n.availability === 'active' && nodeMatches(d, n, constraints));
    for (const t of tasksNow().filter(current)) {
      const node = nodeById(swarm, t.node);
      const keep = node && !nodeDown(d.state, node) && node.availability !== 'drain' && nodeMatches(d, node, constraints);
      if (!keep) shutdownTask(d, swarm, t);
      else if (outdated(t)) {
        shutdownTask(d, swarm, t);
        place.push({ t: newTask(d, swarm, svc, 0, node), node });
      }
    }
    const covered = new Set<string>();
    for (const t of ix.ofService(svc.id)) if (current(t)) covered.add(t.node);
    for (const node of eligible) {
      if (!covered.has(node.id)) {
        covered.add(node.id);
        place.push({ t: newTask(d, swarm, svc, 0, node), node });
      }
    }
  } else {
    const want = replicas(svc.spec);
    let live = tasksNow().filter(current);
    // Tasks on drained or lost nodes, and tasks of an older spec, are replaced in their slot.
    for (const t of live) {
      const lost = t.node && !nodeUsable(d, nodeById(swarm, t.node));
      if (lost || outdated(t)) {
        shutdownTask(d, swarm, t);
        if (t.slot <= want) place.push({ t: newTask(d, swarm, svc, t.slot), prefer: lost ? undefined : t.node });
      }
    }
    live = tasksNow().filter(current);
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
    const slots = new Set<number>();
    for (const t of ix.ofService(svc.id)) if (current(t)) slots.add(t.slot);
    for (let slot = 1; slots.size < want; slot++) {
      if (slots.has(slot)) continue;
      slots.add(slot);
      place.push({ t: newTask(d, swarm, svc, slot) });
    }
    const placing = new Set(place.map((p) => p.t));
    for (const t of tasksNow()) {
      if (current(t) && t.state === 'pending' && !placing.has(t)) place.push({ t });
    }
  }

  // Allocator: addresses for every new task first, then the scheduler, then the agents.
  for (const p of place) {
    if (p.t.state === 'new' && allocateTask(d, swarm, svc, p.t)) setState(d, swarm, p.t, 'pending', 'pending task scheduling');
  }
  const hostPorts = svc.ports.filter((p) => p.PublishMode === 'host' && p.PublishedPort).map((p) => p.PublishedPort!);
  let placer: Placer | undefined;
  for (const p of place) {
    if (p.t.state !== 'pending') continue;
    let node = p.node;
    if (!node) {
      placer ??= new Placer(d, swarm, svc.id, svc.spec, hostPorts);
      const res = placer.place(p.prefer);
      if (!res.node) {
        setState(d, swarm, p.t, 'pending', 'pending task scheduling', res.err);
        continue;
      }
      node = res.node;
    }
    taskIndex(swarm).update(p.t, () => (p.t.node = node.id));
    setState(d, swarm, p.t, 'assigned', 'scheduler assigned task to node');
    placer?.placed(node);
    fresh.push(p.t);
  }
  for (const t of fresh) startTask(d, swarm, svc, t, nodeById(swarm, t.node)!);
  ensureLoadBalancers(d, swarm, fresh);
  trimHistory(swarm, svc);
  if (flush) flushTasks(swarm);
}

/** The swarm is gone: every task's container goes, and containers leave its overlays. */
export function dissolveSwarm(d: Daemon, swarm: Swarm): void {
  for (const t of swarm.tasks) {
    if (!t.container) continue;
    const machine = machineOfNode(d.state, swarm, t.node);
    if (machine) removeTaskContainer(machine, t);
    t.container = undefined;
  }
  for (const m of d.state.machines) {
    for (const c of m.containers) {
      if (c.task || !c.nets.some((a) => networkById(swarm, a.net))) continue;
      c.nets = c.nets.filter((a) => !networkById(swarm, a.net));
    }
  }
}

/** After node changes (drain, leave, join, labels): every service reconciles. */
export function reconcileAll(d: Daemon, swarm: Swarm): void {
  for (const svc of swarm.services) reconcile(d, swarm, svc, false);
  flushTasks(swarm);
}

export { machineByName };
