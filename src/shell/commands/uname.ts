// uname: the kernel is the node's (view.kernel; default the simulated host's, src/engine/host.ts).
import { fail, ok, type CmdFactory } from './types';
import { HOST } from '../../engine/host';

export const DEFAULT_KERNEL = HOST.kernel;
const KERNEL_BUILD = '#63-Ubuntu SMP PREEMPT_DYNAMIC Tue Apr 15 19:04:15 UTC 2025';

/** /proc/version of the node (containers share the node's kernel). */
export function procVersion(kernel: string): string {
  return `Linux version ${kernel} (buildd@lcy02-amd64-098) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.3.0-6ubuntu2~24.04) 13.3.0, GNU ld (GNU Binutils for Ubuntu) 2.42) ${KERNEL_BUILD}\n`;
}

export const uname: CmdFactory = (env) => async (args) => {
  const fields: Record<string, string> = {
    s: 'Linux',
    n: env.view.hostname || env.view.id.slice(0, 12),
    r: env.view.kernel || DEFAULT_KERNEL,
    v: KERNEL_BUILD,
    m: 'x86_64',
    p: 'unknown',
    i: 'unknown',
    o: 'GNU/Linux',
  };
  const long: Record<string, string> = {
    '--all': 'a', '--kernel-name': 's', '--nodename': 'n', '--kernel-release': 'r', '--kernel-version': 'v',
    '--machine': 'm', '--processor': 'p', '--hardware-platform': 'i', '--operating-system': 'o',
  };
  const want = new Set<string>();
  for (const a of args) {
    if (long[a]) want.add(long[a]);
    else if (/^-[asnrvmpio]+$/.test(a)) for (const c of a.slice(1)) want.add(c);
    else if (a.startsWith('-')) return fail(`uname: invalid option -- '${a.replace(/^-+/, '')[0] ?? ''}'\nTry 'uname --help' for more information.\n`);
    else return fail(`uname: extra operand '${a}'\nTry 'uname --help' for more information.\n`);
  }
  if (want.size === 0) want.add('s');
  if (want.has('a')) return ok(['s', 'n', 'r', 'v', 'm', 'o'].map((k) => fields[k]).join(' ') + '\n');
  return ok(['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'].filter((k) => want.has(k)).map((k) => fields[k]).join(' ') + '\n');
};
