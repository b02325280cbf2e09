// IPVS as swarm programs it (swarm-networking.md §7.3, §7.4): one virtual service per service VIP
// in each node's lb-<net> sandbox, one fwmark service per ingress-published port in each node's
// ingress-sbox, scheduler `rr`, real servers = the service's running tasks on that network.
// The round-robin pointers are per node and persisted by the engine through ctx.advance.
import type { Container, Machine, PortConfig, Service, State, Task } from '../state/schema';
import type { RoutingContext } from './context';
import { isUp, machineOfNode } from './addressing';

export interface Backend {
  task: Task;
  container: Container;
  machine: Machine;
  /** The task's address on the balanced network. */
  ip: string;
}

/** Running tasks of `svc` with an address on network `netId`, in the order they were created. */
export function serviceBackends(state: State, svc: Service, netId: string): Backend[] {
  const out: Backend[] = [];
  const byMachine = new Map<Machine, Map<string, Container>>();
  for (const t of state.swarm?.tasks ?? []) {
    if (t.service !== svc.id || t.state !== 'running' || !t.container) continue;
    const att = t.nets.find((a) => a.net === netId);
    if (!att) continue;
    const machine = machineOfNode(state, t.node);
    if (!machine) continue;
    let index = byMachine.get(machine);
    if (!index) byMachine.set(machine, (index = new Map(machine.containers.map((c) => [c.id, c]))));
    const container = index.get(t.container);
    if (!machine || !container || !isUp(container)) continue;
    out.push({ task: t, container, machine, ip: att.addr.split('/')[0] });
  }
  return out;
}

/** The service whose VIP on `netId` is `ip`. */
export function vipService(state: State, netId: string, ip: string): Service | undefined {
  return state.swarm?.services.find((s) => s.vips.some((v) => v.net === netId && v.addr.split('/')[0] === ip));
}

export function serviceByName(state: State, name: string): Service | undefined {
  return state.swarm?.services.find((s) => s.spec.Name === name);
}

/** The service publishing `port`/`proto` in ingress mode (the routing mesh), with its port config. */
export function ingressPort(state: State, port: number, proto: string): { service: Service; port: PortConfig } | undefined {
  for (const s of state.swarm?.services ?? []) {
    const p = s.ports.find((x) => x.PublishMode === 'ingress' && x.PublishedPort === port && x.Protocol === proto);
    if (p) return { service: s, port: p };
  }
  return undefined;
}

/** Round-robin choice among backends for one IPVS table. */
export function pick<T>(ctx: RoutingContext, key: string, backends: T[]): T | undefined {
  if (!backends.length) return undefined;
  const i = ctx.advance(key, backends.length);
  const n = backends.length;
  return backends[((Math.trunc(i) % n) + n) % n];
}

export function vipKey(nodeId: string, vip: string): string {
  return `vip:${nodeId}:${vip}`;
}

export function ingressKey(nodeId: string, port: number, proto: string): string {
  return proto === 'tcp' ? `ingress:${nodeId}:${port}` : `ingress:${nodeId}:${port}/${proto}`;
}
