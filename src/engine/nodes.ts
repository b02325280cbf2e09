// Node management on a manager: ls, inspect, update, promote/demote, rm.
import type { Daemon } from './daemon';
import type { SwarmNode } from '../state/schema';
import { DaemonError, badRequest, notFound } from './errors';
import { isDown as nodeDown } from './node-state';
import { reconcileAll } from './orchestrator';
import { noteDeparted } from './indexes';


/** Node reference: full ID, `self`, hostname, or ID prefix (moby getNode). */
export function findNode(d: Daemon, ref: string): SwarmNode {
  const { swarm, node: self } = d.manager();
  if (ref === 'self') return self;
  const byId = swarm.nodes.find((n) => n.id === ref);
  if (byId) return byId;
  const byName = swarm.nodes.filter((n) => n.machine === ref);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw badRequest(`node ${ref} is ambiguous (${byName.length} matches found)`);
  const byPrefix = swarm.nodes.filter((n) => n.id.startsWith(ref));
  if (byPrefix.length === 1) return byPrefix[0];
  if (byPrefix.length > 1) throw badRequest(`node ${ref} is ambiguous (${byPrefix.length} matches found)`);
  throw notFound(`node ${ref} not found`);
}

export interface NodeSpecUpdate {
  Role?: 'manager' | 'worker';
  Availability?: 'active' | 'pause' | 'drain';
  Labels?: Record<string, string>;
}

export function updateNode(d: Daemon, ref: string, spec: NodeSpecUpdate): void {
  const { swarm } = d.manager();
  const node = findNode(d, ref);
  if (spec.Role && spec.Role !== node.role) {
    if (spec.Role === 'worker') {
      const managers = swarm.nodes.filter((n) => n.role === 'manager' && !nodeDown(d.state, n));
      if (managers.length <= 1) {
        throw new DaemonError('rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm', 412);
      }
      node.leader = false;
      if (!swarm.nodes.some((n) => n.leader && n !== node)) {
        swarm.nodes.find((n) => n.role === 'manager' && n !== node)!.leader = true;
      }
    }
    node.role = spec.Role;
  }
  if (spec.Availability) node.availability = spec.Availability;
  if (spec.Labels) node.labels = spec.Labels;
  node.updated = d.stamp();
  node.version = d.touch(swarm);
  reconcileAll(d, swarm);
}

export function removeNode(d: Daemon, ref: string, force: boolean): void {
  const { swarm } = d.manager();
  const node = findNode(d, ref);
  if (node.role === 'manager') {
    throw new DaemonError(
      `rpc error: code = FailedPrecondition desc = node ${node.id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal`,
      412,
    );
  }
  if (!force && !nodeDown(d.state, node)) {
    throw new DaemonError(
      `rpc error: code = FailedPrecondition desc = node ${node.id} is not down and can't be removed`,
      412,
    );
  }
  for (const net of swarm.networks) if (net.alloc?.lb[node.id]) delete net.alloc.lb[node.id];
  noteDeparted(swarm, node);
  swarm.nodes = swarm.nodes.filter((n) => n !== node);
  d.touch(swarm);
  reconcileAll(d, swarm);
}
