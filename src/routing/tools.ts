// Network commands as they behave inside a simulated container (or on a machine's host), with
// the real tools' output formats and exit codes. Each tool is
//   (ctx, from, args, stdin) => Promise<{ stdout, stderr, exitCode, files? }>
// and never sleeps, opens sockets or touches the host: it asks paths/dns/http and formats.
// `files` lists files the command wrote in the container (curl -o, wget): the caller applies
// them to `container.fs`. Whether the command exists in the image is the shell's business.
//
// Flavours follow the image: alpine/busybox images use busybox applets (ping, traceroute,
// nslookup, wget) unless the package replaced them (`container.installed`); Ubuntu 16.04 (the
// seed's sleeper_traceroute) has iputils s20121221 and curl 7.47; Debian 12 curl 7.88.1; hosts
// are Ubuntu 22.04. Simulation choices: `ping` without -c sends 4 probes (the real one runs until
// interrupted); a connection nobody ever answers ends as the kernel's SYN timeout would.
import type { Container } from '../state/schema';
import type { Daemon } from '../engine/daemon';
import { sandboxOf } from '../engine/sandbox';
import type { From, RoutingContext } from './context';
import { RoutingError, isIp, sourceOf, type Source } from './addressing';
import { DNS_TTL, EMBEDDED_DNS, externalByIp, externalByName, lookupEmbedded, resolverOf, reverseFrom } from './dns';
import { fileOf, headerBlock, imageOf, serveHttp, type HttpReply } from './http';
import { iputilsTime, ms3, sampleUs } from './latency';
import { pathFrom, type PathResult } from './paths';

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Files written in the container (path → content), to be applied to `container.fs`. */
  files?: Record<string, string>;
}

export type Tool = (ctx: RoutingContext, from: From, args: string[], stdin: string) => Promise<ToolResult>;

// ---- the environment of one invocation ------------------------------------------------------

interface Env {
  ctx: RoutingContext;
  src: Source;
  /** The container the command runs in (its files, image, installed packages). */
  container?: Container;
  distro: string;
  codename: string;
  versionId: string;
  /** /etc/hosts lines. */
  hosts: { ip: string; names: string[] }[];
  /** First nameserver of /etc/resolv.conf. */
  nameserver: string;
}

const HOST_HOSTS = (name: string) =>
  `127.0.0.1 localhost\n127.0.1.1 ${name}\n\n# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\nfe00::0 ip6-localnet\nff00::0 ip6-mcastprefix\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n`;

function osField(text: string, key: string): string {
  const m = new RegExp(`^${key}=("?)([^"\\n]*)\\1`, 'm').exec(text);
  return m ? m[2] : '';
}

function parseHosts(text: string): { ip: string; names: string[] }[] {
  const out: { ip: string; names: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (names.length) out.push({ ip, names });
  }
  return out;
}

function envOf(ctx: RoutingContext, from: From): Env {
  const src = sourceOf(ctx.state, from);
  const c = src.container;
  if (!c) return { ctx, src, distro: 'ubuntu', codename: 'jammy', versionId: '22.04', hosts: parseHosts(HOST_HOSTS(src.machine.name)), nameserver: '127.0.0.53' };
  const img = imageOf(c);
  const osRelease = fileOf(c, img?.image, '/etc/os-release') ?? '';
  const own = (path: string) => (c.fs[path] != null ? c.fs[path]! : undefined);
  let hostsText: string;
  let resolv: string;
  if (src.host) {
    // --network host: the host's files
    hostsText = own('/etc/hosts') ?? HOST_HOSTS(src.machine.name);
    resolv = own('/etc/resolv.conf') ?? 'nameserver 127.0.0.53\n';
  } else {
    const sb = sandboxOf({ state: ctx.state, profile: ctx.profile } as unknown as Daemon, src.machine, src.ns ?? c);
    hostsText = own('/etc/hosts') ?? sb.etcHosts;
    resolv = own('/etc/resolv.conf') ?? sb.resolvConf;
  }
  return {
    ctx,
    src,
    container: c,
    distro: img?.image.distro ?? 'debian',
    codename: osField(osRelease, 'VERSION_CODENAME'),
    versionId: osField(osRelease, 'VERSION_ID'),
    hosts: parseHosts(hostsText),
    nameserver: /^\s*nameserver\s+(\S+)/m.exec(resolv)?.[1] ?? '127.0.0.11',
  };
}

/** The command is the image's busybox applet (not replaced by an installed package). */
function isBusybox(env: Env, cmd: string): boolean {
  if (!env.container) return false;
  return (env.distro === 'alpine' || env.distro === 'busybox') && !env.container.installed.includes(cmd);
}

function curlVersion(env: Env): string {
  if (!env.container) return '7.81.0';
  if (env.distro === 'alpine') return env.versionId.startsWith('3.8') ? '7.61.1' : '8.12.1';
  switch (env.codename) {
    case 'xenial':
      return '7.47.0';
    case 'jammy':
      return '7.81.0';
    case 'noble':
      return '8.5.0';
    default:
      return '7.88.1';
  }
}

function digVersion(env: Env): string {
  if (!env.container) return '9.18.30-0ubuntu0.22.04.2-Ubuntu';
  if (env.distro === 'alpine') return '9.18.35';
  if (env.codename === 'xenial') return '9.10.3-P4-Ubuntu';
  if (env.codename === 'noble') return '9.18.30-0ubuntu0.24.04.2-Ubuntu';
  return '9.18.33-1~deb12u2-Debian';
}

