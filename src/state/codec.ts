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

/**
 * One copy of each repeated value (node and network IDs, states, messages): JSON.parse makes a
 * string per occurrence, 150,000 tasks repeat them, and the copies are what fills the heap.
 */
function interner(): (s: unknown) => any {
  const seen = new Map<unknown, unknown>();
  return (s) => {
    const have = seen.get(s);
    if (have !== undefined) return have;
    seen.set(s, s);
    return s;
  };
}

/** A task row of the compact layout (service given by its run). */
function taskOfRow(service: string, r: unknown, intern: (s: unknown) => any): Task {
  need(Array.isArray(r) && r.length === 13, 'a task row of the wrong length');
  const [id, slot, node, created, version, desired, state, since, message, err, tv, flat, ctr] = r as any[];
  need(Array.isArray(flat), 'a task row without networks');
  const nets: { net: string; addr: string }[] = [];
  for (let i = 0; i < flat.length; i += 2) nets.push({ net: intern(flat[i]), addr: flat[i + 1] });
  const f: TaskFields & { container?: string } = {
    id,
    service,
    slot,
    node: intern(node),
    created,
    version,
    desired: intern(desired),
    state: intern(state),
    since,
    message: intern(message),
    tv,
    nets,
  };
  if (err) f.err = err;
  if (typeof ctr === 'string') f.container = ctr;
  else if (Array.isArray(ctr)) {
    if (typeof ctr[0] === 'string' && ctr[0].length > 1) {
      f.container = ctr[0];
      f.dc = decodeDerived(ctr[1]);
    } else f.dc = decodeDerived(ctr);
    if (f.dc) f.dc[0] = intern(f.dc[0]);
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

/** The rows of a run of one service's tasks. */
function encodeRows(tasks: Task[]): string {
  return JSON.stringify(tasks.map(rowOf));
}

function decodeRows(service: string, rows: unknown, intern: (s: unknown) => any): Task[] {
  need(Array.isArray(rows), '$tasks: a run that is not a list');
  return (rows as unknown[]).map((r) => taskOfRow(service, r, intern));
}

/** A load balancer read from a compact file: its endpoint ID is derived when first asked for. */
class LbEntry {
  #net: string;
  #node: string;
  #endpointId?: string;
  constructor(
    net: string,
    node: string,
    public ip: string,
    public created: string,
    endpointId?: string,
  ) {
    this.#net = net;
    this.#node = node;
    this.#endpointId = endpointId;
  }
  get endpointId(): string {
    return (this.#endpointId ??= lbEndpointId(this.#net, this.#node));
  }
  set endpointId(v: string) {
    this.#endpointId = v;
  }
  toJSON() {
    return { ip: this.ip, created: this.created, endpointId: this.endpointId };
  }
}

type LbMap = NetworkAlloc['lb'];

/** A network's load balancers as rows: [nodeID, ip, created(, endpoint ID unless the derived one)]. */
function encodeLbRows(netId: string, lb: LbMap): string {
  return JSON.stringify(Object.entries(lb).map(([node, e]) => (e.endpointId === lbEndpointId(netId, node) ? [node, e.ip, e.created] : [node, e.ip, e.created, e.endpointId])));
}

function decodeLbRows(netId: string, rows: unknown): LbMap {
  const lb: LbMap = {};
  need(Array.isArray(rows), `$lb of ${netId} is not a list`);
  for (const r of rows as unknown[]) {
    need(Array.isArray(r) && r.length >= 3 && typeof r[0] === 'string' && typeof r[1] === 'string', `$lb of ${netId}: a bad row`);
    const [node, ip, created, endpointId] = r as string[];
    lb[node] = new LbEntry(netId, node, ip, created, endpointId);
  }
  return lb;
}

/** A run of tasks in a compact file: where its rows are, and its tasks once read. */
interface Run {
  service: string;
  text: string;
  tasks?: Task[];
}

/** What a compact file left unparsed. */
interface Tails {
  file: string;
  runs: Run[];
  /** Network ID → its load-balancer rows, as text. */
  lb: Map<string, string>;
  intern: (s: unknown) => any;
}

const tails = new WeakMap<State, Tails>();
const swarmTails = new WeakMap<Swarm, Tails>();

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

/** Reads a table of a compact file (its errors are the file's: reported with its path). */
function readTable<T>(t: Tails, what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new StateFileError(t.file, e instanceof StateShapeError ? e.message : `${what}: ${(e as Error).message}`);
  }
}

function runTasks(t: Tails, run: Run): Task[] {
  return (run.tasks ??= readTable(t, '$tasks', () => decodeRows(run.service, JSON.parse(run.text), t.intern)));
}

/**
 * The tasks of one service while the task table is not loaded (store order), reading only that
 * service's rows; undefined when the tasks are in memory (or the file was not compact).
 */
export function lazyServiceTasks(swarm: Swarm, serviceId: string): Task[] | undefined {
  const t = swarmTails.get(swarm);
  if (!t || loaded(swarm, 'tasks')) return undefined;
  const out: Task[] = [];
  for (const run of t.runs) if (run.service === serviceId) out.push(...runTasks(t, run));
  return out;
}

/** The compact layout's index: `"$tails":{"head":N,"lb":[[netID,start,end]…],"tasks":[[serviceID,start,end]…]}`. */
interface TailIndex {
  head: number;
  lb: [string, number, number][];
  tasks: [string, number, number][];
}

const TAILS_KEY = ',"$tails":';

function tailIndex(text: string): TailIndex | undefined {
  if (!text.endsWith('}}')) return undefined;
  const at = text.lastIndexOf(TAILS_KEY);
  if (at < 0) return undefined;
  let ix: TailIndex;
  try {
    ix = JSON.parse(text.slice(at + TAILS_KEY.length, -1));
  } catch {
    return undefined;
  }
  const inRange = (s: unknown, e: unknown) => Number.isInteger(s) && Number.isInteger(e) && (s as number) <= (e as number) && (e as number) <= at;
  const ok =
    isObj(ix) &&
    Number.isInteger(ix.head) &&
    ix.head <= at &&
    Array.isArray(ix.lb) &&
    Array.isArray(ix.tasks) &&
    [...ix.lb, ...ix.tasks].every((r) => Array.isArray(r) && typeof r[0] === 'string' && inRange(r[1], r[2]));
  if (!ok) throw new SyntaxError('bad table index ($tails)');
  return ix;
}

/** The file's data: all of it, or the head only (compact layout). */
export function parseText(text: string): unknown {
  const ix = tailIndex(text);
  return JSON.parse(ix ? text.slice(0, ix.head) + '}' : text);
}

/** The file's parsed data (and text) → the in-memory state. */
export function decode(data: Record<string, any>, text?: string, file = ''): State {
  const ix = text === undefined ? undefined : tailIndex(text);
  const state = data as State;
  state.__internal__ ??= {};
  if (!ix) {
    checkShape(data);
    if (state.swarm) {
      const tasks = state.swarm.tasks as unknown[];
      for (let i = 0; i < tasks.length; i++) tasks[i] = checkTask(tasks[i] as TaskFields);
    }
    codecHooks.loaded?.(state);
    return state;
  }
  checkShape(state, true);
  const swarm = state.swarm;
  need(swarm, 'task tables without a swarm');
  const t: Tails = {
    file,
    runs: ix.tasks.map(([service, s, e]) => ({ service, text: text!.slice(s, e) })),
    lb: new Map(ix.lb.map(([id, s, e]) => [id, text!.slice(s, e)])),
    intern: interner(),
  };
  tails.set(state, t);
  swarmTails.set(swarm!, t);
  for (const n of swarm!.networks) {
    const alloc = n.alloc;
    if (!alloc) continue;
    lazy(alloc, 'lb', () => {
      const rows = t.lb.get(n.id);
      return rows === undefined ? {} : readTable(t, '$lb', () => decodeLbRows(n.id, JSON.parse(rows)));
    });
  }
  lazy(swarm!, 'tasks', () => t.runs.flatMap((run) => runTasks(t, run)));
  codecHooks.loaded?.(state);
  return state;
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

/** Are the swarm's tasks in memory (not left in a compact file's table)? */
export function tasksLoaded(swarm: Swarm): boolean {
  return loaded(swarm, 'tasks');
}

/** Has the command read a lazily loaded property (or replaced it)? */
function loaded(obj: object, key: string): boolean {
  return Object.getOwnPropertyDescriptor(obj, key)?.get === undefined;
}

/** The state as the file stores it. */
export function encode(state: State, compactAbove = COMPACT_ABOVE): string {
  const swarm = state.swarm;
  const t = tails.get(state);
  const tasksLoaded = !swarm || !t || loaded(swarm, 'tasks');
  const compact = !!swarm && (!tasksLoaded || swarm.tasks.length > compactAbove);
  const machines = codecHooks.saving ? codecHooks.saving(state, compact) : state.machines;
  if (!swarm || !compact) {
    const out: Record<string, unknown> = { ...state, machines };
    if (swarm) out.swarm = { ...without(swarm, 'tasks'), tasks: swarm.tasks.map(taskObject) };
    return JSON.stringify(out);
  }
  const head: Record<string, unknown> = { ...state, machines };
  const networks = swarm.networks.map((n) => (n.alloc ? { ...n, alloc: without(n.alloc, 'lb') } : n));
  head.swarm = { ...without(swarm, 'tasks'), networks };
  const parts: string[] = [];
  let pos = 0;
  const put = (s: string) => {
    parts.push(s);
    pos += s.length;
  };
  const headText = JSON.stringify(head);
  put(headText.slice(0, -1));
  const index: TailIndex = { head: pos, lb: [], tasks: [] };
  put(',"$lb":{');
  let first = true;
  for (const n of swarm.networks) {
    if (!n.alloc) continue;
    // A network whose load balancers were not read is written back as it was read.
    const rows = t && !loaded(n.alloc, 'lb') ? (t.lb.get(n.id) ?? '[]') : encodeLbRows(n.id, n.alloc.lb);
    put(`${first ? '' : ','}${JSON.stringify(n.id)}:`);
    first = false;
    index.lb.push([n.id, pos, pos + rows.length]);
    put(rows);
  }
  put('},"$tasks":[');
  first = true;
  const run = (service: string, rows: string) => {
    put(`${first ? '' : ','}${JSON.stringify(service)},`);
    first = false;
    index.tasks.push([service, pos, pos + rows.length]);
    put(rows);
  };
  if (!tasksLoaded) {
    // The task table was not loaded: runs as read (re-encoded where a command read them).
    for (const r of t!.runs) run(r.service, r.tasks ? encodeRows(r.tasks) : r.text);
  } else {
    const tasks = swarm.tasks;
    for (let i = 0; i < tasks.length; ) {
      const service = tasks[i].service;
      const j0 = i;
      while (i < tasks.length && tasks[i].service === service) i++;
      run(service, encodeRows(tasks.slice(j0, i)));
    }
  }
  put(']');
  put(`${TAILS_KEY}${JSON.stringify(index)}}`);
  return parts.join('');
}
