// IPVS as swarm programs it (swarm-networking.md §7.3, §7.4): one virtual service per service VIP
// in each node's lb-<net> sandbox, one fwmark service per ingress-published port in each node's
// ingress-sbox, scheduler `rr`, real servers = the service's running tasks on that network.
// The round-robin pointers are per node and persisted by the engine through ctx.advance.
import type { PortConfig, Service, State } from '../state/schema';
import type { RoutingContext } from './context';
import { indexOf, type Backend } from './lookup';

export type { Backend } from './lookup';

/**
 * Running tasks of `svc` with an address on network `netId`, in the order they were created
 * (a copy of the indexed list).
 */
export function serviceBackends(state: State, svc: Service, netId: string): Backend[] {
  return indexOf(state).backends(svc.id, netId).slice();
}

/** The service whose VIP on `netId` is `ip`. */
export function vipService(state: State, netId: string, ip: string): Service | undefined {
  return indexOf(state).vipService(netId, ip);
}

export function serviceByName(state: State, name: string): Service | undefined {
  return indexOf(state).serviceByName(name);
}

/** The service publishing `port`/`proto` in ingress mode (the routing mesh), with its port config. */
export function ingressPort(state: State, port: number, proto: string): { service: Service; port: PortConfig } | undefined {
  return indexOf(state).ingressPort(port, proto);
}

/** Round-robin choice among backends for one IPVS table. */
export function pick<T>(ctx: RoutingContext, key: string, backends: T[]): T | undefined {
  if (!backends.length) return undefined;
  const i = ctx.advance(key, backends.length);
  const n = backends.length;
  return backends[((Math.trunc(i) % n) + n) % n];
}

// Keys are memoised: the same few thousand are asked for over and over, and a string made once
// keeps its hash (the engine's `advance` looks it up in a table on every connection).
const vipKeys = new Map<string, Map<string, string>>();
const ingressKeys = new Map<string, Map<string, string>>();
const KEY_LIMIT = 1 << 16;
let keyCount = 0;

function memoKey(table: Map<string, Map<string, string>>, prefix: string, a: string, b: string): string {
  let inner = table.get(a);
  let key = inner?.get(b);
  if (key !== undefined) return key;
  if (keyCount >= KEY_LIMIT) {
    vipKeys.clear();
    ingressKeys.clear();
    keyCount = 0;
    inner = undefined;
  }
  if (!inner) table.set(a, (inner = new Map()));
  inner.set(b, (key = `${prefix}:${a}:${b}`));
  keyCount++;
  return key;
}

export function vipKey(nodeId: string, vip: string): string {
  return memoKey(vipKeys, 'vip', nodeId, vip);
}

export function ingressKey(nodeId: string, port: number, proto: string): string {
  return memoKey(ingressKeys, 'ingress', nodeId, proto === 'tcp' ? String(port) : `${port}/${proto}`);
}