function versionAtLeast(v: string, want: string): boolean {
  const a = v.split('.').map(Number);
  const b = want.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** Whether the resolver in use is the embedded DNS. */
function embeddedResolver(env: Env): boolean {
  return env.nameserver === EMBEDDED_DNS && resolverOf(env.src).embedded;
}

/** DNS A lookup through the configured nameserver. */
function dnsA(env: Env, name: string): { addrs: string[]; ttl: number; external: boolean } | null {
  const clean = name.replace(/\.$/, '');
  if (embeddedResolver(env)) {
    const hit = lookupEmbedded(env.ctx.state, env.src, clean);
    if (hit) return { addrs: env.ctx.rng.shuffle(hit.addrs), ttl: DNS_TTL, external: false };
  }
  const ext = externalByName(clean);
  return ext ? { addrs: [ext.ip], ttl: ext.dnsTtl, external: true } : null;
}

/** getaddrinfo (IPv4): numeric, /etc/hosts, then DNS. */
function lookupHost(env: Env, name: string): { ip: string; canonical: string } | null {
  if (isIp(name)) return { ip: name, canonical: name };
  const lower = name.toLowerCase();
  for (const h of env.hosts) if (isIp(h.ip) && h.names.some((n) => n.toLowerCase() === lower)) return { ip: h.ip, canonical: h.names[0] };
  const a = dnsA(env, name);
  return a?.addrs.length ? { ip: a.addrs[0], canonical: name } : null;
}

/** PTR through the configured resolver. */
function ptrOf(env: Env, ip: string): string | undefined {
  const fromHosts = env.hosts.find((h) => h.ip === ip);
  if (fromHosts) return fromHosts.names[0];
  return embeddedResolver(env) ? reverseFrom(env.ctx, ip, env.src) : reverseFrom(env.ctx, ip, { ...env.src, host: true, ifaces: [] });
}

function out(stdout: string, stderr = '', exitCode = 0, files?: Record<string, string>): ToolResult {
  return files ? { stdout, stderr, exitCode, files } : { stdout, stderr, exitCode };
}

/** Splits argv into options and operands; `valued` options take a value (attached or next). */
function getopt(args: string[], valued: string, bools: string): { opts: [string, string][]; operands: string[]; bad?: string; missing?: string } {
  const opts: [string, string][] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      if (valued.includes(ch)) {
        const rest = a.slice(j + 1);
        if (rest) opts.push([ch, rest]);
        else if (i + 1 < args.length) opts.push([ch, args[++i]]);
        else return { opts, operands, missing: ch };
        break;
      }
      if (bools.includes(ch)) opts.push([ch, '']);
      else return { opts, operands, bad: ch };
    }
  }
  return { opts, operands };
}

const lastOpt = (opts: [string, string][], k: string) => [...opts].reverse().find(([o]) => o === k)?.[1];
const hasOpt = (opts: [string, string][], k: string) => opts.some(([o]) => o === k);

// ---- ping -----------------------------------------------------------------------------------

/** `%g` of a packet-loss percentage. */
function percent(v: number): string {
  return String(Number(v.toPrecision(6)));
}

export const ping: Tool = async (ctx, from, args) => {
  const env = envOf(ctx, from);
  const busybox = isBusybox(env, 'ping');
  const legacy = !busybox && env.codename === 'xenial';
  const g = getopt(args, busybox ? 'cWwsItiQ' : 'cWwsitlpQSTMIF', busybox ? 'q4n' : 'q4nvOdDfLRrUaAbBh');
  if (g.bad || g.missing) {
    if (busybox) return out('', `ping: ${g.bad ? `invalid option -- '${g.bad}'` : `option requires an argument -- '${g.missing}'`}\nBusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n`, 1);
    return out('', `ping: ${g.bad ? `invalid option -- '${g.bad}'` : `option requires an argument -- '${g.missing}'`}\n\nUsage\n  ping [options] <destination>\n`, 2);
  }
  const target = g.operands[0];
  if (!target) {
    if (busybox) return out('', 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n', 1);
    return legacy ? out('', 'Usage: ping [-aAbBdDfhLnOqrRUvV] [-c count] [-i interval] [-I interface]\n', 2) : out('', 'ping: usage error: Destination address required\n', 1);
  }
  const countOpt = lastOpt(g.opts, 'c');
  const deadline = lastOpt(g.opts, 'w');
  const interval = Number(lastOpt(g.opts, 'i') ?? 1) || 1;
  const size = Number(lastOpt(g.opts, 's') ?? 56);
  if (countOpt !== undefined && !/^\d+$/.test(countOpt)) {
    if (busybox) return out('', `ping: invalid number '${countOpt}'\n`, 1);
    return legacy ? out('', 'ping: bad number of packets to transmit.\n', 2) : out('', `ping: invalid argument: '${countOpt}'\n`, 1);
  }
  // The real ping runs until interrupted; the simulation sends 4 probes unless told otherwise.
  const count = countOpt !== undefined ? Math.max(1, Number(countOpt)) : deadline !== undefined ? Math.max(1, Math.round(Number(deadline) / interval)) : 4;
  const quiet = hasOpt(g.opts, 'q');
  const numeric = hasOpt(g.opts, 'n') || isIp(target);

  const res = lookupHost(env, target);
  if (!res) {
    if (busybox) return out('', `ping: bad address '${target}'\n`, 1);
    return legacy ? out('', `ping: unknown host ${target}\n`, 2) : out('', `ping: ${target}: Name or service not known\n`, 2);
  }
  const ip = res.ip;
  const display = isIp(target) ? target : res.canonical;
  const p = pathFrom(ctx, env.src, ip, 'icmp');

  if (busybox) return busyboxPing(ctx, p, display, ip, count, size, quiet);

  let stdout = `PING ${display} (${ip}) ${size}(${size + 28}) bytes of data.\n`;
  if (p.failure === 'net-unreachable') return out('', legacy ? 'connect: Network is unreachable\n' : 'ping: connect: Network is unreachable\n', 2);
  const times: number[] = [];
  // iputils resolves reply sources for named targets; s20121221 prints the bare address without a PTR
  const ptr = numeric ? undefined : ptrOf(env, ip);
  const fromText = numeric || (legacy && !ptr) ? ip : `${ptr ?? ip} (${ip})`;
  for (let seq = 1; seq <= count; seq++) {
    if (p.reachable) {
      const us = sampleUs(ctx.rng, p.rtt);
      times.push(us);
      if (!quiet) stdout += `${size + 8} bytes from ${fromText}: icmp_seq=${seq} ttl=${p.ttl} time=${iputilsTime(us)} ms\n`;
    } else if (p.failure === 'host-unreachable' && !quiet) {
      stdout += `From ${p.errorFrom ?? p.srcIp} icmp_seq=${seq} Destination Host Unreachable\n`;
    }
  }
  const received = times.length;
  const errors = p.failure === 'host-unreachable' ? count : 0;
  const rttSmall = received && times.every((t) => t < 1000);
  const extra = count > 1 ? (received ? (rttSmall ? 20 + ctx.rng.int(60) : 2 + ctx.rng.int(8)) : 30 + ctx.rng.int(40)) : 0;
  const elapsed = count > 1 ? Math.round((count - 1) * interval * 1000) + extra : 0;
  stdout += `\n--- ${display} ping statistics ---\n`;
  stdout += `${count} packets transmitted, ${received} received, ${errors ? `+${errors} errors, ` : ''}${percent(((count - received) * 100) / count)}% packet loss, time ${elapsed}ms\n`;
  if (received) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const mean = times.reduce((a, b) => a + b, 0) / received;
    const avg = Math.round(mean);
    const mdev = Math.round(Math.sqrt(times.reduce((a, b) => a + (b - mean) ** 2, 0) / received));
    stdout += `rtt min/avg/max/mdev = ${ms3(min)}/${ms3(avg)}/${ms3(max)}/${ms3(mdev)} ms\n`;
  } else if (errors && count > 1) stdout += `pipe ${Math.min(count, 4)}\n`;
  return out(stdout, '', received ? 0 : 1);
};

