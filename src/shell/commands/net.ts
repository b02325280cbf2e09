// Network clients (ping, curl, wget, traceroute, nslookup, dig, host, nc, telnet…). The routing core supplies
// the real behaviour through view.net; until it does, each tool prints what it prints on a host whose
// network is unreachable — never a fake reply.
import { isIPv4 } from '../netinfo';
import { fail, type CmdEnv, type CmdFactory, type CmdResult } from './types';

export const NET_TOOLS = new Set([
  'ping', 'ping6', 'curl', 'wget', 'traceroute', 'traceroute6', 'tracepath', 'nslookup', 'dig', 'host',
  'nc', 'netcat', 'telnet', 'arping', 'ssh', 'ftpget', 'ftpput', 'whois', 'rdate',
]);

/** Options that take a value, so the destination is found among the remaining words. */
const VALUE_OPTS: Record<string, string[]> = {
  ping: ['-c', '-i', '-w', '-W', '-s', '-t', '-I', '-l', '-p', '-Q', '-M', '-m'],
  traceroute: ['-m', '-q', '-w', '-p', '-f', '-s', '-i', '-z'],
  curl: ['-o', '-X', '-H', '-d', '-u', '-A', '-e', '-w', '-m', '--connect-timeout', '--max-time', '--data', '--header', '--request', '--output', '-T', '-F', '-x'],
  wget: ['-O', '-o', '-T', '-t', '--timeout', '-P', '-U'],
  nc: ['-w', '-s', '-p', '-i', '-q'],
};

function destination(tool: string, args: string[]): string | undefined {
  const takes = VALUE_OPTS[tool] ?? [];
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (takes.includes(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  return words[0];
}

function urlHost(u: string): { host: string; port: number } {
  const m = /^(?:([a-z]+):\/\/)?([^/:?#]+)(?::(\d+))?/i.exec(u);
  const scheme = (m?.[1] ?? 'http').toLowerCase();
  return { host: m?.[2] ?? u, port: m?.[3] ? parseInt(m[3], 10) : scheme === 'https' ? 443 : 80 };
}

function wgetStamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** What the tool prints when the container has no working network. */
export function unreachable(tool: string, args: string[], env: CmdEnv): CmdResult {
  const busybox = env.os.toolset === 'busybox';
  const dest = destination(tool, args);
  switch (tool) {
    case 'ping':
    case 'ping6':
      if (!dest) return fail(busybox ? 'BusyBox v1.37.0 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n' : 'ping: usage error: Destination address required\n', 1);
      if (busybox) {
        return isIPv4(dest)
          ? fail('ping: sendto: Network is unreachable\n', 1, `PING ${dest} (${dest}): 56 data bytes\n`)
          : fail(`ping: bad address '${dest}'\n`, 1);
      }
      return isIPv4(dest) ? fail('ping: connect: Network is unreachable\n', 2) : fail(`ping: ${dest}: Temporary failure in name resolution\n`, 2);
    case 'curl': {
      if (!dest) return fail("curl: try 'curl --help' or 'curl --manual' for more information\n", 2);
      const { host, port } = urlHost(dest);
      return isIPv4(host)
        ? fail(`curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server\n`, 7)
        : fail(`curl: (6) Could not resolve host: ${host}\n`, 6);
    }
    case 'wget': {
      if (!dest) return fail(busybox ? 'BusyBox v1.37.0 multi-call binary.\n\nUsage: wget [OPTIONS] URL...\n' : 'wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help\' for more options.\n', 1);
      const { host, port } = urlHost(dest);
      const url = /^[a-z]+:\/\//i.test(dest) ? dest : `http://${dest}/`;
      if (busybox) {
        return isIPv4(host)
          ? fail(`wget: can't connect to remote host (${host}): Network is unreachable\n`, 1, `Connecting to ${host} (${host}:${port})\n`)
          : fail(`wget: bad address '${host}'\n`, 1);
      }
      return isIPv4(host)
        ? fail(`--${wgetStamp()}--  ${url}\nConnecting to ${host}:${port}... failed: Network is unreachable.\n`, 4)
        : fail(`--${wgetStamp()}--  ${url}\nResolving ${host} (${host})... failed: Temporary failure in name resolution.\nwget: unable to resolve host address '${host}'\n`, 4);
    }
    case 'traceroute':
    case 'traceroute6':
      if (!dest) return fail('Usage: traceroute [OPTION...] HOST\n', 2);
      if (!isIPv4(dest)) return fail(busybox ? `traceroute: bad address '${dest}'\n` : `${dest}: Temporary failure in name resolution\nCannot handle "host" cmdline arg \`${dest}' on position 1 (argc 1)\n`, busybox ? 1 : 2);
      return fail(busybox ? 'traceroute: sendto: Network is unreachable\n' : 'connect: Network is unreachable\n', 1, `traceroute to ${dest} (${dest}), 30 hops max, ${busybox ? 46 : 60} byte packets\n`);
    case 'nslookup':
      return fail('', 1, ';; connection timed out; no servers could be reached\n\n');
    case 'dig':
      return fail('', 9, ';; connection timed out; no servers could be reached\n');
    case 'host':
      return fail('', 1, ';; connection timed out; no servers could be reached\n');
    case 'nc':
    case 'netcat': {
      if (!dest) return fail('usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n', 1);
      const port = args[args.indexOf(dest) + 1] ?? '';
      return isIPv4(dest)
        ? fail(`nc: connect to ${dest} port ${port} (tcp) failed: Network is unreachable\n`, 1)
        : fail(`nc: getaddrinfo for host "${dest}" port ${port}: Temporary failure in name resolution\n`, 1);
    }
    case 'telnet':
      if (!dest) return fail('', 1);
      return isIPv4(dest)
        ? fail('telnet: Unable to connect to remote host: Network is unreachable\n', 1, `Trying ${dest}...\n`)
        : fail(`telnet: could not resolve ${dest}/telnet: Temporary failure in name resolution\n`, 1);
    default:
      return fail(`${tool}: network access is not available in this simulated container yet\n`, 1);
  }
}

/** A network tool: forwards to the routing core when it provides the tool, otherwise reports the network as
 *  unreachable. */
export function netTool(name: string): CmdFactory {
  return (env) => async (args, io) => {
    const impl = env.view.net?.[name];
    if (impl) return impl(args, { stdin: io.stdin });
    return unreachable(name, args, env);
  };
}
