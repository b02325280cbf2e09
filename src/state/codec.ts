// The state file's JSON and the in-memory state: checks the shape of what was read (a file of
// another program or a damaged one is reported, never "repaired"), turns task records into Task
// objects, and writes the state back.
//
// Two layouts of the same schema, chosen by size when writing:
// - full (up to COMPACT_ABOVE tasks): tasks as objects, every container in full — a complete,
//   readable picture of a lab;
// - compact (a Swarm3k-size swarm): the two big tables go last, as `$lb` (load balancers per
//   network, rows) and `$tasks` (task rows, in runs per service), followed by `$tails` (their
//   offsets). A command parses them only when it touches tasks or load balancers (`network ls`
//   and `node ls` never do) and writes an untouched one back as it read it. Task containers
//   are rebuilt from their task (the engine registers that through `codecHooks`), load-balancer
//   endpoint IDs from network and node.
import type { DerivedContainer, Machine, NetworkAlloc, State, Swarm, TaskFields, TaskState } from './schema';
import { Task } from './schema';
import { lbEndpointId } from './ids';

export class StateShapeError extends Error {}

/** A state file that cannot be used: reported with its path, never rewritten. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`cannot read state file ${file}: ${reason}`);
  }
}

export const COMPACT_ABOVE = 2000;

export interface CodecHooks {
  /** After decoding: called once per loaded state (the engine installs derived containers). */
  loaded?(state: State): void;
  /**
   * Before encoding: the machines as they are to be written (`compact`: derived task containers
   * are left out), settling each task's container record (stored, derived, or both).
   */
  saving?(state: State, compact: boolean): Machine[];
}

export const codecHooks: CodecHooks = {};

const STATES = new Set<TaskState>(['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running', 'complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned']);