function busyboxPing(ctx: RoutingContext, p: PathResult, display: string, ip: string, count: number, size: number, quiet: boolean): ToolResult {
  let stdout = `PING ${display} (${ip}): ${size} data bytes\n`;
  if (p.failure === 'net-unreachable') return out(stdout, 'ping: sendto: Network is unreachable\n', 1);
  const times: number[] = [];
  for (let seq = 0; seq < count; seq++) {
    if (!p.reachable) continue;
    const us = sampleUs(ctx.rng, p.rtt);
    times.push(us);
    if (!quiet) stdout += `${size + 8} bytes from ${ip}: seq=${seq} ttl=${p.ttl} time=${ms3(us)} ms\n`;
  }
  const received = times.length;
  stdout += `\n--- ${display} ping statistics ---\n`;
  stdout += `${count} packets transmitted, ${received} packets received, ${Math.floor(((count - received) * 100) / count)}% packet loss\n`;
  if (received) {
    const avg = Math.floor(times.reduce((a, b) => a + b, 0) / received);
    stdout += `round-trip min/avg/max = ${ms3(Math.min(...times))}/${ms3(avg)}/${ms3(Math.max(...times))} ms\n`;
  }
  return out(stdout, '', received ? 0 : 1);
}

// ---- traceroute -----------------------------------------------------------------------------

export const traceroute: Tool = async (ctx, from, args) => {
  const env = envOf(ctx, from);
  const busybox = isBusybox(env, 'traceroute');
  const g = getopt(args, 'mqwpfsizgtNz', 'nIT4UFrdvlAeV');
  if (g.bad) return out('', busybox ? `traceroute: invalid option -- '${g.bad}'\n` : `Bad option \`-${g.bad}' (argc 1)\n`, busybox ? 1 : 2);
  const target = g.operands[0];
  if (!target) return out('', busybox ? 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: traceroute [-46IFlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]\n' : 'Usage:\n  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]\n', busybox ? 1 : 2);
  const maxHops = Number(lastOpt(g.opts, 'm') ?? 30) || 30;
  const queries = Math.max(1, Number(lastOpt(g.opts, 'q') ?? 3) || 3);
  const numeric = hasOpt(g.opts, 'n');
  const res = lookupHost(env, target);
  if (!res) {
    if (busybox) return out('', `traceroute: bad address '${target}'\n`, 1);
    return out('', `${target}: Name or service not known\nCannot handle "host" cmdline arg \`${target}' on position 1 (argc ${args.indexOf(target) + 1})\n`, 2);
  }
  const ip = res.ip;
  const display = isIp(target) ? target : res.canonical;
  const head = `traceroute to ${display} (${ip}), ${maxHops} hops max, ${busybox ? 46 : 60} byte packets\n`;
  const p = pathFrom(ctx, env.src, ip, 'icmp');
  if (p.failure === 'net-unreachable') return out(head, busybox ? 'traceroute: sendto: Network is unreachable\n' : 'connect: Network is unreachable\n', 1);
  let stdout = head;
  let ttl = 1;
  for (const hop of p.hops) {
    if (ttl > maxHops) break;
    const name = numeric ? undefined : (hop.name ?? ptrOf(env, hop.ip) ?? hop.ip);
    const who = numeric ? hop.ip : `${name} (${hop.ip})`;
    const probes: string[] = [];
    for (let i = 0; i < queries; i++) probes.push(`${ms3(sampleUs(ctx.rng, hop.rtt))} ms${hop.note ? ' ' + hop.note : ''}`);
    stdout += `${String(ttl).padStart(2)}  ${who}  ${probes.join('  ')}\n`;
    ttl++;
    if (hop.note) return out(stdout, '', 0);
  }
  if (!p.reachable) for (; ttl <= maxHops; ttl++) stdout += `${String(ttl).padStart(2)}  ${Array(queries).fill('*').join(' ')}\n`;
  return out(stdout, '', 0);
};

// ---- HTTP clients ---------------------------------------------------------------------------

interface Url {
  scheme: string;
  host: string;
  port: number;
  target: string;
  /** Host header value. */
  hostHeader: string;
  text: string;
}

