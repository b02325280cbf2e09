// swarmkit's scheduler (manager/scheduler): filters in pipeline order, then spread — fewest
// tasks of this service, then fewest tasks in total — with seeded ties (swarm-networking.md §8.1).
import type { Swarm, SwarmNode, ServiceSpec, Task } from '../state/schema';
import type { Daemon } from './daemon';
import { isDown as nodeDown } from './node-state';
import { badRequest } from './errors';

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

/** Tasks that count as running on a node ("active": desired state ≤ running… not yet terminal). */
export function activeTasks(swarm: Swarm): Task[] {
  return swarm.tasks.filter((t) => t.node && (t.desired === 'running' || t.desired === 'ready') && !['complete', 'shutdown', 'failed', 'rejected', 'orphaned'].includes(t.state));
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

/** Picks a node for one new task of `serviceId` (counts include tasks placed earlier in the batch). */
export function schedule(d: Daemon, swarm: Swarm, serviceId: string, spec: ServiceSpec, hostPorts: number[], prefer?: string): Placement {
  const placement = spec.TaskTemplate?.Placement ?? {};
  const constraints = parseConstraints(placement.Constraints ?? []);
  const active = activeTasks(swarm);
  const maxReplicas: number = placement.MaxReplicas ?? 0;
  const filters: Filter[] = [
    {
      check: (n) => !nodeDown(d.state, n) && n.availability === 'active',
      explain: (c) => (c === 1 ? '1 node not available for new tasks' : `${c} nodes not available for new tasks`),
    },
  ];
  if (constraints.length) filters.push({ check: (n) => nodeMatches(d, n, constraints), explain: (c) => plural(c, 'scheduling constraints not satisfied') });
  if (hostPorts.length) {
    filters.push({
      check: (n) => !active.some((t) => t.node === n.id && hostPortsOf(swarm, t).some((p) => hostPorts.includes(p))),
      explain: (c) => plural(c, 'host-mode port already in use'),
    });
  }
  if (maxReplicas > 0) {
    filters.push({
      check: (n) => active.filter((t) => t.node === n.id && t.service === serviceId).length < maxReplicas,
      explain: () => 'max replicas per node limit exceed',
    });
  }
  const failures = filters.map(() => 0);
  const candidates: SwarmNode[] = [];
  for (const node of swarm.nodes) {
    const failed = filters.findIndex((f) => !f.check(node));
    if (failed >= 0) failures[failed]++;
    else candidates.push(node);
  }
  if (!candidates.length) {
    const parts = filters
      .map((f, i) => ({ text: failures[i] ? f.explain(failures[i]) : '', n: failures[i], i }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n || a.i - b.i)
      .map((x) => x.text);
    return { err: parts.length ? `no suitable node (${parts.join('; ')})` : 'no suitable node' };
  }
  const score = (n: SwarmNode) => [active.filter((t) => t.node === n.id && t.service === serviceId).length, active.filter((t) => t.node === n.id).length];
  let best: SwarmNode[] = [];
  let bestScore: number[] | undefined;
  for (const n of candidates) {
    const s = score(n);
    const cmp = bestScore ? s[0] - bestScore[0] || s[1] - bestScore[1] : -1;
    if (cmp < 0) {
      best = [n];
      bestScore = s;
    } else if (cmp === 0) best.push(n);
  }
  // A task replacing one of an older spec stays on that task's node when it is as good as any.
  const kept = prefer ? best.find((n) => n.id === prefer) : undefined;
  return { node: kept ?? (best.length === 1 ? best[0] : d.rng.pick(best)) };
}

/** Host-mode published ports a task holds on its node. */
export function hostPortsOf(swarm: Swarm, t: Task): number[] {
  const svc = swarm.services.find((s) => s.id === t.service);
  return (svc?.ports ?? []).filter((p) => p.PublishMode === 'host' && p.PublishedPort).map((p) => p.PublishedPort!);
}
