// `rm` wraps just-bash's. GNU rm refuses `rm -r /` without --no-preserve-root; with it (or busybox, which has
// no such guard) the container's tree is emptied except the kernel mounts (/proc, /sys, /dev) and the files
// docker bind-mounts (/etc/hostname, /etc/hosts, /etc/resolv.conf), which are busy. Only this container's
// in-memory tree is affected.
import { normPath } from '../fs';
import { fail, type CmdFactory } from './types';

const MOUNTS = new Set(['/proc', '/sys', '/dev']);
const BIND_MOUNTS = ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf'];

export const rm: CmdFactory = (env) => async (args, io) => {
  if (!io.orig) return fail('rm: unavailable\n', 127);
  const busybox = env.os.toolset === 'busybox';
  let recursive = false;
  let noPreserve = false;
  let done = false;
  const pass: string[] = [];
  const operands: string[] = [];
  for (const a of args) {
    if (!done && a === '--') {
      done = true;
      pass.push(a);
    } else if (!done && a === '--no-preserve-root') noPreserve = true;
    else if (!done && a === '--preserve-root') continue;
    else if (!done && a.startsWith('--')) {
      if (a === '--recursive') recursive = true;
      pass.push(a);
    } else if (!done && a.startsWith('-') && a !== '-') {
      if (/[rR]/.test(a)) recursive = true;
      pass.push(a);
    } else operands.push(a);
  }
  const abs = (o: string) => normPath(o.startsWith('/') ? o : `${io.cwd}/${o}`);
  const isRoot = (o: string) => abs(o) === '/';
  if (!recursive || !operands.some(isRoot)) return io.orig(args.filter((a) => a !== '--no-preserve-root' && a !== '--preserve-root'));
  let stderr = '';
  let exitCode = 0;
  const targets: string[] = [];
  for (const o of operands) {
    if (!isRoot(o)) {
      targets.push(o);
      continue;
    }
    if (!busybox && !noPreserve) {
      stderr += "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n";
      exitCode = 1;
      continue;
    }
    for (const child of await env.fs.readdir('/')) {
      const p = '/' + child;
      if (MOUNTS.has(p)) continue;
      if (p === '/etc') {
        for (const e of await env.fs.readdir('/etc')) if (!BIND_MOUNTS.includes('/etc/' + e)) targets.push('/etc/' + e);
        for (const b of BIND_MOUNTS) {
          stderr += busybox ? `rm: can't remove '${b}': Resource busy\n` : `rm: cannot remove '${b}': Device or resource busy\n`;
        }
        exitCode = 1;
        continue;
      }
      targets.push(p);
    }
  }
  let stdout = '';
  if (targets.length > 0) {
    const r = await io.orig([...pass, ...(pass.includes('--') ? [] : ['--']), ...targets]);
    stdout = r.stdout;
    stderr = r.stderr + stderr;
    if (r.exitCode !== 0) exitCode = r.exitCode;
  }
  return { stdout, stderr, exitCode };
};
