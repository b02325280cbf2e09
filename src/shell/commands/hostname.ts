// `hostname`: Debian's hostname package (hostname.c show_name) or busybox networking/hostname.c.
// -i resolves the name through /etc/hosts (docker writes the container's user-network addresses there);
// -I lists every non-loopback address. Setting the name needs CAP_SYS_ADMIN, which containers lack.
import { hostsLookup } from '../netinfo';
import { fail, ok, type CmdFactory } from './types';

export const hostname: CmdFactory = (env) => async (args) => {
  const name = env.view.hostname || env.view.id.slice(0, 12);
  const busybox = env.os.toolset === 'busybox';
  const flags = new Set<string>();
  const operands: string[] = [];
  for (const a of args) {
    if (a === '--ip-address') flags.add('i');
    else if (a === '--all-ip-addresses') flags.add('I');
    else if (a === '--short') flags.add('s');
    else if (a === '--fqdn' || a === '--long') flags.add('f');
    else if (a === '--domain') flags.add('d');
    else if (/^-[a-zA-Z]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
    else operands.push(a);
  }
  if (operands.length > 0) {
    return busybox
      ? fail('hostname: sethostname: Operation not permitted\n')
      : fail('hostname: you must be root to change the host name\n');
  }
  if (flags.has('I') && !busybox) {
    return ok(env.view.interfaces.map((i) => i.ip + ' ').join('') + '\n');
  }
  if (flags.has('i')) {
    const addrs = hostsLookup(env.view.etcHosts, name);
    if (addrs.length === 0) {
      return busybox ? fail(`hostname: ${name}: Unknown host\n`) : fail('hostname: Name or service not known\n');
    }
    return ok(busybox ? addrs.map((a) => a + ' ').join('') + '\n' : addrs.join(' ') + '\n');
  }
  if (flags.has('d')) return ok(busybox ? '\n' : '');
  return ok(name.split(flags.has('s') ? '.' : '\0')[0] + '\n');
};
