// Lookups over the state of one command (one transaction), built on first use: machines by
// name, nodes, services and networks by ID, and the tasks by service and by node with the
// scheduler's counts of active tasks. The orchestrator keeps the task index current as it
// changes tasks (`update`, `add`, `drop`); nothing here is persisted. Without them every view
// and every scheduling decision scanned all tasks: O(n²) on a 150,000-task swarm.
import type { Machine, State, Swarm, SwarmNetwork, SwarmNode, Service, Task } from '../state/schema';
import { lazyServiceTasks, tasksLoaded } from '../state/codec';

interface Keyed<T> {
  arr: T[];
  len: number;
  map: Map<string, T>;
}

const keyedMemo = new WeakMap<object, Keyed<unknown>>();

/** `arr` by `key` (the first element wins, as `find` would); rebuilt when the array is replaced or grows. */
function keyed<T>(owner: object, arr: T[], key: (x: T) => string): Map<string, T> {
  const k = keyedMemo.get(owner) as Keyed<T> | undefined;
  if (k && k.arr === arr && k.len === arr.length) return k.map;
  const map = new Map<string, T>();
  for (const x of arr) {
    const id = key(x);
    if (!map.has(id)) map.set(id, x);
  }
  keyedMemo.set(owner, { arr, len: arr.length, map } as Keyed<unknown>);
  return map;
}

// One memo owner per (container object, kind).
const owners = new WeakMap<object, Record<string, object>>();
function owner(of: object, kind: string): object {
  let o = owners.get(of);
  if (!o) owners.set(of, (o = {}));
  return (o[kind] ??= {});
}

export function machineByName(state: State, name: string): Machine | undefined {
  return keyed(owner(state, 'machines'), state.machines, (m) => m.name).get(name);
}

export function nodeById(swarm: Swarm, id: string): SwarmNode | undefined {
  return keyed(owner(swarm, 'nodes'), swarm.nodes, (n) => n.id).get(id);
}

export function serviceById(swarm: Swarm, id: string): Service | undefined {
  return keyed(owner(swarm, 'services'), swarm.services, (s) => s.id).get(id);
}

export function networkById(swarm: Swarm, id: string): SwarmNetwork | undefined {
  return keyed(owner(swarm, 'networks'), swarm.networks, (n) => n.id).get(id);
}

const departed = new WeakMap<Swarm, Map<string, string>>();

/** A node taken out of swarm.nodes in this command (left, removed): its tasks still name it. */
export function noteDeparted(swarm: Swarm, node: SwarmNode): void {
  let m = departed.get(swarm);
  if (!m) departed.set(swarm, (m = new Map()));
  m.set(node.id, node.machine);
}

/** The machine a node (present, or departed in this command) runs on. */
export function machineOfNode(state: State, swarm: Swarm, nodeId: string): Machine | undefined {
  const name = nodeById(swarm, nodeId)?.machine ?? departed.get(swarm)?.get(nodeId);
  return name === undefined ? undefined : machineByName(state, name);
}

const readyMemo = new WeakMap<Swarm, { arr: SwarmNode[]; len: number; map: Map<string, SwarmNode> }>();

/**
 * The ready node a machine runs, if any. Nodes only ever go from ready to down in place (a
 * machine that joins again gets a new node), so the map is rebuilt when that is seen.
 */
export function readyNodeOf(swarm: Swarm, machine: string): SwarmNode | undefined {
  const memo = readyMemo.get(swarm);
  if (memo && memo.arr === swarm.nodes && memo.len === swarm.nodes.length) {
    const n = memo.map.get(machine);
    if (!n || (n.status === 'ready' && n.machine === machine)) return n;
  }
  const map = new Map<string, SwarmNode>();
  for (const n of swarm.nodes) if (n.status === 'ready' && !map.has(n.machine)) map.set(n.machine, n);
  readyMemo.set(swarm, { arr: swarm.nodes, len: swarm.nodes.length, map });
  return map.get(machine);
}

const TERMINAL = new Set(['complete', 'shutdown', 'failed', 'rejected', 'orphaned']);

/** Counts for the scheduler: assigned, desired running, not finished (swarmkit's "active" tasks). */
export function isActive(t: Task): boolean {
  return !!t.node && (t.desired === 'running' || t.desired === 'ready') && !TERMINAL.has(t.state);
}

export class TaskIndex {
  private tasksRef?: Task[];
  private tasksLen = 0;
  private svc?: Map<string, Task[]>;
  /** Tasks of single services read from a compact file without loading the whole table. */
  private lazySvc = new Map<string, Task[]>();
  private node?: Map<string, Set<Task>>;
  private active?: Map<string, Map<string, number>>;
  private removed = new Set<Task>();

  constructor(private readonly swarm: Swarm) {}

