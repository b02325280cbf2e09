// swarmkit's scheduler (manager/scheduler): filters in pipeline order, then spread — fewest
// tasks of this service, then fewest tasks in total — with seeded ties (swarm-networking.md §8.1).
import type { Swarm, SwarmNode, ServiceSpec, Task } from '../state/schema';
import type { Daemon } from './daemon';
import { isDown as nodeDown } from './node-state';
import { badRequest } from './errors';
import { isActive, serviceById, taskIndex } from './indexes';

export interface Constraint {
  key: string;
  op: '==' | '!=';
  value: string;
}

export function parseConstraints(exprs: string[]): Constraint[] {
  return exprs.map((e) => {
    const m = /^\s*([^=!\s]+)\s*(==|!=)\s*(.*?)\s*$/.exec(e);
    if (!m || m[3].includes('==') || m[3].includes('!=')) {
      throw badRequest('rpc error: code = InvalidArgument desc = constraint expected one operator from ==, !=');
    }
    return { key: m[1], op: m[2] as '==' | '!=', value: m[3] };
  });
}

function nodeValue(d: Daemon, node: SwarmNode, key: string): string | undefined {
  const k = key.toLowerCase();
  if (k === 'node.id') return node.id;
  if (k === 'node.hostname') return node.machine;
  if (k === 'node.role') return node.role;
  if (k === 'node.platform.os') return 'linux';
  if (k === 'node.platform.arch') return 'x86_64';
  if (k.startsWith('node.labels.')) return node.labels[key.slice('node.labels.'.length)];
  if (k.startsWith('engine.labels.')) return undefined;
  return undefined;
}

export function nodeMatches(d: Daemon, node: SwarmNode, constraints: Constraint[]): boolean {
  return constraints.every((c) => {
    const v = nodeValue(d, node, c.key);
    const eq = v !== undefined && (c.key.toLowerCase().startsWith('node.labels.') ? v === c.value : v.toLowerCase() === c.value.toLowerCase());
    return c.op === '==' ? eq : !eq;
  });
}

interface Filter {
  explain(n: number): string;
  check(node: SwarmNode): boolean;
}

function plural(n: number, what: string) {
  return n === 1 ? `${what} on 1 node` : `${what} on ${n} nodes`;
}

export interface Placement {
  node?: SwarmNode;
  /** `no suitable node (…)` when nothing fits. */
  err?: string;
}

/**
 * Places the new tasks of one service, one after the other (counts include the tasks placed
 * earlier in the batch). The node filters that cannot change within a batch (availability,
 * constraints) run once; the per-node counts come from the task index, so a placement costs one
 * pass over the candidate nodes instead of one over every task.
 */
export class Placer {
  private readonly filters: Filter[];
  private readonly candidates: SwarmNode[] = [];
  private readonly mine: number[] = [];
  private readonly total: number[] = [];
  private readonly position = new Map<string, number>();
  private readonly maxReplicas: number;
  /** Nodes holding one of the service's host ports (from other tasks, or placed in this batch). */
  private readonly portBusy = new Set<string>();

  constructor(
    private readonly d: Daemon,
    private readonly swarm: Swarm,
    private readonly serviceId: string,
    spec: ServiceSpec,
    private readonly hostPorts: number[],
  ) {
    const placement = spec.TaskTemplate?.Placement ?? {};
    const constraints = parseConstraints(placement.Constraints ?? []);
    this.maxReplicas = placement.MaxReplicas ?? 0;
    const ix = taskIndex(swarm);
    const available: Filter = {
      check: (n) => !nodeDown(d.state, n) && n.availability === 'active',
      explain: (c) => (c === 1 ? '1 node not available for new tasks' : `${c} nodes not available for new tasks`),
    };
    this.filters = [available];
    if (constraints.length) this.filters.push({ check: (n) => nodeMatches(d, n, constraints), explain: (c) => plural(c, 'scheduling constraints not satisfied') });
    if (hostPorts.length) {
      for (const n of swarm.nodes) {
        for (const t of ix.onNode(n.id)) {
          if (isActive(t) && hostPortsOf(swarm, t).some((p) => hostPorts.includes(p))) {
            this.portBusy.add(n.id);
            break;
          }
        }
      }
      this.filters.push({ check: (n) => !this.portBusy.has(n.id), explain: (c) => plural(c, 'host-mode port already in use') });
    }
    if (this.maxReplicas > 0) {
      this.filters.push({ check: (n) => ix.activeOn(n.id, serviceId) < this.maxReplicas, explain: () => 'max replicas per node limit exceed' });
    }
    const statics = constraints.length ? 2 : 1;
    for (const n of swarm.nodes) {
      if (!this.filters.slice(0, statics).every((f) => f.check(n))) continue;
      this.position.set(n.id, this.candidates.length);
      this.candidates.push(n);
      this.mine.push(ix.activeOn(n.id, serviceId));
      this.total.push(ix.activeOn(n.id));
    }
  }

  /** A node for the next task; `prefer`: the node of the task it replaces, if as good as any. */
  place(prefer?: string): Placement {
    const max = this.maxReplicas;
    const ports = this.hostPorts.length > 0;
    let best: number[] = [];
    let b0 = Infinity;
    let b1 = Infinity;
    for (let i = 0; i < this.candidates.length; i++) {
      const m = this.mine[i];
      if (max > 0 && m >= max) continue;
      if (ports && this.portBusy.has(this.candidates[i].id)) continue;
      const t = this.total[i];
      if (m < b0 || (m === b0 && t < b1)) {
        best = [i];
        b0 = m;
        b1 = t;
      } else if (m === b0 && t === b1) best.push(i);
    }
    if (!best.length) return { err: this.explain() };
    const kept = prefer !== undefined ? best.find((i) => this.candidates[i].id === prefer) : undefined;
    const pick = kept ?? (best.length === 1 ? best[0] : this.d.rng.pick(best));
    return { node: this.candidates[pick] };
  }

  /** A task of the service was assigned to `node`. */
  placed(node: SwarmNode): void {
    const i = this.position.get(node.id);
    if (i !== undefined) {
      this.mine[i]++;
      this.total[i]++;
    }
    if (this.hostPorts.length) this.portBusy.add(node.id);
  }

  /** Why no node fits: failures counted by the first filter each node fails, most frequent first. */
  private explain(): string {
    const failures = this.filters.map(() => 0);
    for (const node of this.swarm.nodes) {
      const failed = this.filters.findIndex((f) => !f.check(node));
      if (failed >= 0) failures[failed]++;
    }
    const parts = this.filters
      .map((f, i) => ({ text: failures[i] ? f.explain(failures[i]) : '', n: failures[i], i }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n || a.i - b.i)
      .map((x) => x.text);
    return parts.length ? `no suitable node (${parts.join('; ')})` : 'no suitable node';
  }
}

/** Host-mode published ports a task holds on its node. */
export function hostPortsOf(swarm: Swarm, t: Task): number[] {
  const svc = serviceById(swarm, t.service);
  return (svc?.ports ?? []).filter((p) => p.PublishMode === 'host' && p.PublishedPort).map((p) => p.PublishedPort!);
}
