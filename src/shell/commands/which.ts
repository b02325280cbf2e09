// which: looks for the file on PATH (just-bash's own reports every registered command as found).
import { normPath } from '../fs';
import { ok, type CmdFactory } from './types';

export const which: CmdFactory = (env) => async (args, io) => {
  const all = args.includes('-a');
  const names = args.filter((a) => !a.startsWith('-'));
  const dirs = (io.env.get('PATH') ?? '').split(':').filter(Boolean);
  const isFile = async (p: string) => {
    try {
      return (await env.fs.stat(p)).isFile;
    } catch {
      return false;
    }
  };
  let out = '';
  let missing = false;
  for (const n of names) {
    const found: string[] = [];
    if (n.includes('/')) {
      if (await isFile(normPath(n.startsWith('/') ? n : `${io.cwd}/${n}`))) found.push(n);
    } else {
      for (const d of dirs) {
        const p = `${d.replace(/\/+$/, '')}/${n}`;
        if (await isFile(normPath(d.startsWith('/') ? p : `${io.cwd}/${p}`))) {
          found.push(p);
          if (!all) break;
        }
      }
    }
    if (found.length === 0) missing = true;
    out += found.map((p) => p + '\n').join('');
  }
  return { ...ok(out), exitCode: missing || names.length === 0 ? 1 : 0 };
};
