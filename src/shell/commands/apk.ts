// apk on Alpine images, without any network. `apk add` fetches the indexes itself when none are cached
// (docker's alpine ships none), so it works without `apk update`. Package versions are not modelled.
import { fail, ok, type CmdEnv, type CmdFactory, type CmdResult } from './types';

const CACHE = '/var/cache/apk';
const BASE_PACKAGES = 15;
const BASE_MIB = 7;

function branch(env: CmdEnv): string {
  const v = env.os.versionId.split('.').slice(0, 2).join('.');
  return v ? `v${v}` : 'edge';
}

function repos(env: CmdEnv): string[] {
  const b = branch(env);
  return [`https://dl-cdn.alpinelinux.org/alpine/${b}/main`, `https://dl-cdn.alpinelinux.org/alpine/${b}/community`];
}

async function readWorld(env: CmdEnv): Promise<string[]> {
  try {
    return (await env.fs.readFile('/etc/apk/world')).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

async function indexCached(env: CmdEnv): Promise<boolean> {
  try {
    return (await env.fs.readdir(CACHE)).some((f) => f.startsWith('APKINDEX.'));
  } catch {
    return false;
  }
}

async function fetchLines(env: CmdEnv, store: boolean): Promise<string> {
  let out = '';
  for (const r of repos(env)) out += `fetch ${r}/x86_64/APKINDEX.tar.gz\n`;
  if (store) {
    await env.fs.mkdir(CACHE, { recursive: true });
    let n = 0;
    for (const r of repos(env)) await env.fs.writeFile(`${CACHE}/APKINDEX.${(++n).toString(16).padStart(8, '0')}.tar.gz`, r + '\n');
  }
  return out;
}

/** "OK: 8 MiB in 16 packages": the base image's packages plus one per package in /etc/apk/world. */
async function summary(env: CmdEnv): Promise<string> {
  const extra = (await readWorld(env)).length;
  return `OK: ${BASE_MIB + extra} MiB in ${BASE_PACKAGES + extra} packages\n`;
}

async function add(env: CmdEnv, pkgs: string[], noCache: boolean, update: boolean): Promise<CmdResult> {
  const known = env.view.image.packages ?? {};
  let out = '';
  if (noCache || update || !(await indexCached(env))) out += await fetchLines(env, !noCache);
  const missing = pkgs.filter((p) => !Object.prototype.hasOwnProperty.call(known, p));
  if (missing.length > 0) {
    let err = 'ERROR: unable to select packages:\n';
    for (const p of missing) err += `  ${p} (no such package):\n    required by: world[${p}]\n`;
    return fail(err, missing.length, out);
  }
  const world = await readWorld(env);
  const fresh = pkgs.filter((p, i) => pkgs.indexOf(p) === i && !world.includes(p));
  let k = 0;
  for (const p of fresh) {
    out += `(${++k}/${fresh.length}) Installing ${p}\n`;
    await env.install(known[p]);
  }
  if (fresh.length > 0) {
    out += 'Executing busybox-1.37.0-r12.trigger\n';
    await env.fs.mkdir('/etc/apk', { recursive: true });
    await env.fs.writeFile('/etc/apk/world', [...world, ...fresh].join('\n') + '\n');
  }
  return ok(out + (await summary(env)));
}

async function del(env: CmdEnv, pkgs: string[]): Promise<CmdResult> {
  const known = env.view.image.packages ?? {};
  const world = await readWorld(env);
  let out = '';
  let k = 0;
  const gone = pkgs.filter((p) => world.includes(p));
  for (const p of gone) {
    out += `(${++k}/${gone.length}) Purging ${p}\n`;
    await env.uninstall(known[p] ?? []);
  }
  const left = world.filter((p) => !gone.includes(p));
  if (gone.length > 0) await env.fs.writeFile('/etc/apk/world', left.length ? left.join('\n') + '\n' : '');
  return ok(out + (await summary(env)));
}

export const apk: CmdFactory = (env) => async (args) => {
  const flags = args.filter((a) => a.startsWith('-'));
  const words = args.filter((a) => !a.startsWith('-'));
  const sub = words[0];
  const noCache = flags.includes('--no-cache');
  const upd = flags.includes('-U') || flags.includes('--update') || flags.includes('--update-cache');
  switch (sub) {
    case 'add':
      if (words.length < 2) return fail('ERROR: no packages specified\n', 1);
      return add(env, words.slice(1), noCache, upd);
    case 'update': {
      let out = await fetchLines(env, true);
      const ver = env.os.versionId ? `v${env.os.versionId}` : 'edge';
      for (const r of repos(env)) out += `${ver} [${r}]\n`;
      return ok(out + 'OK: 24203 distinct packages available\n');
    }
    case 'del':
      return del(env, words.slice(1));
    case 'info':
      return ok((await readWorld(env)).map((p) => p + '\n').join(''));
    case undefined:
      return fail('apk-tools 2.14.6, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n', 1);
    default:
      return fail(`apk: applet not found: ${sub}\n`, 1);
  }
};