  /** Still describes swarm.tasks (nobody else replaced or extended it)? */
  fresh(): boolean {
    if (!tasksLoaded(this.swarm)) return true;
    if (this.tasksRef === undefined) return !this.svc && !this.node && !this.active;
    return this.swarm.tasks === this.tasksRef && this.swarm.tasks.length === this.tasksLen;
  }

  /** swarm.tasks, loaded; the index describes this array from now on. */
  private all(): Task[] {
    const tasks = this.swarm.tasks;
    if (this.tasksRef === undefined) {
      this.tasksRef = tasks;
      this.tasksLen = tasks.length;
      this.lazySvc.clear();
    }
    return tasks;
  }

  /** Tasks of a service, in store order (the index's own array: copy before changing tasks). */
  ofService(serviceId: string): readonly Task[] {
    if (!this.svc) {
      if (!tasksLoaded(this.swarm)) {
        let l = this.lazySvc.get(serviceId);
        if (!l) this.lazySvc.set(serviceId, (l = lazyServiceTasks(this.swarm, serviceId) ?? []));
        return l;
      }
      this.svc = new Map();
      for (const t of this.all()) {
        if (this.removed.has(t)) continue;
        const l = this.svc.get(t.service);
        if (l) l.push(t);
        else this.svc.set(t.service, [t]);
      }
    }
    return this.svc.get(serviceId) ?? [];
  }

  /** Tasks assigned to a node (any state). */
  onNode(nodeId: string): ReadonlySet<Task> {
    if (!this.node) {
      this.node = new Map();
      for (const t of this.all()) if (t.node && !this.removed.has(t)) this.nodeSet(t.node).add(t);
    }
    return this.node.get(nodeId) ?? new Set();
  }

  private nodeSet(nodeId: string): Set<Task> {
    let s = this.node!.get(nodeId);
    if (!s) this.node!.set(nodeId, (s = new Set()));
    return s;
  }

  private activeMap(): Map<string, Map<string, number>> {
    if (!this.active) {
      this.active = new Map();
      for (const t of this.all()) if (isActive(t) && !this.removed.has(t)) this.count(t, 1);
    }
    return this.active;
  }

  private count(t: Task, delta: number): void {
    let m = this.active!.get(t.node);
    if (!m) this.active!.set(t.node, (m = new Map()));
    m.set(t.service, (m.get(t.service) ?? 0) + delta);
    m.set('', (m.get('') ?? 0) + delta);
  }

  /** Active tasks on a node: all of them, or those of one service. */
  activeOn(nodeId: string, serviceId = ''): number {
    return this.activeMap().get(nodeId)?.get(serviceId) ?? 0;
  }

  /** Changes a task's node, desired or current state through `fn`, keeping the index current. */
  update(t: Task, fn: () => void): void {
    const node = t.node;
    const wasActive = this.active && isActive(t);
    fn();
    if (this.node && t.node !== node) {
      if (node) this.node.get(node)?.delete(t);
      if (t.node) this.nodeSet(t.node).add(t);
    }
    if (this.active) {
      const nowActive = isActive(t);
      if (wasActive && (!nowActive || t.node !== node)) this.count({ node, service: t.service } as Task, -1);
      if (nowActive && (!wasActive || t.node !== node)) this.count(t, 1);
    }
  }

  add(t: Task): void {
    this.all().push(t);
    this.tasksLen = this.swarm.tasks.length;
    if (this.svc) {
      const l = this.svc.get(t.service);
      if (l) l.push(t);
      else this.svc.set(t.service, [t]);
    }
    if (this.node && t.node) this.nodeSet(t.node).add(t);
    if (this.active && isActive(t)) this.count(t, 1);
  }

  /** Takes a task out of the index now and out of swarm.tasks at the next `flush`. */
  drop(t: Task): void {
    if (this.removed.has(t)) return;
    this.all();
    this.removed.add(t);
    const l = this.svc?.get(t.service);
    if (l) {
      const i = l.indexOf(t);
      if (i >= 0) l.splice(i, 1);
    }
    if (this.node && t.node) this.node.get(t.node)?.delete(t);
    if (this.active && isActive(t)) this.count(t, -1);
  }

  /** Removes the dropped tasks from swarm.tasks (one pass, order kept). */
  flush(): void {
    if (!this.removed.size) return;
    const removed = this.removed;
    this.swarm.tasks = this.all().filter((t) => !removed.has(t));
    this.tasksRef = this.swarm.tasks;
    this.tasksLen = this.swarm.tasks.length;
    this.removed = new Set();
  }
}

const taskIndexes = new WeakMap<Swarm, TaskIndex>();

export function taskIndex(swarm: Swarm): TaskIndex {
  let ix = taskIndexes.get(swarm);
  if (!ix || !ix.fresh()) taskIndexes.set(swarm, (ix = new TaskIndex(swarm)));
  return ix;
}

/** Tasks by ID (views and the save pass). */
export function taskById(swarm: Swarm, id: string): Task | undefined {
  return keyed(owner(swarm, 'tasks'), swarm.tasks, (t) => t.id).get(id);
}
