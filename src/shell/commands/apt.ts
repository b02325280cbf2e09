// apt-get / apt on Debian and Ubuntu images, without any network: `update` fills /var/lib/apt/lists (docker
// images ship it empty, so `install` before `update` fails like the real thing), `install` makes the
// package's commands callable. Package versions are not modelled, so the lines that would carry one
// omit it.
import type { OsInfo } from '../flavor';
import { fail, ok, type CmdEnv, type CmdFactory, type CmdResult } from './types';

const LISTS = '/var/lib/apt/lists';

interface Source {
  /** "http://deb.debian.org/debian bookworm" */
  base: string;
  release: string;
  size: string;
  /** file name prefix in /var/lib/apt/lists */
  file: string;
  packages: { component: string; size: string }[];
}

function sources(os: OsInfo): Source[] {
  const c = os.codename;
  if (os.distro === 'ubuntu') {
    const a = 'http://archive.ubuntu.com/ubuntu';
    const s = 'http://security.ubuntu.com/ubuntu';
    return [
      { base: a, release: c, size: '256 kB', file: `archive.ubuntu.com_ubuntu_dists_${c}`, packages: [{ component: 'main', size: '1808 kB' }, { component: 'universe', size: '19.3 MB' }] },
      { base: s, release: `${c}-security`, size: '126 kB', file: `security.ubuntu.com_ubuntu_dists_${c}-security`, packages: [{ component: 'main', size: '1040 kB' }] },
      { base: a, release: `${c}-updates`, size: '126 kB', file: `archive.ubuntu.com_ubuntu_dists_${c}-updates`, packages: [{ component: 'main', size: '1348 kB' }] },
      { base: a, release: `${c}-backports`, size: '126 kB', file: `archive.ubuntu.com_ubuntu_dists_${c}-backports`, packages: [{ component: 'universe', size: '31.8 kB' }] },
    ];
  }
  const d = 'http://deb.debian.org/debian';
  return [
    { base: d, release: c, size: '151 kB', file: `deb.debian.org_debian_dists_${c}`, packages: [{ component: 'main', size: '8792 kB' }] },
    { base: d, release: `${c}-updates`, size: '55.4 kB', file: `deb.debian.org_debian_dists_${c}-updates`, packages: [{ component: 'main', size: '13.5 kB' }] },
    { base: 'http://deb.debian.org/debian-security', release: `${c}-security`, size: '48.0 kB', file: `deb.debian.org_debian-security_dists_${c}-security`, packages: [{ component: 'main', size: '245 kB' }] },
  ];
}

function kb(size: string): number {
  const [n, unit] = size.split(' ');
  return parseFloat(n) * (unit === 'MB' ? 1000 : unit === 'kB' ? 1 : 0.001);
}

/** apt ≥ 2.2 prints "Building dependency tree... Done"; older ones leave the progress text padded. */
function modernApt(os: OsInfo): boolean {
  const v = parseFloat(os.versionId || '99');
  return os.distro === 'ubuntu' ? v >= 21.04 : v >= 11;
}

async function listsPresent(env: CmdEnv): Promise<boolean> {
  try {
    return (await env.fs.readdir(LISTS)).some((f) => f.endsWith('InRelease'));
  } catch {
    return false;
  }
}

async function update(env: CmdEnv, tty: boolean, apt: boolean): Promise<CmdResult> {
  const had = await listsPresent(env);
  let out = '';
  let n = 0;
  let total = 0;
  for (const s of sources(env.os)) {
    n++;
    if (had) out += `Hit:${n} ${s.base} ${s.release} InRelease\n`;
    else {
      out += `Get:${n} ${s.base} ${s.release} InRelease [${s.size}]\n`;
      total += kb(s.size);
    }
  }
  if (!had) {
    for (const s of sources(env.os)) {
      for (const p of s.packages) {
        n++;
        out += `Get:${n} ${s.base} ${s.release}/${p.component} amd64 Packages [${p.size}]\n`;
        total += kb(p.size);
      }
    }
    const fetched = total >= 10000 ? `${(total / 1000).toFixed(1)} MB` : `${Math.round(total)} kB`;
    out += `Fetched ${fetched} in 1s (${Math.round(total / 1.3)} kB/s)\n`;
    await env.fs.mkdir(LISTS, { recursive: true });
    for (const s of sources(env.os)) {
      await env.fs.writeFile(`${LISTS}/${s.file}_InRelease`, `Origin: ${env.os.distro === 'ubuntu' ? 'Ubuntu' : 'Debian'}\nSuite: ${s.release}\n`);
      for (const p of s.packages) {
        await env.fs.writeFile(`${LISTS}/${s.file}_${p.component}_binary-amd64_Packages.lz4`, '');
      }
    }
  }
  out += tty ? 'Reading package lists... Done\n' : 'Reading package lists...\n';
  if (apt) {
    out += building(env.os, tty) + (tty ? 'Reading state information... Done\n' : 'Reading state information...\n');
    out += 'All packages are up to date.\n';
  }
  return ok(out);
}