function parseUrl(raw: string): Url | { error: string } {
  let s = raw;
  let scheme = 'http';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(s);
  if (m) {
    scheme = m[1].toLowerCase();
    s = s.slice(m[0].length);
  }
  const slash = s.search(/[/?#]/);
  const authority = slash < 0 ? s : s.slice(0, slash);
  let target = slash < 0 ? '/' : s.slice(slash);
  if (target.startsWith('?')) target = '/' + target;
  target = target.split('#')[0] || '/';
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const pm = /^(.*?)(?::(\d*))?$/.exec(hostPort)!;
  const host = pm[1];
  const defPort = scheme === 'https' ? 443 : 80;
  const port = pm[2] ? Number(pm[2]) : defPort;
  if (!host) return { error: 'no host' };
  return { scheme, host, port, target, hostHeader: port === defPort ? host : `${host}:${port}`, text: `${scheme}://${hostPort}${target}` };
}

interface Fetched {
  url: Url;
  ip?: string;
  path?: PathResult;
  reply?: HttpReply;
  /** Failure before a reply: curl's exit code and message. */
  error?: { code: number; message: string };
  localPort: number;
}

type CurlStyle = 'old' | 'mid' | 'new' | 'new2';

function curlStyle(version: string): CurlStyle {
  if (!versionAtLeast(version, '7.76.0')) return 'old';
  if (!versionAtLeast(version, '7.83.0')) return 'mid';
  if (!versionAtLeast(version, '8.6.0')) return 'new';
  return 'new2';
}

function connectFailure(style: CurlStyle, host: string, port: number, ms: number, errno: 'refused' | 'timeout' | 'noroute' | 'netunreach', limitMs?: number): { code: number; message: string } {
  const strerror = { refused: 'Connection refused', timeout: 'Connection timed out', noroute: 'No route to host', netunreach: 'Network is unreachable' }[errno];
  const couldnt = style === 'new2' ? 'Could not connect to server' : "Couldn't connect to server";
  if (limitMs !== undefined) {
    if (style === 'new' || style === 'new2') return { code: 28, message: `Failed to connect to ${host} port ${port} after ${limitMs} ms: Timeout was reached` };
    return { code: 28, message: `Connection timed out after ${limitMs} milliseconds` };
  }
  const code = errno === 'timeout' && style !== 'old' ? 28 : 7;
  if (style === 'old') return { code, message: `Failed to connect to ${host} port ${port}: ${strerror}` };
  if (style === 'mid') return { code, message: `Failed to connect to ${host} port ${port} after ${ms} ms: ${strerror}` };
  return { code, message: `Failed to connect to ${host} port ${port} after ${ms} ms: ${couldnt}` };
}

/** One HTTP exchange from `env` (no redirects). */
function fetchOnce(env: Env, url: Url, method: string, headers: [string, string][], body: string | undefined, style: CurlStyle, timeoutS?: number): Fetched {
  const { ctx } = env;
  const localPort = 32768 + ctx.rng.int(28232);
  const res = lookupHost(env, url.host);
  if (!res) return { url, localPort, error: { code: 6, message: `Could not resolve host: ${url.host}` } };
  const ip = res.ip;
  const p = pathFrom(ctx, env.src, ip, 'tcp', url.port);
  const limitMs = timeoutS !== undefined ? Math.round(timeoutS * 1000) + 1 + ctx.rng.int(2) : undefined;
  if (!p.reachable) {
    const f = p.failure ?? 'timeout';
    let ms = Math.floor(sampleUs(ctx.rng, p.rtt) / 1000);
    if (f === 'timeout') ms = 129000 + ctx.rng.int(3000);
    if (f === 'host-unreachable') ms = 3050 + ctx.rng.int(30);
    if (f === 'net-unreachable') ms = 0;
    const errno = f === 'refused' ? 'refused' : f === 'timeout' ? 'timeout' : f === 'host-unreachable' ? 'noroute' : 'netunreach';
    const limited = f === 'timeout' && limitMs !== undefined ? limitMs : f === 'host-unreachable' && limitMs !== undefined && limitMs < ms ? limitMs : undefined;
    return { url, ip, path: p, localPort, error: connectFailure(style, url.host, url.port, ms, errno, limited) };
  }
  if (url.scheme === 'https') {
    const reply = p.backend ? serveHttp(ctx, p.backend, p.backendPort ?? url.port, { method, target: url.target, host: url.hostHeader, headers, body, clientIp: p.clientIp ?? p.srcIp, clientPort: localPort }) : undefined;
    const msg = reply?.kind === 'empty' ? 'Connection reset by peer' : style === 'old' ? 'error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol' : 'OpenSSL/3.0.15: error:0A00010B:SSL routines::wrong version number';
    return { url, ip, path: p, localPort, error: { code: 35, message: msg } };
  }
  if (p.paused) {
    const ms = limitMs ?? 300000;
    return { url, ip, path: p, localPort, error: { code: 28, message: `Operation timed out after ${ms} milliseconds with 0 bytes received` } };
  }
  const reply = serveHttp(ctx, p.backend!, p.backendPort ?? url.port, { method, target: url.target, host: url.hostHeader, headers, body, clientIp: p.clientIp ?? p.srcIp, clientPort: localPort });
  return { url, ip, path: p, localPort, reply };
}

function curlWriteOut(fmt: string, vars: Record<string, string>): string {
  let s = fmt.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t');
  s = s.replace(/%\{([a-z_]+)\}/g, (m, k: string) => (k in vars ? vars[k] : ''));
  return s.replace(/%%/g, '%');
}

const CURL_VALUED = new Set(['o', 'w', 'X', 'H', 'd', 'm', 'A', 'e', 'u', 'x', 'b', 'c', 'T', 'F', 'K', 'r', 'y', 'Y', 'z', 'C', 'E', 'U']);
const CURL_BOOLS = new Set(['s', 'S', 'I', 'i', 'v', 'L', 'f', 'k', 'O', 'g', 'G', 'n', 'N', 'q', 'R', '4', '6', 'j', 'l', 'Z', '#', '0', '1', '2', '3', 'p', 'a', 'B', 'M', 'V', 'h']);
const CURL_LONG: Record<string, string | [string]> = {
  silent: 's',
  'show-error': 'S',
  head: 'I',
  include: 'i',
  verbose: 'v',
  location: 'L',
  fail: 'f',
  insecure: 'k',
  'remote-name': 'O',
  output: ['o'],
  'write-out': ['w'],
  request: ['X'],
  header: ['H'],
  data: ['d'],
  'data-raw': ['d'],
  'data-binary': ['d'],
  'max-time': ['m'],
  'user-agent': ['A'],
  referer: ['e'],
  'connect-timeout': ['connect-timeout'],
  retry: ['retry'],
  http1: 'http1',
  'http1.1': 'http1',
  compressed: 'compressed',
  'no-progress-meter': 'no-progress-meter',
  ipv4: '4',
  'fail-with-body': 'fail-with-body',
  version: 'V',
  help: 'h',
};

export const curl: Tool = async (ctx, from, args) => {
  const env = envOf(ctx, from);
  const version = curlVersion(env);
  const style = curlStyle(version);
  const tryHelp = "curl: try 'curl --help' or 'curl --manual' for more information\n";
  const opts: [string, string][] = [];
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const spec = CURL_LONG[name];
      if (spec === undefined) return out('', `curl: option ${a}: is unknown\n${tryHelp}`, 2);
      if (Array.isArray(spec)) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return out('', `curl: option ${a}: requires parameter\n${tryHelp}`, 2);
        opts.push([spec[0], v]);
      } else opts.push([spec, '']);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        if (CURL_VALUED.has(ch)) {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) return out('', `curl: option -${ch}: requires parameter\n${tryHelp}`, 2);
          opts.push([ch, v]);
          break;
        }
        if (!CURL_BOOLS.has(ch)) return out('', `curl: option -${ch}: is unknown\n${tryHelp}`, 2);
        opts.push([ch, '']);
      }
      continue;
    }
    urls.push(a);
  }
  const has = (k: string) => hasOpt(opts, k);
  if (has('V')) return out(`curl ${version} (x86_64-pc-linux-gnu) libcurl/${version}\nProtocols: dict file ftp ftps gopher gophers http https imap imaps mqtt pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp\n`);
  const showErrors = !has('s') || has('S');
  if (!urls.length) return out('', showErrors || !has('s') ? `curl: no URL specified!\n${tryHelp}` : '', 2);
  const head = has('I');
  const include = has('i');
  const verbose = has('v');
  const fail = has('f');
  const follow = has('L');
  const output = lastOpt(opts, 'o');
  const writeOut = lastOpt(opts, 'w');
  const data = opts.filter(([k]) => k === 'd').map(([, v]) => v);
  const body = data.length ? data.join('&') : undefined;
  const method = lastOpt(opts, 'X') ?? (head ? 'HEAD' : body !== undefined ? 'POST' : 'GET');
  const maxTime = lastOpt(opts, 'm');
  const connectTimeout = lastOpt(opts, 'connect-timeout');
  const timeoutS = [maxTime, connectTimeout].filter((v): v is string => v !== undefined).map(Number).filter((n) => n > 0).sort((a, b) => a - b)[0];
  const userHeaders: [string, string][] = opts
    .filter(([k]) => k === 'H')
    .map(([, v]) => {
      const i = v.indexOf(':');
      return [v.slice(0, i).trim(), v.slice(i + 1).trim()] as [string, string];
    });
  const ua = lastOpt(opts, 'A') ?? `curl/${version}`;

  let stdout = '';
  let stderr = '';
  const files: Record<string, string> = {};
  let exitCode = 0;
  for (const rawUrl of urls) {
    let parsed = parseUrl(rawUrl);
    if ('error' in parsed) {
      exitCode = 3;
      if (showErrors) stderr += `curl: (3) URL using bad/illegal format or missing URL\n`;
      continue;
    }
    if (parsed.scheme !== 'http' && parsed.scheme !== 'https') {
      exitCode = 1;
      if (showErrors) stderr += `curl: (1) Protocol "${parsed.scheme}" not supported${style === 'old' ? ' or disabled in libcurl' : ''}\n`;
      continue;
    }
    let f: Fetched;
    let redirects = 0;
    for (;;) {
      const headers: [string, string][] = [];
      if (!userHeaders.some(([k]) => k.toLowerCase() === 'user-agent')) headers.push(['User-Agent', ua]);
      if (!userHeaders.some(([k]) => k.toLowerCase() === 'accept')) headers.push(['Accept', '*/*']);
      for (const h of userHeaders) if (h[0].toLowerCase() !== 'host') headers.push(h);
      const hostOverride = userHeaders.find(([k]) => k.toLowerCase() === 'host')?.[1];
      if (body !== undefined && !headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
      const url = hostOverride ? { ...parsed, hostHeader: hostOverride } : parsed;
      f = fetchOnce(env, url, method, headers, body, style, timeoutS);
      if (verbose) {
        if (f.ip) stderr += style === 'old' ? `*   Trying ${f.ip}...\n` : `*   Trying ${f.ip}:${url.port}...\n`;
        if (f.reply || (f.error && f.error.code !== 6 && f.error.code !== 7 && f.error.code !== 28) || f.path?.paused) {
          stderr += `* Connected to ${url.host} (${f.ip}) port ${url.port} (#0)\n`;
          stderr += `> ${method} ${url.target} HTTP/1.1\n> Host: ${url.hostHeader}\n` + headers.map(([k, v]) => `> ${k}: ${v}\n`).join('') + '> \n';
        }
        if (f.reply?.kind === 'http') stderr += headerBlock(f.reply).split('\r\n').slice(0, -1).map((l) => `< ${l}\n`).join('');
      }
      const r = f.reply;
      if (follow && r?.kind === 'http' && r.status >= 300 && r.status < 400 && redirects < 50) {
        const loc = r.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
        if (loc) {
          const next = parseUrl(loc.startsWith('/') ? `${parsed.scheme}://${parsed.hostHeader}${loc}` : loc);
          if (!('error' in next)) {
            if (include) stdout += headerBlock(r);
            if (verbose) stderr += `* Connection #0 to host ${parsed.host} left intact\n* Issue another request to this URL: '${next.text}'\n`;
            parsed = next;
            redirects++;
            continue;
          }
        }
      }
      break;
    }
    const r = f.reply;
    const vars: Record<string, string> = {
      http_code: r?.kind === 'http' ? String(r.status) : '000',
      response_code: r?.kind === 'http' ? String(r.status) : '000',
      remote_ip: f.ip && (r || f.path?.paused) ? f.ip : '',
      remote_port: f.ip && r ? String(parsed.port) : '',
      local_ip: r && f.path ? f.path.srcIp : '',
      local_port: r ? String(f.localPort) : '',
      size_download: r?.kind === 'http' && method !== 'HEAD' ? String(Buffer.byteLength(r.body)) : '0',
      size_header: r?.kind === 'http' ? String(Buffer.byteLength(headerBlock(r))) : '0',
      content_type: r?.kind === 'http' ? (r.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '') : '',
      url_effective: parsed.text,
      num_redirects: String(redirects),
      http_version: r?.kind === 'http' ? '1.1' : '0',
      method,
      scheme: parsed.scheme.toUpperCase(),
      exitcode: '0',
      errormsg: '',
      time_total: '0.000000',
      time_connect: '0.000000',
      time_namelookup: '0.000000',
    };
    if (f.path?.rtt && r) {
      const t = sampleUs(ctx.rng, f.path.rtt) / 1e6;
      vars.time_connect = t.toFixed(6);
      vars.time_total = (t * 2 + 0.0004).toFixed(6);
      vars.time_namelookup = '0.000021';
    }
    let err = f.error;
    if (!err && r?.kind === 'empty') err = { code: 52, message: 'Empty reply from server' };
    if (!err && r?.kind === 'raw') {
      if (versionAtLeast(version, '7.66.0')) err = { code: 1, message: 'Received HTTP/0.9 when not allowed' };
      else stdout += r.data;
    }
    if (!err && r?.kind === 'http' && fail && r.status >= 400) {
      err = { code: 22, message: `The requested URL returned error: ${r.status}${style === 'old' ? ' ' + r.reason : ''}` };
    }
    if (err) {
      exitCode = err.code;
      vars.exitcode = String(err.code);
      vars.errormsg = err.message;
      if (verbose) stderr += `* ${err.message}\n* Closing connection 0\n`;
      if (showErrors) stderr += `curl: (${err.code}) ${err.message}\n`;
    } else if (r?.kind === 'http') {
      let text = '';
      if (head || include) text += headerBlock(r);
      if (!head) text += r.body;
      if (output && output !== '-') {
        if (output !== '/dev/null') files[absPath(env, output)] = text;
      } else if (has('O')) {
        const name = parsed.target.split('?')[0].split('/').pop() || '';
        if (!name) {
          exitCode = 23;
          if (showErrors) stderr += 'curl: (23) Failed writing received data to disk/application\n';
        } else files[absPath(env, name)] = text;
      } else stdout += text;
      if (verbose) stderr += `* Connection #0 to host ${parsed.host} left intact\n`;
    }
    if (writeOut !== undefined) stdout += curlWriteOut(writeOut, vars);
  }
  return out(stdout, stderr, exitCode, Object.keys(files).length ? files : undefined);
};

