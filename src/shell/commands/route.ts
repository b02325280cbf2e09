// `route` (net-tools lib/inet_gr.c rprint_fib; busybox networking/route.c — same table layout).
import { hostsLookup, netmask, routesOf } from '../netinfo';
import { fail, ok, type CmdFactory } from './types';

function col(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length);
}

export const route: CmdFactory = (env) => async (args) => {
  const numeric = args.some((a) => /^-[a-zA-Z]*n/.test(a));
  const other = args.filter((a) => !a.startsWith('-'));
  if (other.length > 0 && ['add', 'del'].includes(other[0])) return fail('SIOCADDRT: Operation not permitted\n', 7);
  // Reverse lookups use /etc/hosts only; the embedded DNS has no PTR records for these networks.
  const byAddr = new Map<string, string>();
  for (const line of env.view.etcHosts.split('\n')) {
    const [addr, first] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (addr && first && !byAddr.has(addr) && hostsLookup(env.view.etcHosts, first).includes(addr)) byAddr.set(addr, first);
  }
  const star = env.os.ifconfig === 'nettools-2' ? '0.0.0.0' : '*';
  let out = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
  for (const r of routesOf(env.view)) {
    const dest = numeric ? r.dest : r.prefixLen === 0 ? 'default' : byAddr.get(r.dest) ?? r.dest;
    const gw = r.gateway ? (numeric ? r.gateway : byAddr.get(r.gateway) ?? r.gateway) : numeric ? '0.0.0.0' : star;
    const flags = r.gateway ? 'UG' : 'U';
    out += `${col(dest, 15)} ${col(gw, 15)} ${col(netmask(r.prefixLen), 15)} ${col(flags, 5)} ${col('0', 6)} ${col('0', 2)} ${'0'.padStart(7)} ${r.dev}\n`;
  }
  return ok(out);
};
