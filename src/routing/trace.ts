// `dockersim trace`: one connection's way through the simulated network, step by step — the
// routing mesh's DNAT, the IPVS pick, the VXLAN hop, the port redirect and who answers.
// Tracing looks without touching: the IPVS pick is the one the next connection would get.
import type { RoutingContext, From, Endpoint } from './context';
import { path, type PathResult } from './paths';
import { resolveName } from './dns';
import { appOf } from './http';
import { indexOf, machineIndex } from './lookup';

export interface TraceTarget {
  host: string;
  port: number;
  proto: 'tcp' | 'udp';
}

/** `http://h:p/…`, `h:p`, `h` (port 80). */
export function parseTarget(text: string): TraceTarget | null {
  const m = /^(?:(https?):\/\/)?([^/:\s]+)(?::(\d+))?(?:\/.*)?$/.exec(text);
  if (!m) return null;
  const port = m[3] ? Number(m[3]) : m[1] === 'https' ? 443 : 80;
  return { host: m[2], port, proto: 'tcp' };
}

function who(e: Endpoint | undefined): string {
  if (!e) return 'nobody';
  if (e.container) return `${e.container.name} on ${e.machine}`;
  if (e.kind === 'host') return `the host ${e.machine}`;
  return `${e.kind} ${e.ip}${e.machine ? ` on ${e.machine}` : ''}`;
}

function sandboxIp(ctx: RoutingContext, machine: string): string | undefined {
  const m = indexOf(ctx.state).machine(machine);
  return (m && machineIndex(m).gwbridge())?.endpoints.find((e) => e.key === 'ingress-sbox')?.ip;
}

function vniOf(ctx: RoutingContext, network: string | undefined): string {
  const net = network === undefined ? undefined : indexOf(ctx.state).swarmNetByName(network);
  return net?.options['com.docker.network.driver.overlay.vxlanid_list'] ?? '?';
}

export function trace(ctx: RoutingContext, from: From, target: TraceTarget): string[] {
  const peek: RoutingContext = { ...ctx, advance: (key, n) => ctx.peek?.(key, n) ?? 0 };
  const where = from.container ? `${typeof from.container === 'string' ? from.container : from.container.name} on ${from.machine}` : from.machine;
  let ip = target.host;
  const lines: string[] = [];
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) {
    const answer = resolveName(peek, from, ip);
    if ('nxdomain' in answer) return [`${target.host}: no such name from ${where}`];
    ip = answer.addrs[0];
    lines.push(`resolve ${target.host} → ${answer.addrs.join(', ')} (embedded DNS 127.0.0.11${answer.network ? `, network ${answer.network}` : ''})`);
  }
  const r: PathResult = path(peek, from, ip, target.proto, target.port);
  lines.unshift(`trace from ${where} (${r.srcIp || '?'}) to ${ip}:${target.port}/${target.proto}`);
  if (!r.reachable) {
    const why =
      r.failure === 'refused'
        ? `nothing listens on or publishes ${target.proto} port ${target.port} at ${ip}: connection refused`
        : r.failure === 'timeout'
          ? `no route to ${ip} from here: packets are dropped (timeout)`
          : `${r.failure ?? 'unreachable'}${r.errorFrom ? ` (from ${r.errorFrom})` : ''}`;
    lines.push(`${r.target ? `${ip} is ${who(r.target)}; ` : ''}${why}`);
    return lines;
  }
  const node = r.target?.machine ?? from.machine;
  const backend = r.backend;
  const lan = r.target?.kind === 'host' && node !== from.machine ? `LAN: ${from.machine} → ${node} (${ip})` : undefined;
  if (r.via === 'ingress') {
    if (r.target?.kind === 'ingress-sbox') lines.push(`over ingress to ${node}'s ingress-sbox (${ip})`);
    else {
      if (lan) lines.push(lan);
      lines.push(`DNAT on ${node}: ${ip}:${target.port} → ${sandboxIp(ctx, node) ?? 'ingress-sbox'}:${target.port} (DOCKER-INGRESS, the node's ingress-sbox)`);
    }
    lines.push(`IPVS on ${node}'s ingress-sbox (round robin): picks ${backend?.ip} — ${who(backend)}; SNAT to ${r.clientIp}`);
    if (backend && backend.machine !== node) lines.push(`VXLAN over ingress (VNI ${vniOf(ctx, 'ingress')}): ${node} → ${backend.machine}`);
    else lines.push(`stays on ${node} (the task runs here)`);
  } else if (r.via === 'vip') {
    lines.push(`IPVS on ${from.machine}'s lb-${backend?.network ?? '?'} (round robin): VIP ${ip} picks ${backend?.ip} — ${who(backend)}; SNAT to ${r.clientIp}`);
    if (backend && backend.machine !== from.machine) lines.push(`VXLAN over ${backend.network} (VNI ${vniOf(ctx, backend.network)}): ${from.machine} → ${backend.machine}`);
  } else if (r.via === 'host-port') {
    if (lan) lines.push(lan);
    lines.push(`published port on ${node}: ${ip}:${target.port} → ${backend?.ip}:${r.backendPort} (${who(backend)})`);
  } else if (r.via === 'host') {
    lines.push(`out through the host's docker_gwbridge and the LAN to ${who(r.target)}`);
  } else if (backend && backend.network) {
    const hop = backend.machine !== from.machine ? ` (VXLAN VNI ${vniOf(ctx, backend.network)}: ${from.machine} → ${backend.machine})` : '';
    lines.push(`direct on ${backend.network}${hop}`);
  }
  if (r.backendPort !== undefined && r.backendPort !== target.port) {
    lines.push(`REDIRECT in ${backend?.container?.name ?? backend?.ip}: port ${target.port} → ${r.backendPort}`);
  }
  const app = backend?.container ? appOf(backend.container) : null;
  lines.push(`answered by ${who(backend)}${app ? ` (${app.kind} on ${r.backendPort})` : ''}, which sees the client as ${r.clientIp}`);
  return lines;
}