function building(os: OsInfo, tty: boolean): string {
  if (!tty) return 'Building dependency tree...\n';
  return modernApt(os) ? 'Building dependency tree... Done\n' : 'Building dependency tree       \n';
}

function header(env: CmdEnv, tty: boolean): string {
  return (
    (tty ? 'Reading package lists... Done\n' : 'Reading package lists...\n') +
    building(env.os, tty) +
    (tty ? 'Reading state information... Done\n' : 'Reading state information...\n')
  );
}

function wrapList(names: string[]): string {
  return '  ' + names.join(' ') + '\n';
}

async function install(env: CmdEnv, pkgs: string[], tty: boolean): Promise<CmdResult> {
  const known = env.view.image.packages ?? {};
  const lists = await listsPresent(env);
  let out = header(env, tty);
  if (pkgs.length === 0) return ok(out + '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
  for (const p of pkgs) {
    if (!lists || !Object.prototype.hasOwnProperty.call(known, p)) {
      return fail(`E: Unable to locate package ${p}\n`, 100, out);
    }
  }
  const fresh: string[] = [];
  for (const p of pkgs) {
    const bins = known[p];
    const have = await Promise.all(bins.map((b) => env.available(b)));
    if (bins.length > 0 && have.every(Boolean)) out += `${p} is already the newest version.\n`;
    else if (!fresh.includes(p)) fresh.push(p);
  }
  if (fresh.length > 0) out += 'The following NEW packages will be installed:\n' + wrapList(fresh);
  out += `0 upgraded, ${fresh.length} newly installed, 0 to remove and 0 not upgraded.\n`;
  for (const p of fresh) out += `Selecting previously unselected package ${p}.\n`;
  for (const p of fresh) out += `Unpacking ${p} ...\n`;
  for (const p of fresh) {
    await env.install(known[p]);
    out += `Setting up ${p} ...\n`;
  }
  return ok(out);
}

async function remove(env: CmdEnv, pkgs: string[], tty: boolean): Promise<CmdResult> {
  const known = env.view.image.packages ?? {};
  let out = header(env, tty);
  const gone: string[] = [];
  for (const p of pkgs) {
    const bins = known[p];
    if (!Object.prototype.hasOwnProperty.call(known, p)) return fail(`E: Unable to locate package ${p}\n`, 100, out);
    const installed = bins.length > 0 && (await Promise.all(bins.map((b) => env.available(b)))).every(Boolean);
    if (!installed) out += `Package '${p}' is not installed, so not removed\n`;
    else gone.push(p);
  }
  if (gone.length > 0) out += 'The following packages will be REMOVED:\n' + wrapList(gone);
  out += `0 upgraded, 0 newly installed, ${gone.length} to remove and 0 not upgraded.\n`;
  for (const p of gone) {
    out += `Removing ${p} ...\n`;
    await env.uninstall(known[p]);
  }
  return ok(out);
}

function makeApt(apt: boolean): CmdFactory {
  return (env) => async (args) => {
    const tty = env.tty;
    const words = args.filter((a) => !a.startsWith('-'));
    const sub = words[0];
    const warn = apt && !tty ? '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n' : '';
    const withWarn = (r: CmdResult): CmdResult => ({ ...r, stderr: warn + r.stderr });
    if (!sub) {
      const name = apt ? 'apt' : 'apt-get';
      return fail(`${name}: missing command. Usage: ${name} [options] command\n`, 1);
    }
    switch (sub) {
      case 'update':
        return withWarn(await update(env, tty, apt));
      case 'install':
        return withWarn(await install(env, words.slice(1), tty));
      case 'remove':
      case 'purge':
        return withWarn(await remove(env, words.slice(1), tty));
      case 'upgrade':
      case 'dist-upgrade':
      case 'full-upgrade':
        return withWarn(ok(header(env, tty) + (tty ? 'Calculating upgrade... Done\n' : 'Calculating upgrade...\n') + '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n'));
      case 'clean':
      case 'autoclean':
        return withWarn(ok(''));
      default:
        return fail(`E: Invalid operation ${sub}\n`, 100);
    }
  };
}

export const aptGet = makeApt(false);
export const apt = makeApt(true);
