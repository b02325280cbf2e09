// The container's interfaces as the network tools see them: `lo` plus the view's eth0…, with the kernel's
// values docker leaves in place (veth txqueuelen 0, loopback 1000, IPv6 only on lo).
import type { ContainerView, NetInterface } from './types';

export interface Iface extends Required<Omit<NetInterface, 'ifindex' | 'peerIfindex'>> {
  loopback: boolean;
  txqueuelen: number;
  ifindex: number;
  peerIfindex: number;
  /** IPv6 address/prefix (only lo: ::1/128, docker disables IPv6 on the others unless the network enables it). */
  inet6?: { addr: string; prefixLen: number };
}

export function ipToInt(ip: string): number {
  const p = ip.split('.').map((x) => parseInt(x, 10));
  if (p.length !== 4 || p.some((x) => !Number.isFinite(x) || x < 0 || x > 255)) return NaN;
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function maskInt(prefixLen: number): number {
  return prefixLen <= 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

export function netmask(prefixLen: number): string {
  return intToIp(maskInt(prefixLen));
}

export function networkAddr(ip: string, prefixLen: number): string {
  return intToIp((ipToInt(ip) & maskInt(prefixLen)) >>> 0);
}

export function broadcastAddr(ip: string, prefixLen: number): string {
  return intToIp((ipToInt(ip) | (~maskInt(prefixLen) >>> 0)) >>> 0);
}

export function isIPv4(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && !Number.isNaN(ipToInt(s));
}

/** A stable small number from the container ID, so ifindexes look like a host's (e.g. "23: eth0@if24"). */
function ifindexBase(id: string): number {
  const n = parseInt((id || '0').slice(0, 6), 16) || 0;
  return 10 + (n % 40) * 2;
}

export function interfacesOf(view: ContainerView): Iface[] {
  const lo: Iface = {
    name: 'lo', mac: '00:00:00:00:00:00', ip: '127.0.0.1', prefixLen: 8, mtu: 65536,
    rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0, loopback: true, txqueuelen: 1000,
    ifindex: 1, peerIfindex: 0, inet6: { addr: '::1', prefixLen: 128 },
  };
  const base = ifindexBase(view.id);
  const eths = view.interfaces.map((i: NetInterface, k): Iface => {
    const ifindex = i.ifindex ?? base + 2 * k;
    return {
      name: i.name, mac: i.mac.toLowerCase(), ip: i.ip, prefixLen: i.prefixLen, mtu: i.mtu,
      rxPackets: i.rxPackets, rxBytes: i.rxBytes, txPackets: i.txPackets, txBytes: i.txBytes,
      loopback: false, txqueuelen: 0, ifindex, peerIfindex: i.peerIfindex ?? ifindex + 1,
    };
  });
  return [lo, ...eths];
}

/** net-tools' nstrcmp: names compared with their numeric suffixes as numbers (eth2 < eth10). */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) return parseInt(x, 10) - parseInt(y, 10);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

export interface Route {
  dest: string;
  prefixLen: number;
  gateway?: string;
  dev: string;
  src?: string;
}

/** The main routing table: default via the gateway (docker_gwbridge's), one connected route per interface. */
export function routesOf(view: ContainerView): Route[] {
  const routes: Route[] = [];
  if (view.defaultGateway) routes.push({ dest: '0.0.0.0', prefixLen: 0, gateway: view.defaultGateway.ip, dev: view.defaultGateway.dev });
  const connected = view.interfaces
    .map((i) => ({ dest: networkAddr(i.ip, i.prefixLen), prefixLen: i.prefixLen, dev: i.name, src: i.ip }))
    .sort((a, b) => ipToInt(a.dest) - ipToInt(b.dest) || a.prefixLen - b.prefixLen);
  return routes.concat(connected);
}

/** Addresses /etc/hosts gives for a name, in file order. */
export function hostsLookup(etcHosts: string, name: string): string[] {
  const out: string[] = [];
  for (const line of etcHosts.split('\n')) {
    const t = line.replace(/#.*/, '').trim();
    if (!t) continue;
    const [addr, ...names] = t.split(/\s+/);
    if (names.includes(name) && !out.includes(addr)) out.push(addr);
  }
  return out;
}