/** A path relative to the container's working directory. */
function absPath(env: Env, p: string): string {
  if (p.startsWith('/')) return p;
  const wd = env.container?.workdir || '/';
  return (wd.endsWith('/') ? wd : wd + '/') + p;
}

/** busybox wget (alpine, busybox images): `wget [-q] [-O FILE|-] [-T SEC] [-S] [--spider] URL`. */
export const wget: Tool = async (ctx, from, args) => {
  const env = envOf(ctx, from);
  const normalised = args.flatMap((a) => (a === '--spider' ? ['-s'] : a === '--quiet' ? ['-q'] : a.startsWith('--output-document=') ? ['-O', a.split('=')[1]] : a.startsWith('--timeout=') ? ['-T', a.split('=')[1]] : [a]));
  const g = getopt(normalised, 'OTUYPoeaH', 'qcSs');
  if (g.bad) return out('', `wget: unrecognized option '${g.bad}'\nBusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n`, 1);
  const raw = g.operands[0];
  if (!raw) return out('', 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n', 1);
  const quiet = hasOpt(g.opts, 'q');
  const spider = hasOpt(g.opts, 's');
  const outFile = lastOpt(g.opts, 'O');
  const timeout = Number(lastOpt(g.opts, 'T') ?? 0) || undefined;
  const url = parseUrl(raw);
  if ('error' in url) return out('', `wget: bad address ''\n`, 1);
  let stderr = '';
  const res = lookupHost(env, url.host);
  if (!res) return out('', `wget: bad address '${url.host}'\n`, 1);
  if (!quiet) stderr += `Connecting to ${url.host} (${res.ip}:${url.port})\n`;
  const f = fetchOnce(env, url, spider ? 'HEAD' : 'GET', [['User-Agent', 'Wget'], ['Connection', 'close']], undefined, 'new', timeout);
  if (f.error) {
    if (f.error.code === 28 || f.path?.failure === 'timeout') return out('', stderr + 'wget: download timed out\n', 1);
    const why = f.path?.failure === 'refused' ? 'Connection refused' : f.path?.failure === 'host-unreachable' ? 'No route to host' : 'Network is unreachable';
    return out('', stderr + `wget: can't connect to remote host (${f.ip}): ${why}\n`, 1);
  }
  const r = f.reply!;
  if (r.kind !== 'http') return out('', stderr + 'wget: error getting response: Connection reset by peer\n', 1);
  if (r.status >= 400) return out('', stderr + `wget: server returned error: HTTP/1.1 ${r.status} ${r.reason}\n`, 1);
  if (spider) return out('', stderr + (quiet ? '' : 'remote file exists\n'), 0);
  const name = outFile ?? (url.target.split('?')[0].split('/').pop() || 'index.html');
  if (name === '-') return out(r.body, stderr, 0);
  const size = Buffer.byteLength(r.body);
  if (!quiet) {
    stderr += `saving to '${name}'\n`;
    stderr += `${name.slice(0, 20).padEnd(20)} 100% |********************************| ${String(size).padStart(5)}  0:00:00 ETA\n`;
    stderr += `'${name}' saved\n`;
  }
  return out('', stderr, 0, name === '/dev/null' ? undefined : { [absPath(env, name)]: r.body });
};

// ---- DNS clients ----------------------------------------------------------------------------

function reverseName(ip: string): string {
  return ip.split('.').reverse().join('.') + '.in-addr.arpa';
}

/** nslookup: bind's (dnsutils / bind-tools) or busybox's. */
export const nslookup: Tool = async (ctx, from, args) => {
  const env = envOf(ctx, from);
  const busybox = isBusybox(env, 'nslookup');
  const operands = args.filter((a) => !a.startsWith('-'));
  const name = operands[0];
  const server = env.nameserver;
  if (!name) {
    if (busybox) return out('', 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n', 1);
    return out('', '', 0);
  }
  const oldBusybox = busybox && env.distro === 'alpine' && /^3\.[0-8]\b/.test(env.versionId);
  if (oldBusybox) {
    const head = `Server:    ${server}\nAddress 1: ${server}${server === EMBEDDED_DNS ? '' : ''}\n\n`;
    const a = isIp(name) ? null : dnsA(env, name);
    if (!a) return out(head, `nslookup: can't resolve '${name}'\n`, 1);
    return out(head + `Name:      ${name}\n` + a.addrs.map((ip, i) => `Address ${i + 1}: ${ip}${ptrOf(env, ip) ? ' ' + ptrOf(env, ip) : ''}\n`).join(''), '', 0);
  }
  const head = busybox ? `Server:\t\t${server}\nAddress:\t${server}:53\n\n` : `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  if (isIp(name)) {
    const ptr = ptrOf(env, name);
    const rev = reverseName(name);
    if (!ptr) return out(head + `** server can't find ${rev}: NXDOMAIN\n\n`, '', 1);
    if (busybox) return out(head + `Non-authoritative answer:\n${rev}\tname = ${ptr}\n\n`, '', 0);
    return out(head + `Non-authoritative answer:\n${rev}\tname = ${ptr}.\n\nAuthoritative answers can be found from:\n\n`, '', 0);
  }
  const a = dnsA(env, name);
  if (!a) {
    const nx = `** server can't find ${name}: NXDOMAIN\n\n`;
    return out(head + nx + (busybox ? nx : ''), '', 1);
  }
  // the embedded DNS never sets AA: every answer is "non-authoritative"
  let body = 'Non-authoritative answer:\n' + a.addrs.map((ip) => `Name:\t${name}\nAddress: ${ip}\n`).join('') + '\n';
  if (busybox) body += `*** Can't find ${name}: No answer\n\n`;
  return out(head + body, '', 0);
};

function tabsTo(s: string, col: number): string {
  let pos = s.length;
  let tabs = '';
  while (pos < col) {
    pos = (Math.floor(pos / 8) + 1) * 8;
    tabs += '\t';
  }
  return s + (tabs || '\t');
}

function wireLen(name: string): number {
  const n = name.replace(/\.$/, '');
  return n ? n.split('.').reduce((a, l) => a + 1 + l.length, 1) : 1;
}

function whenText(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** dig: `dig [@server] [-x addr] [name] [type] [+short] [+noall] [+answer]`. */
export const dig: Tool = async (ctx, from, args) => {
  const env = envOf(ctx, from);
  let short = false;
  let noall = false;
  let answerOnly = false;
  let reverseIp: string | undefined;
  let name: string | undefined;
  let type = 'A';
  let server = env.nameserver;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '+short') short = true;
    else if (a === '+noall') noall = true;
    else if (a === '+answer') answerOnly = true;
    else if (a.startsWith('+')) continue;
    else if (a.startsWith('@')) server = a.slice(1);
    else if (a === '-x') reverseIp = args[++i];
    else if (a === '-t') type = (args[++i] ?? 'A').toUpperCase();
    else if (a.startsWith('-')) continue;
    else if (/^(A|AAAA|PTR|MX|TXT|NS|SOA|CNAME|SRV|ANY)$/i.test(a) && name) type = a.toUpperCase();
    else name = a;
  }
  if (reverseIp) {
    name = reverseName(reverseIp);
    type = 'PTR';
  }
  if (!name) {
    name = '.';
    type = 'NS';
  }
  const qname = name.endsWith('.') ? name : name + '.';
  const embedded = server === EMBEDDED_DNS && embeddedResolver(env);
  let answers: { data: string; ttl: number }[] = [];
  let status = 'NOERROR';
  let external = !embedded;
  if (type === 'A') {
    const r = server === env.nameserver ? dnsA(env, name) : externalByName(name) ? { addrs: [externalByName(name)!.ip], ttl: externalByName(name)!.dnsTtl, external: true } : null;
    if (r) {
      answers = r.addrs.map((ip) => ({ data: ip, ttl: r.ttl }));
      external = r.external;
    } else status = 'NXDOMAIN';
  } else if (type === 'PTR') {
    const ip = reverseIp ?? name.replace(/\.in-addr\.arpa\.?$/, '').split('.').reverse().join('.');
    const local = isIp(ip) && embedded ? reverseFrom(ctx, ip, env.src) : undefined;
    const ptr = local ?? (isIp(ip) ? env.hosts.find((h) => h.ip === ip)?.names[0] ?? externalByIp(ip)?.ptr : undefined);
    if (ptr) {
      answers = [{ data: ptr.endsWith('.') ? ptr : ptr + '.', ttl: local ? DNS_TTL : 3600 }];
      external = !local;
    } else status = 'NXDOMAIN';
  } else if (type === 'NS' && name === '.') {
    answers = 'abcdefghijklm'.split('').map((l) => ({ data: `${l}.root-servers.net.`, ttl: 518400 }));
  } else {
    const known = (embedded && lookupEmbedded(ctx.state, env.src, name)) || externalByName(name);
    if (!known) status = 'NXDOMAIN';
  }
  if (short) return out(answers.map((a) => a.data + '\n').join(''), '', 0);
  const id = ctx.rng.int(65536);
  const rrType = type;
  const answerLines = answers.map((a) => `${tabsTo(qname, 24)}${a.ttl}\tIN\t${rrType}\t${a.data}\n`);
  if (noall) return out(answerOnly ? answerLines.join('') : '', '', 0);
  const authority = status === 'NXDOMAIN' ? [`${tabsTo('.', 24)}86400\tIN\tSOA\ta.root-servers.net. nstld.verisign-grs.com. ${ctx.now.getUTCFullYear()}${String(ctx.now.getUTCMonth() + 1).padStart(2, '0')}${String(ctx.now.getUTCDate()).padStart(2, '0')}00 1800 900 604800 86400\n`] : [];
  const edns = external;
  const flags = 'qr rd ra';
  let s = `\n; <<>> DiG ${digVersion(env)} <<>> ${args.join(' ')}\n;; global options: +cmd\n;; Got answer:\n`;
  s += `;; ->>HEADER<<- opcode: QUERY, status: ${status}, id: ${id}\n`;
  s += `;; flags: ${flags}; QUERY: 1, ANSWER: ${answers.length}, AUTHORITY: ${authority.length}, ADDITIONAL: ${edns ? 1 : 0}\n\n`;
  if (edns) s += ';; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n';
  s += `;; QUESTION SECTION:\n;${tabsTo(qname, 31)}IN\t${type}\n\n`;
  if (answerLines.length) s += ';; ANSWER SECTION:\n' + answerLines.join('') + '\n';
  if (authority.length) s += ';; AUTHORITY SECTION:\n' + authority.join('') + '\n';
  const rdata = (a: { data: string }) => (rrType === 'A' ? 4 : wireLen(a.data));
  const size = 12 + wireLen(qname) + 4 + answers.reduce((n, a) => n + 2 + 10 + rdata(a), 0) + (authority.length ? 76 : 0) + (edns ? 11 : 0);
  const ms = external ? 8 + ctx.rng.int(12) : 0;
  const proto = digVersion(env).startsWith('9.10') ? '' : ' (UDP)';
  s += `;; Query time: ${ms} msec\n;; SERVER: ${server}#53(${server})${proto}\n;; WHEN: ${whenText(ctx.now)}\n;; MSG SIZE  rcvd: ${size}\n\n`;
  return out(s, '', 0);
};

