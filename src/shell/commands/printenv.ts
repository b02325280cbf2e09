// printenv: the exported environment, or the values of the named variables (exit 1 if one is unset).
import { exportedList } from './env';
import { ok, type CmdFactory } from './types';

export const printenv: CmdFactory = (env) => async (args, io) => {
  const names = args.filter((a) => !a.startsWith('-'));
  const list = exportedList(env, io);
  if (names.length === 0) {
    if (!env.direct && env.shellKind === 'bash') list.push(['_', '/usr/bin/printenv']);
    return ok(list.map(([k, v]) => `${k}=${v}\n`).join(''));
  }
  const map = new Map(list);
  let out = '';
  let code = 0;
  for (const n of names) {
    if (map.has(n)) out += map.get(n) + '\n';
    else code = 1;
  }
  return { stdout: out, stderr: '', exitCode: code };
};