function fail(what: string): never {
  throw new StateShapeError(`not a dockersim state (${what})`);
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function need(cond: unknown, what: string): void {
  if (!cond) fail(what);
}

function checkList(v: unknown, what: string): any[] {
  if (!Array.isArray(v)) fail(`${what} is not a list`);
  return v;
}

/** The shape of the top level and of each object kind (the task tables are checked as they are read). */
export function checkShape(data: Record<string, any>, lazyTables = false): void {
  need(typeof data.profile === 'string', 'profile is missing');
  need(Array.isArray(data.rng) && data.rng.length === 4 && data.rng.every((n: unknown) => Number.isInteger(n)), 'rng is not four integers');
  need(typeof data.context === 'string', 'context is missing');
  const machines = checkList(data.machines, 'machines');
  need(machines.length > 0, 'no machines');
  for (const m of machines) {
    need(isObj(m) && typeof m.name === 'string' && typeof m.ip === 'string', 'a machine without name or ip');
    for (const n of checkList(m.networks, `machine ${m.name}: networks`)) {
      need(isObj(n) && typeof n.id === 'string' && typeof n.name === 'string' && Array.isArray(n.ipam), `machine ${m.name}: a network without id, name or ipam`);
      checkList(n.endpoints, `machine ${m.name}: network ${n.name}: endpoints`);
    }
    for (const c of checkList(m.containers, `machine ${m.name}: containers`)) {
      need(isObj(c) && typeof c.id === 'string' && typeof c.name === 'string' && Array.isArray(c.nets), `machine ${m.name}: a container without id, name or nets`);
    }
    checkList(m.images, `machine ${m.name}: images`);
  }
  const sw = data.swarm;
  if (sw === null) return;
  need(isObj(sw), 'swarm is neither null nor an object');
  need(typeof sw.id === 'string' && Number.isInteger(sw.index), 'swarm without id or index');
  for (const n of checkList(sw.nodes, 'swarm.nodes')) need(isObj(n) && typeof n.id === 'string' && typeof n.machine === 'string', 'a node without id or machine');
  for (const n of checkList(sw.networks, 'swarm.networks')) {
    need(isObj(n) && typeof n.id === 'string' && typeof n.name === 'string', 'a swarm network without id or name');
    if (n.alloc !== null) need(isObj(n.alloc) && Array.isArray(n.alloc.ipam) && (lazyTables || isObj(n.alloc.lb)), `network ${n.name}: a bad allocation`);
  }
  for (const s of checkList(sw.services, 'swarm.services')) need(isObj(s) && typeof s.id === 'string' && isObj(s.spec) && Number.isInteger(s.tv), 'a service without id, spec or template version');
  if (!lazyTables) checkList(sw.tasks, 'swarm.tasks');
}

function decodeDerived(v: unknown): DerivedContainer {
  need(Array.isArray(v) && (v[0] === 'g' || v[0] === 'b' || v[0] === 'n'), 'a task with a bad container record');
  return v as DerivedContainer;
}

function checkTask(f: TaskFields): Task {
  need(typeof f.id === 'string' && typeof f.service === 'string' && typeof f.node === 'string' && Number.isInteger(f.tv), 'a task without id, service, node or template version');
  need(STATES.has(f.state) && STATES.has(f.desired), `task ${f.id}: an unknown state`);
  need(Array.isArray(f.nets), `task ${f.id}: no networks`);
  if (f.dc !== undefined) decodeDerived(f.dc);
  return new Task(f);
}

/** A task row of the compact layout (service given by its run). */
function taskOfRow(service: string, r: unknown): Task {
  need(Array.isArray(r) && r.length === 13, 'a task row of the wrong length');
  const [id, slot, node, created, version, desired, state, since, message, err, tv, flat, ctr] = r as any[];
  need(Array.isArray(flat), 'a task row without networks');
  const nets: { net: string; addr: string }[] = [];
  for (let i = 0; i < flat.length; i += 2) nets.push({ net: flat[i], addr: flat[i + 1] });
  const f: TaskFields & { container?: string } = { id, service, slot, node, created, version, desired, state, since, message, tv, nets };
  if (err) f.err = err;
  if (typeof ctr === 'string') f.container = ctr;
  else if (Array.isArray(ctr)) {
    if (typeof ctr[0] === 'string' && ctr[0].length > 1) {
      f.container = ctr[0];
      f.dc = decodeDerived(ctr[1]);
    } else f.dc = decodeDerived(ctr);
  }
  return checkTask(f);
}

function rowOf(t: Task): unknown[] {
  const flat: string[] = [];
  for (const a of t.nets) flat.push(a.net, a.addr);
  const stored = t.storedContainer;
  const ctr = stored !== undefined ? (t.dc ? [stored, t.dc] : stored) : (t.dc ?? 0);
  return [t.id, t.slot, t.node, t.created, t.version, t.desired, t.state, t.since, t.message, t.err ?? 0, t.tv, flat, ctr];
}

/** `$tasks`: [serviceID, [rows…], serviceID, [rows…], …] — runs of one service, store order kept. */
function encodeTaskRuns(tasks: Task[]): string {
  const out: unknown[] = [];
  let run: unknown[] | undefined;
  let last: string | undefined;
  for (const t of tasks) {
    if (t.service !== last) {
      out.push(t.service, (run = []));
      last = t.service;
    }
    run!.push(rowOf(t));
  }
  return JSON.stringify(out);
}

function decodeTaskRuns(runs: unknown): Task[] {
  need(Array.isArray(runs) && runs.length % 2 === 0, '$tasks is not a list of runs');
  const tasks: Task[] = [];
  const list = runs as unknown[];
  for (let i = 0; i < list.length; i += 2) {
    const service = list[i];
    const rows = list[i + 1];
    need(typeof service === 'string' && Array.isArray(rows), '$tasks: a bad run');
    for (const r of rows as unknown[]) tasks.push(taskOfRow(service as string, r));
  }
  return tasks;
}

type LbEntry = NetworkAlloc['lb'][string];

/** `$lb`: {networkID: [[nodeID, ip, created(, endpointID when not the derived one)], …]}. */
function encodeLb(swarm: Swarm): string {
  const out: Record<string, unknown[]> = {};
  for (const n of swarm.networks) {
    if (!n.alloc) continue;
    out[n.id] = Object.entries(n.alloc.lb).map(([node, lb]) => (lb.endpointId === lbEndpointId(n.id, node) ? [node, lb.ip, lb.created] : [node, lb.ip, lb.created, lb.endpointId]));
  }
  return JSON.stringify(out);
}

function decodeLb(netId: string, rows: unknown): NetworkAlloc['lb'] {
  const lb: NetworkAlloc['lb'] = {};
  if (rows === undefined) return lb;
  need(Array.isArray(rows), `$lb of ${netId} is not a list`);
  for (const r of rows as unknown[]) {
    need(Array.isArray(r) && r.length >= 3 && typeof r[0] === 'string' && typeof r[1] === 'string', `$lb of ${netId}: a bad row`);
    const [node, ip, created, endpointId] = r as string[];
    lb[node] = { ip, created, endpointId: endpointId ?? lbEndpointId(netId, node) } satisfies LbEntry;
  }
  return lb;
}

/** What a compact file left unparsed, and whether the command touched it. */
interface Tails {
  file: string;
  tasks: string;
  lb: string;
  lbTable?: unknown;
  /** Allocated networks when loaded: `$lb` is reused only if they are the same. */
  lbNets: string;
}

const tails = new WeakMap<State, Tails>();

function define(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

function lazy(obj: object, key: string, load: () => unknown): void {
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      const v = load();
      define(obj, key, v);
      return v;
    },
    set(v) {
      load();
      define(obj, key, v);
    },
  });
}

const allocatedIds = (swarm: Swarm) =>
  swarm.networks
    .filter((n) => n.alloc)
    .map((n) => n.id)
    .join(',');

/** Reads a table of a compact file (its errors are the file's: reported with its path). */
function readTable<T>(t: Tails, what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new StateFileError(t.file, e instanceof StateShapeError ? e.message : `${what}: ${(e as Error).message}`);
  }
}

