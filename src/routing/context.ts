// What the routing core is given by the engine, and the shapes it answers with.
import type { Container, State } from '../state/schema';
import type { Rng } from '../state/rng';
import type { Profile } from '../engine/profiles';

/**
 * Everything routing/ reads. It never writes `state`; the only side effects are draws from `rng`
 * (DNS shuffles, latency jitter, ephemeral ports) and calls to `advance`.
 */
export interface RoutingContext {
  state: State;
  rng: Rng;
  now: Date;
  profile: Profile;
  /**
   * Round-robin pointer of one IPVS table, owned and persisted by the engine: returns the index
   * to use now (any integer; it is taken modulo `n`) and moves the pointer on. Keys:
   * `vip:<nodeID>:<vip>` (a service VIP on one node's lb-<net>) and `ingress:<nodeID>:<port>`
   * (one node's ingress-sbox for one published port; `/udp` is appended for UDP ports).
   */
  advance(key: string, n: number): number;
  /** The index `advance` would return, without moving the pointer (used by trace). */
  peek?(key: string, n: number): number;
}

/** Where a command runs: a container on a machine, or the machine's own (host) namespace. */
export interface From {
  machine: string;
  /** Container object, ID, ID prefix or name; omitted = the host itself. */
  container?: Container | string;
}

export type EndpointKind =
  | 'container'
  | 'lb' // a node's lb-<net> endpoint (answers for service VIPs too)
  | 'ingress-sbox' // a node's ingress sandbox (ingress and docker_gwbridge addresses)
  | 'gateway' // a local bridge's gateway address (the host, seen from the bridge)
  | 'host' // a machine's LAN address
  | 'router' // the lab's LAN router
  | 'external'; // a host on the Internet

/** Something that owns an address. */
export interface Endpoint {
  kind: EndpointKind;
  /** Machine name; '' for the router and the Internet. */
  machine: string;
  ip: string;
  /** Network name the address is on (overlay, bridge, docker_gwbridge). */
  network?: string;
  container?: Container;
  /** PTR name (`clever_sammet.test01`), when the embedded DNS has one. */
  name?: string;
  /** For a VIP answered by an lb endpoint: the service's name. */
  service?: string;
}
