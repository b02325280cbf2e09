// env: the exported environment (just-bash's own list every shell variable, IFS and OSTYPE
// included), in docker's order. Started by docker exec directly there is no shell, hence no PWD; under bash
// there are also SHLVL and `_`.
import { fail, ok, type CmdEnv, type CmdFactory, type CmdIo } from './types';

const HIDDEN = /^__DOCKERSIM_/;

export function exportedList(env: CmdEnv, io: CmdIo): [string, string][] {
  const exp = { ...(io.exportedEnv ?? Object.fromEntries(io.env)) };
  for (const k of Object.keys(exp)) if (HIDDEN.test(k)) delete exp[k];
  if (env.direct) {
    if (!env.envOrder.includes('PWD')) delete exp.PWD;
    if (!env.envOrder.includes('OLDPWD')) delete exp.OLDPWD;
  } else {
    // bash exports OLDPWD only once `cd` has set it.
    if (exp.OLDPWD !== undefined && exp.OLDPWD === exp.PWD && !env.envOrder.includes('OLDPWD')) delete exp.OLDPWD;
  }
  const keys = [...env.envOrder.filter((k) => k in exp), ...Object.keys(exp).filter((k) => !env.envOrder.includes(k))];
  return keys.map((k) => [k, exp[k]]);
}

export const envCmd: CmdFactory = (env) => async (args, io) => {
  const listing = args.every((a) => a === '-0' || a === '--null');
  if (!listing) {
    if (!io.orig) return fail('env: unavailable\n', 127);
    return io.orig(args);
  }
  const sep = args.length ? '\0' : '\n';
  const list = exportedList(env, io);
  if (!env.direct && env.shellKind === 'bash') list.push(['_', '/usr/bin/env']);
  return ok(list.map(([k, v]) => `${k}=${v}${sep}`).join(''));
};
