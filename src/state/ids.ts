// Docker's identifier formats (docker-cli-output.md §6.1).
import { Rng } from './rng';

const HEX = '0123456789abcdef';

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4] + HEX[b & 15];
  return s;
}

/** 64-hex local ID (containers, local networks, endpoints); never an all-digit short ID. */
export function localId(rng: Rng): string {
  for (;;) {
    const id = hex(rng.bytes(32));
    if (!/^\d{12}/.test(id)) return id;
  }
}

/**
 * A 64-hex local ID that is a function of `seed` (IDs of objects rebuilt from another record,
 * e.g. the container of a task: the task's ID is the seed).
 */
export function derivedLocalId(seed: string): string {
  return localId(Rng.fromSeed(seed));
}

/** Base-36 text of a big-endian unsigned integer. */
function base36(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n.toString(36);
}

/** swarmkit identity.NewID: 17 random bytes, top bit set, base 36, chars [1:26]. */
export function swarmId(rng: Rng): string {
  const b = rng.bytes(17);
  b[0] |= 0x80;
  return base36(b).slice(1, 26);
}

/** SWMTKN-1-<50 base36 CA digest>-<25 base36 secret> (swarmkit ca/config.go). */
export function joinToken(rng: Rng, caDigest: Uint8Array): string {
  const digest = base36(caDigest).padStart(50, '0').slice(0, 50);
  const secret = base36(rng.bytes(16)).padStart(25, '0').slice(0, 25);
  return `SWMTKN-1-${digest}-${secret}`;
}

export function hexBytes(rng: Rng, n: number): string {
  return hex(rng.bytes(n));
}

/** The endpoint ID of a node's load balancer on a swarm network. */
export function lbEndpointId(netId: string, nodeId: string): string {
  return derivedLocalId(`${netId}/${nodeId}/lb`);
}

/** A 25-char swarm ID that is a function of `seed` (see derivedLocalId). */
export function derivedSwarmId(seed: string): string {
  return swarmId(Rng.fromSeed(seed));
}
