// Port specifications as the docker CLI reads them: `-p` of run/create (go-connections' nat
// package) and `-p`/`--publish-add`/`--publish-rm` of services (cli/opts.PortOpt). The messages
// are theirs; the callers add the flag's or the command's prefix.
import type { PortConfig } from '../state/schema';
import { parseCsv } from './csv';

/** strconv.ParseUint(s, 10, 16), failing with strconv's reason. */
function parseUint16(s: string): number {
  if (!/^\d+$/.test(s)) throw new Error('invalid syntax');
  const n = Number(s);
  if (n > 65535) throw new Error('value out of range');
  return n;
}

/** nat.ParsePortRange: `80` or `8000-8010` (only the first two parts of `1-2-3` count). */
function parsePortRange(s: string): [number, number] {
  if (s === '') throw new Error('empty string specified for ports');
  if (!s.includes('-')) {
    const n = parseUint16(s);
    return [n, n];
  }
  const [a, b] = s.split('-');
  const start = parseUint16(a);
  const end = parseUint16(b);
  if (end < start) throw new Error(`invalid range specified for port: ${s}`);
  return [start, end];
}

/** Go's net.ParseIP, close enough for a host IP: dotted IPv4 without leading zeros, or IPv6. */
function isIP(s: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return s.split('.').every((p) => Number(p) <= 255 && (p === '0' || !p.startsWith('0')));
  return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s) && (s.match(/::/g) ?? []).length <= 1;
}

export interface PortMapping {
  hostIp: string;
  /** '' when not given, a number or a range `8000-8010` for a dynamic host port. */
  hostPort: string;
  containerPort: number;
  proto: 'tcp' | 'udp' | 'sctp';
}

/** nat.ParsePortSpec: `[[ip:]hostPort:]containerPort[/proto]`, ranges allowed. */
export function parsePortSpec(raw: string): PortMapping[] {
  const parts = raw.split(':');
  const n = parts.length;
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  let hostPort = n >= 2 ? parts[n - 2] : '';
  const [protoRaw, containerPort] = splitProtoPort(parts[n - 1]);
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) throw new Error(`invalid IP address ${ip}: address ${ip}:: missing ']' in address`);
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && !isIP(ip)) throw new Error(`invalid IP address: ${ip}`);
  if (containerPort === '') throw new Error(`no port specified: ${raw}<empty>`);
  let start: number;
  let end: number;
  try {
    [start, end] = parsePortRange(containerPort);
  } catch {
    throw new Error(`invalid containerPort: ${containerPort}`);
  }
  let hStart = 0;
  let hEnd = 0;
  if (hostPort !== '') {
    try {
      [hStart, hEnd] = parsePortRange(hostPort);
    } catch {
      throw new Error(`invalid hostPort: ${hostPort}`);
    }
    if (end - start !== hEnd - hStart && end !== start) {
      throw new Error(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
    }
  }
  const proto = protoRaw.toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') throw new Error(`invalid proto: ${proto}`);
  const out: PortMapping[] = [];
  for (let i = 0; i <= end - start; i++) {
    if (hostPort !== '') hostPort = start === end && hStart !== hEnd ? `${hStart + i}-${hEnd}` : String(hStart + i);
    out.push({ hostIp: ip, hostPort, containerPort: start + i, proto });
  }
  return out;
}

function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  return [parts[1] === '' ? 'tcp' : parts[1], parts[0]];
}

/** opts.PortOpt.Set: the CSV form when any `word=word` appears, else the short form. */
export function parsePortOpt(value: string): PortConfig[] {
  if (/\w+=\w+/.test(value)) return [parseLongPort(value)];
  const out: PortConfig[] = [];
  const mappings = parsePortSpec(value);
  if (mappings.some((m) => m.hostIp !== '')) throw new Error('hostip is not supported');
  for (const m of mappings) {
    let [first, last] = [0, 0];
    if (m.hostPort !== '') {
      try {
        [first, last] = parsePortRange(m.hostPort);
      } catch {
        throw new Error(`invalid hostport binding (${m.hostPort}) for port (${m.containerPort})`);
      }
    }
    for (let p = first; p <= last; p++) out.push(portConfig(m.proto, m.containerPort, p, 'ingress'));
  }
  return out;
}

function parseLongPort(value: string): PortConfig {
  let protocol: PortConfig['Protocol'] | undefined;
  let mode: PortConfig['PublishMode'] | undefined;
  let target = 0;
  let published = 0;
  for (const field of parseCsv(value)) {
    // docker lower-cases the whole field, value included
    const lower = field.toLowerCase();
    const eq = lower.indexOf('=');
    if (eq <= 0) throw new Error(`invalid field: ${field}`);
    const key = lower.slice(0, eq);
    const val = lower.slice(eq + 1);
    if (key === 'protocol') {
      if (val !== 'tcp' && val !== 'udp' && val !== 'sctp') throw new Error(`invalid protocol value '${val}'`);
      protocol = val;
    } else if (key === 'mode') {
      if (val !== 'ingress' && val !== 'host') throw new Error(`invalid publish mode value (${val}): must be either 'ingress' or 'host'`);
      mode = val;
    } else if (key === 'target' || key === 'published') {
      let n: number;
      try {
        n = parseUint16(val);
      } catch (e) {
        throw new Error(`invalid ${key === 'target' ? 'target' : 'published'} port (${val}): value must be an integer: ${(e as Error).message}`);
      }
      if (key === 'target') target = n;
      else published = n;
    } else throw new Error(`invalid field key: ${key}`);
  }
  if (target === 0) throw new Error("missing mandatory field 'target'");
  return portConfig(protocol ?? 'tcp', target, published, mode ?? 'ingress');
}

/** A PortConfig as the API carries it: PublishedPort 0 (let swarm choose) is left out. */
function portConfig(proto: PortConfig['Protocol'], target: number, published: number, mode: PortConfig['PublishMode']): PortConfig {
  return published ? { Protocol: proto, TargetPort: target, PublishedPort: published, PublishMode: mode } : { Protocol: proto, TargetPort: target, PublishMode: mode };
}