/** getent hosts|ahosts|ahostsv4 [key…] (glibc / musl output: `%-15s %s`). */
export const getent: Tool = async (ctx, from, args) => {
  const env = envOf(ctx, from);
  const [db, ...keys] = args;
  if (!db) return out('', 'Usage: getent [OPTION...] database [key ...]\n', 1);
  if (!['hosts', 'ahosts', 'ahostsv4', 'ahostsv6'].includes(db)) return out('', `Unknown database: ${db}\nTry \`getent --help' or \`getent --usage' for more information.\n`, 1);
  const line = (ip: string, names: string[]) => `${ip.padEnd(15)} ${names.join(' ')}\n`;
  if (!keys.length) {
    if (db !== 'hosts') return out('', '', 0);
    return out(env.hosts.map((h) => line(h.ip, h.names)).join(''), '', 0);
  }
  let stdout = '';
  let code = 0;
  for (const key of keys) {
    const lower = key.toLowerCase();
    if (isIp(key)) {
      const h = env.hosts.find((x) => x.ip === key);
      const name = h?.names[0] ?? ptrOf(env, key);
      if (!name) {
        code = 2;
        continue;
      }
      if (db === 'hosts') stdout += line(key, h ? h.names : [name]);
      else stdout += `${key.padEnd(15)} STREAM ${name}\n${key.padEnd(15)} DGRAM  \n${key.padEnd(15)} RAW    \n`;
      continue;
    }
    const matches = env.hosts.filter((h) => h.names.some((n) => n.toLowerCase() === lower));
    const v6 = matches.filter((h) => h.ip.includes(':'));
    const v4 = matches.filter((h) => isIp(h.ip));
    if (db === 'hosts') {
      // gethostbyname2(AF_INET6) first, then AF_INET
      const first = v6[0] ?? v4[0];
      if (first) {
        stdout += line(first.ip, first.names);
        continue;
      }
      const a = dnsA(env, key);
      if (!a) {
        code = 2;
        continue;
      }
      for (const ip of a.addrs) stdout += line(ip, [key]);
      continue;
    }
    const addrs = v4.length ? v4.map((h) => h.ip) : (dnsA(env, key)?.addrs ?? []);
    if (!addrs.length) {
      code = 2;
      continue;
    }
    addrs.forEach((ip, i) => {
      stdout += `${ip.padEnd(15)} STREAM ${i === 0 ? key : ''}\n${ip.padEnd(15)} DGRAM  \n${ip.padEnd(15)} RAW    \n`;
    });
  }
  return out(stdout, '', code);
};

/** The commands this module implements, by name. */
export const TOOLS: Record<string, Tool> = { ping, traceroute, curl, wget, nslookup, dig, getent };

/** Runs a tool, turning an unknown machine/container into a shell-style error. */
export async function runTool(ctx: RoutingContext, name: string, from: From, args: string[], stdin = ''): Promise<ToolResult> {
  const tool = TOOLS[name];
  if (!tool) return out('', `${name}: command not found\n`, 127);
  try {
    return await tool(ctx, from, args, stdin);
  } catch (e) {
    if (e instanceof RoutingError) return out('', `${name}: ${e.message}\n`, 2);
    throw e;
  }
}
