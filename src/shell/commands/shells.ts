// ash, dash, hush, rbash: the same interpreter as sh/bash (just-bash provides those two), reached under the
// image's own names. `-c SCRIPT [NAME ARGS…]`, `FILE [ARGS…]`, or the script on stdin.
import { shellJoin } from './quote';
import { fail, type CmdFactory } from './types';

export const shellAlias: CmdFactory = (env) => async (args, io) => {
  if (!io.exec) return fail('sh: unavailable\n', 127);
  let i = 0;
  let script: string | undefined;
  const opts: string[] = [];
  while (i < args.length && /^[-+][a-zA-Z]+$/.test(args[i])) {
    const a = args[i++];
    if (a.includes('c')) {
      script = args[i++] ?? '';
      break;
    }
    for (const c of a.slice(1)) if (c === 'e' || c === 'x' || c === 'u') opts.push(c);
  }
  const prefix = opts.length ? `set -${opts.join('')}\n` : '';
  if (script !== undefined) {
    const positional = args.slice(i + 1);
    const set = positional.length ? `set -- ${shellJoin(positional)}\n` : '';
    return io.exec(prefix + set + script, { cwd: io.cwd, stdin: io.stdin });
  }
  if (i < args.length) {
    const file = args[i];
    let text: string;
    try {
      text = await env.fs.readFile(file.startsWith('/') ? file : `${io.cwd}/${file}`);
    } catch {
      return fail(`sh: 0: cannot open ${file}: No such file\n`, 2);
    }
    const positional = args.slice(i + 1);
    const set = positional.length ? `set -- ${shellJoin(positional)}\n` : '';
    return io.exec(prefix + set + text, { cwd: io.cwd });
  }
  return io.exec(prefix + io.stdin, { cwd: io.cwd });
};