const TAILS_RE = /,"\$tails":\[(\d+),(\d+),(\d+),(\d+)\]\}\s*$/;

/** The file's text (current schema, already parsed as JSON `data` unless compact) → state. */
export function decode(data: Record<string, any>, text?: string, file = ''): State {
  const m = text === undefined ? null : TAILS_RE.exec(text.slice(-120));
  if (!m) {
    checkShape(data);
    const state = data as State;
    if (state.swarm) {
      const tasks = state.swarm.tasks as unknown[];
      for (let i = 0; i < tasks.length; i++) tasks[i] = checkTask(tasks[i] as TaskFields);
    }
    state.__internal__ ??= {};
    codecHooks.loaded?.(state);
    return state;
  }
  const [lbStart, lbEnd, tasksStart, tasksEnd] = m.slice(1).map(Number);
  const t: Tails = { file, tasks: text!.slice(tasksStart, tasksEnd), lb: text!.slice(lbStart, lbEnd), lbNets: '' };
  const state = data as State;
  checkShape(state, true);
  const swarm = state.swarm;
  need(swarm, 'task tables without a swarm');
  tails.set(state, t);
  t.lbNets = allocatedIds(swarm!);
  const lbTable = () => {
    const v = (t.lbTable ??= JSON.parse(t.lb));
    need(isObj(v), '$lb is not an object');
    return v as Record<string, unknown>;
  };
  for (const n of swarm!.networks) {
    const alloc = n.alloc;
    if (alloc) lazy(alloc, 'lb', () => readTable(t, '$lb', () => decodeLb(n.id, lbTable()[n.id])));
  }
  lazy(swarm!, 'tasks', () => readTable(t, '$tasks', () => decodeTaskRuns(JSON.parse(t.tasks))));
  state.__internal__ ??= {};
  codecHooks.loaded?.(state);
  return state;
}

/** The file's data without parsing it: the compact layout parses its head only. */
export function parseText(text: string): unknown {
  const m = TAILS_RE.exec(text.slice(-120));
  if (!m) return JSON.parse(text);
  const lbStart = Number(m[1]);
  const head = text.slice(0, lbStart - ',"$lb":'.length);
  if (!text.startsWith(',"$lb":', lbStart - ',"$lb":'.length)) throw new SyntaxError('bad table offsets');
  return JSON.parse(head + '}');
}

function taskObject(t: Task): Record<string, unknown> {
  const o: Record<string, unknown> = {
    id: t.id,
    service: t.service,
    slot: t.slot,
    node: t.node,
    created: t.created,
    version: t.version,
    desired: t.desired,
    state: t.state,
    since: t.since,
    message: t.message,
  };
  if (t.err) o.err = t.err;
  o.tv = t.tv;
  o.nets = t.nets;
  if (t.storedContainer !== undefined) o.container = t.storedContainer;
  if (t.dc) o.dc = t.dc;
  return o;
}

/** Own enumerable properties without running lazy getters for `skip`. */
function without<T extends object>(obj: T, skip: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) if (k !== skip) out[k] = (obj as Record<string, unknown>)[k];
  return out;
}

/** Has the command read a lazily loaded property (or replaced it)? */
function loaded(obj: object, key: string): boolean {
  return Object.getOwnPropertyDescriptor(obj, key)?.get === undefined;
}

/** The state as the file stores it. */
export function encode(state: State, compactAbove = COMPACT_ABOVE): string {
  const swarm = state.swarm;
  const t = tails.get(state);
  const taskCount = !swarm ? 0 : t && !loaded(swarm, 'tasks') ? compactAbove + 1 : swarm.tasks.length;
  const compact = !!swarm && taskCount > compactAbove;
  const machines = codecHooks.saving ? codecHooks.saving(state, compact) : state.machines;
  if (!swarm || !compact) {
    const out: Record<string, unknown> = { ...state, machines };
    if (swarm) out.swarm = { ...without(swarm, 'tasks'), tasks: swarm.tasks.map(taskObject) };
    return JSON.stringify(out);
  }
  const head: Record<string, unknown> = { ...state, machines };
  const networks = swarm.networks.map((n) => (n.alloc ? { ...n, alloc: without(n.alloc, 'lb') } : n));
  head.swarm = { ...without(swarm, 'tasks'), networks };
  const lbUntouched = t && !swarm.networks.some((n) => n.alloc && loaded(n.alloc, 'lb')) && allocatedIds(swarm) === t.lbNets;
  const lb = lbUntouched ? t!.lb : encodeLb(swarm);
  const tasks = t && !loaded(swarm, 'tasks') ? t.tasks : encodeTaskRuns(swarm.tasks);
  let text = JSON.stringify(head).slice(0, -1) + ',"$lb":';
  const lbStart = text.length;
  text += lb + ',"$tasks":';
  const tasksStart = text.length;
  text += tasks;
  return `${text},"$tails":[${lbStart},${lbStart + lb.length},${tasksStart},${tasksStart + tasks.length}]}`;
}
