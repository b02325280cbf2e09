// The latency model: every link a packet crosses adds a round-trip range; a probe's RTT is a
// seeded uniform draw inside the summed range, at microsecond resolution (swarm-networking.md §9).
import type { Rng } from '../state/rng';

/** A round-trip time range in milliseconds. */
export interface Rtt {
  min: number;
  max: number;
}

/**
 * Round-trip ranges per link kind (ms).
 * - loopback: inside one namespace (127.0.0.1, own address);
 * - veth: one hop over a local bridge/veth pair (same node: container ↔ container, LB, host);
 * - overlay: VXLAN between two nodes — the seed lab measured 2.59–3.17 ms;
 * - lan: host ↔ host on the lab LAN (the same VMs without encapsulation);
 * - router: host ↔ the LAN router (192.168.1.1).
 */
export const LINKS = {
  loopback: { min: 0.015, max: 0.045 },
  veth: { min: 0.035, max: 0.095 },
  overlay: { min: 2.55, max: 3.2 },
  lan: { min: 2.3, max: 3.0 },
  router: { min: 0.55, max: 1.4 },
} as const satisfies Record<string, Rtt>;

export type LinkKind = keyof typeof LINKS;

export const ZERO: Rtt = { min: 0, max: 0 };

/** Sum of link ranges (a path's round trip). */
export function span(...parts: (LinkKind | Rtt)[]): Rtt {
  let min = 0;
  let max = 0;
  for (const p of parts) {
    const r = typeof p === 'string' ? LINKS[p] : p;
    min += r.min;
    max += r.max;
  }
  return { min, max };
}

/** One probe's RTT in microseconds (integer), uniform in the range. */
export function sampleUs(rng: Rng, r: Rtt): number {
  const lo = Math.round(r.min * 1000);
  const hi = Math.round(r.max * 1000);
  return lo + rng.int(Math.max(1, hi - lo + 1));
}

/** One probe's RTT in milliseconds (microsecond resolution). */
export function sampleMs(rng: Rng, r: Rtt): number {
  return sampleUs(rng, r) / 1000;
}

/** iputils' per-reply `time=` rendering of a microsecond RTT: 3 significant digits (0.045, 3.17, 12.4, 104). */
export function iputilsTime(us: number): string {
  if (us >= 100000 - 50) return String(Math.floor((us + 500) / 1000));
  if (us >= 10000 - 5) {
    const t = Math.floor((us + 50) / 100);
    return `${Math.floor(t / 10)}.${t % 10}`;
  }
  if (us >= 1000) {
    const t = Math.floor((us + 5) / 10);
    return `${Math.floor(t / 100)}.${String(t % 100).padStart(2, '0')}`;
  }
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

/** `%u.%03u` of a microsecond value (busybox ping, iputils summaries, traceroute). */
export function ms3(us: number): string {
  const v = Math.round(us);
  return `${Math.floor(v / 1000)}.${String(v % 1000).padStart(3, '0')}`;
}
