// IPv4 arithmetic on 32-bit numbers, with Go's netip parsing rules (no leading zeros, four
// decimal octets, prefix 0–32) so validation matches the daemon's messages.

export interface Prefix {
  addr: number;
  bits: number;
}

export function parseAddr(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

export function parsePrefix(s: string): Prefix | null {
  const i = s.indexOf('/');
  if (i < 0) return null;
  const addr = parseAddr(s.slice(0, i));
  const bitsText = s.slice(i + 1);
  if (addr === null || !/^\d{1,2}$/.test(bitsText) || (bitsText.length > 1 && bitsText[0] === '0')) return null;
  const bits = Number(bitsText);
  if (bits > 32) return null;
  return { addr, bits };
}

export function formatAddr(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

export function masked(p: Prefix): Prefix {
  return { addr: (p.addr & mask(p.bits)) >>> 0, bits: p.bits };
}

export function formatPrefix(p: Prefix): string {
  return `${formatAddr(p.addr)}/${p.bits}`;
}

export function size(p: Prefix): number {
  return 2 ** (32 - p.bits);
}

export function contains(p: Prefix, addr: number): boolean {
  return ((addr & mask(p.bits)) >>> 0) === masked(p).addr;
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  const bits = Math.min(a.bits, b.bits);
  return ((a.addr & mask(bits)) >>> 0) === ((b.addr & mask(bits)) >>> 0);
}

/** `02:42:` + the IPv4 octets in hex (libnetwork GenerateMACFromIP). */
export function macFromIp(ip: string): string {
  const n = parseAddr(ip) ?? 0;
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  return ['02', '42', hex(n >>> 24), hex((n >>> 16) & 255), hex((n >>> 8) & 255), hex(n & 255)].join(':');
}
