// Address management as libnetwork and swarmkit do it (swarm-networking.md §1):
// - local pools (bridges) hand out /16s from 172.17… then /20s of 192.168.0.0/16, first-free addresses;
// - the swarm pool hands out /24s of 10.0.0.0/8 (or `swarm init --default-addr-pool`'s, ingress
//   first), serial addresses;
// - the next subnet is the lowest free one (v27+) or rotates from the last one handed out (≤v26).
import { contains, formatAddr, formatPrefix, mask, overlaps, parseAddr, parsePrefix, size, type Prefix } from './ip';
import type { IpamConfig, NetworkAlloc, State } from '../state/schema';
import type { Profile } from './profiles';
import { explicitContainers } from './task-containers';

function localCandidates(): Prefix[] {
  const out: Prefix[] = [];
  for (let second = 17; second <= 31; second++) out.push({ addr: ((172 << 24) | (second << 16)) >>> 0, bits: 16 });
  for (let i = 0; i < 16; i++) out.push({ addr: ((192 << 24) | (168 << 16) | (i << 12)) >>> 0, bits: 20 });
  return out;
}

const LOCAL_CANDIDATES = localCandidates();
export const DEFAULT_ADDR_POOL = { pools: ['10.0.0.0/8'], size: 24 };

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

/**
 * Next subnet of the swarm's address pool: the pools in order, each cut into subnets of `size`
 * bits (10.0.0.0/8 in /24s unless `swarm init` said otherwise).
 */
export function nextSwarmSubnet(taken: Prefix[], profile: Profile, cursor: number, pool = DEFAULT_ADDR_POOL) {
  const bases = pool.pools.map((p) => parsePrefix(p)!).map((p) => ({ addr: (p.addr & mask(p.bits)) >>> 0, count: 2 ** (pool.size - p.bits) }));
  const total = bases.reduce((n, b) => n + b.count, 0);
  const step = 2 ** (32 - pool.size);
  const candidate = (i: number): Prefix => {
    for (const b of bases) {
      if (i < b.count) return { addr: (b.addr + i * step) >>> 0, bits: pool.size };
      i -= b.count;
    }
    throw new Error('candidate out of range');
  };
  return pick(total, candidate, taken, profile, cursor);
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

// Which addresses of an overlay are taken is not stored: it is rebuilt, once per command, from
// what holds them (the gateway, service VIPs, task attachments, node load balancers, attached
// containers), then kept current by serialAlloc/releaseAddr.
const usedSets = new WeakMap<NetworkAlloc, Set<number>>();

function subnetBase(alloc: NetworkAlloc): number {
  const subnet = parsePrefix(alloc.ipam[0].Subnet)!;
  return (subnet.addr & mask(subnet.bits)) >>> 0;
}

function usedOffsets(state: State, alloc: NetworkAlloc): Set<number> {
  const have = usedSets.get(alloc);
  if (have) return have;
  const subnet = parsePrefix(alloc.ipam[0].Subnet)!;
  const entry = { base: subnetBase(alloc), size: size(subnet), set: new Set<number>() };
  usedSets.set(alloc, entry.set);
  if (alloc.ipam[0].Gateway) entry.set.add(parseAddr(alloc.ipam[0].Gateway)! - entry.base);
  const swarm = state.swarm;
  const net = swarm?.networks.find((n) => n.alloc === alloc);
  if (!swarm || !net) return entry.set; // not (yet) in the swarm's list: only its gateway
  for (const lb of Object.values(alloc.lb)) hold(entry, lb.ip);
  for (const svc of swarm.services) for (const v of svc.vips) if (v.net === net.id) hold(entry, v.addr);
  for (const t of swarm.tasks) for (const a of t.nets) if (a.net === net.id) hold(entry, a.addr);
  for (const m of state.machines) for (const c of explicitContainers(m)) for (const a of c.nets) if (a.net === net.id) hold(entry, a.ip);
  return entry.set;
}

function hold(entry: { base: number; size: number; set: Set<number> } | undefined, addr: string): void {
  if (!entry || !addr) return;
  const i = addr.indexOf('/');
  const n = parseAddr(i < 0 ? addr : addr.slice(0, i));
  if (n === null) return;
  const o = n - entry.base;
  if (o >= 0 && o < entry.size) entry.set.add(o);
}

/** Serial address (swarm overlays): the next free one after the last handed out, wrapping. */
export function serialAlloc(state: State, alloc: NetworkAlloc): string | null {
  const used = usedOffsets(state, alloc);
  const cfg = alloc.ipam[0];
  const { first, last, base } = hostRange(cfg);
  const span = last - first + 1;
  for (let k = 1; k <= span; k++) {
    const o = first + ((alloc.last - first + k) % span + span) % span;
    if (!used.has(o)) {
      used.add(o);
      alloc.last = o;
      return formatAddr(base + o);
    }
  }
  return null;
}

export function releaseAddr(state: State, alloc: NetworkAlloc, ip: string): void {
  const cfg = alloc.ipam[0];
  const subnet = parsePrefix(cfg.Subnet)!;
  const n = parseAddr(ip);
  if (n === null || !contains(subnet, n)) return;
  usedOffsets(state, alloc).delete(n - ((subnet.addr & mask(subnet.bits)) >>> 0));
}

export function offsetOf(cfg: IpamConfig, ip: string): number {
  const subnet = parsePrefix(cfg.Subnet)!;
  return parseAddr(ip)! - ((subnet.addr & mask(subnet.bits)) >>> 0);
}

export function prefixLen(cfg: IpamConfig): number {
  return parsePrefix(cfg.Subnet)!.bits;
}

export { formatPrefix };
