// Address management as libnetwork and swarmkit do it (swarm-networking.md §1):
// - local pools (bridges) hand out /16s from 172.17… then /20s of 192.168.0.0/16, first-free addresses;
// - the swarm pool hands out /24s of 10.0.0.0/8 (ingress first), serial addresses;
// - the next subnet is the lowest free one (v27+) or rotates from the last one handed out (≤v26).
import { contains, formatAddr, formatPrefix, mask, overlaps, parseAddr, parsePrefix, size, type Prefix } from './ip';
import type { IpamConfig, NetworkAlloc } from '../state/schema';
import type { Profile } from './profiles';

function localCandidates(): Prefix[] {
  const out: Prefix[] = [];
  for (let second = 17; second <= 31; second++) out.push({ addr: ((172 << 24) | (second << 16)) >>> 0, bits: 16 });
  for (let i = 0; i < 16; i++) out.push({ addr: ((192 << 24) | (168 << 16) | (i << 12)) >>> 0, bits: 20 });
  return out;
}

const LOCAL_CANDIDATES = localCandidates();
const SWARM_POOL = { base: (10 << 24) >>> 0, count: 65536, bits: 24 };

function pick(count: number, candidate: (i: number) => Prefix, taken: Prefix[], profile: Profile, cursor: number) {
  const start = profile.subnetReuse === 'rotating' ? cursor % count : 0;
  for (let k = 0; k < count; k++) {
    const i = (start + k) % count;
    const p = candidate(i);
    if (!taken.some((t) => overlaps(t, p))) return { prefix: p, next: i + 1 };
  }
  return null;
}

export const POOLS_EXHAUSTED = 'all predefined address pools have been fully subnetted';

/** Next local /16 (or /20) for a bridge; `reserved` are host routes (the machine's LAN). */
export function nextLocalSubnet(taken: Prefix[], reserved: Prefix[], profile: Profile, cursor: number) {
  return pick(LOCAL_CANDIDATES.length, (i) => LOCAL_CANDIDATES[i], [...taken, ...reserved], profile, cursor);
}

/** Next /24 of the swarm's 10.0.0.0/8 pool. */
export function nextSwarmSubnet(taken: Prefix[], profile: Profile, cursor: number) {
  return pick(SWARM_POOL.count, (i) => ({ addr: (SWARM_POOL.base + i * 256) >>> 0, bits: 24 }), taken, profile, cursor);
}

export function prefixesOf(configs: IpamConfig[]): Prefix[] {
  return configs.map((c) => parsePrefix(c.Subnet)).filter((p): p is Prefix => p !== null);
}

/** Host offsets an address may take in `cfg` (never network, broadcast). */
function hostRange(cfg: IpamConfig): { first: number; last: number; base: number } {
  const subnet = parsePrefix(cfg.Subnet)!;
  const base = (subnet.addr & mask(subnet.bits)) >>> 0;
  const range = cfg.IPRange ? parsePrefix(cfg.IPRange)! : subnet;
  const rbase = (range.addr & mask(range.bits)) >>> 0;
  const first = Math.max(1, rbase - base);
  const last = Math.min(size(subnet) - 2, rbase - base + size(range) - 1);
  return { first, last, base };
}

/** The gateway libnetwork picks when none is given: the first usable address (of the range). */
export function defaultGateway(cfg: IpamConfig): string {
  const { first, base } = hostRange(cfg);
  return formatAddr(base + first);
}

/** First-free address (local bridges). */
export function firstFree(cfg: IpamConfig, used: Set<string>): string | null {
  const { first, last, base } = hostRange(cfg);
  for (let o = first; o <= last; o++) {
    const ip = formatAddr(base + o);
    if (!used.has(ip)) return ip;
  }
  return null;
}

/** Serial address (swarm overlays): the next free one after the last handed out, wrapping. */
export function serialAlloc(alloc: NetworkAlloc, owner: string): string | null {
  const cfg = alloc.ipam[0];
  const { first, last, base } = hostRange(cfg);
  const span = last - first + 1;
  for (let k = 1; k <= span; k++) {
    const o = first + ((alloc.last - first + k) % span + span) % span;
    if (alloc.used[o] === undefined) {
      alloc.used[o] = owner;
      alloc.last = o;
      return formatAddr(base + o);
    }
  }
  return null;
}

export function releaseAddr(alloc: NetworkAlloc, ip: string): void {
  const cfg = alloc.ipam[0];
  const subnet = parsePrefix(cfg.Subnet)!;
  const n = parseAddr(ip);
  if (n === null || !contains(subnet, n)) return;
  delete alloc.used[n - ((subnet.addr & mask(subnet.bits)) >>> 0)];
}

export function offsetOf(cfg: IpamConfig, ip: string): number {
  const subnet = parsePrefix(cfg.Subnet)!;
  return parseAddr(ip)! - ((subnet.addr & mask(subnet.bits)) >>> 0);
}

export function prefixLen(cfg: IpamConfig): number {
  return parsePrefix(cfg.Subnet)!.bits;
}

export { formatPrefix };
