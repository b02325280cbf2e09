// Which userland an image has: decides tool output formats (net-tools 1.60 vs 2.x vs busybox), the
// package manager, the shell's error style and the prompt.
import type { ContainerView, ImageView, ShellSession } from './types';

export type Toolset = 'gnu' | 'busybox';
export type ShellKind = 'bash' | 'dash' | 'ash';
export type IfconfigStyle = 'nettools-1.60' | 'nettools-2' | 'busybox';

export interface OsInfo {
  distro: 'debian' | 'ubuntu' | 'alpine' | 'busybox' | 'scratch' | 'other';
  /** VERSION_ID from /etc/os-release ("12", "16.04", "3.21.3"), '' when unknown. */
  versionId: string;
  /** VERSION_CODENAME ("bookworm", "xenial"), a default per distro when unknown. */
  codename: string;
  toolset: Toolset;
  ifconfig: IfconfigStyle;
  packageManager: 'apt' | 'apk' | null;
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function osReleaseField(text: string | undefined, key: string): string {
  if (!text) return '';
  const m = new RegExp(`^${key}=(.*)$`, 'm').exec(text);
  return m ? m[1].trim().replace(/^"(.*)"$/, '$1') : '';
}

export function versionAtLeast(v: string, min: number[]): boolean {
  const parts = v.split('.').map((x) => parseInt(x, 10));
  for (let i = 0; i < min.length; i++) {
    const p = Number.isFinite(parts[i]) ? parts[i] : 0;
    if (p !== min[i]) return p > min[i];
  }
  return true;
}

const UBUNTU_CODENAMES: Record<string, string> = {
  '14.04': 'trusty', '16.04': 'xenial', '18.04': 'bionic', '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble',
};
const DEBIAN_CODENAMES: Record<string, string> = {
  '8': 'jessie', '9': 'stretch', '10': 'buster', '11': 'bullseye', '12': 'bookworm', '13': 'trixie',
};

export function osInfo(image: ImageView): OsInfo {
  const raw = (image.distro || '').toLowerCase();
  const distro: OsInfo['distro'] =
    raw.includes('ubuntu') ? 'ubuntu'
    : raw.includes('alpine') ? 'alpine'
    : raw.includes('busybox') ? 'busybox'
    : raw.includes('debian') ? 'debian'
    : raw.includes('scratch') ? 'scratch'
    : 'other';
  const rel = image.files['/etc/os-release'];
  let versionId = osReleaseField(rel, 'VERSION_ID');
  if (!versionId && distro === 'alpine') versionId = (image.files['/etc/alpine-release'] ?? '').trim();
  let codename = osReleaseField(rel, 'VERSION_CODENAME');
  if (!codename) {
    if (distro === 'ubuntu') codename = UBUNTU_CODENAMES[versionId] ?? 'noble';
    else if (distro === 'debian') codename = DEBIAN_CODENAMES[versionId.split('.')[0]] ?? 'bookworm';
  }
  const toolset: Toolset = distro === 'alpine' || distro === 'busybox' ? 'busybox' : 'gnu';
  let ifconfig: IfconfigStyle = 'nettools-2';
  if (toolset === 'busybox') ifconfig = 'busybox';
  // net-tools 1.60 (the "Link encap:" layout) until Ubuntu 17.10 / Debian 9 switched to net-tools 2.x.
  else if (distro === 'ubuntu' && versionId && !versionAtLeast(versionId, [17, 10])) ifconfig = 'nettools-1.60';
  else if (distro === 'debian' && versionId && !versionAtLeast(versionId, [9])) ifconfig = 'nettools-1.60';
  const packageManager = distro === 'debian' || distro === 'ubuntu' ? 'apt' : distro === 'alpine' ? 'apk' : null;
  return { distro, versionId, codename, toolset, ifconfig, packageManager };
}

export function baseName(p: string): string {
  const s = p.replace(/\/+$/, '');
  const i = s.lastIndexOf('/');
  return i < 0 ? s : s.slice(i + 1);
}

const SHELL_NAMES = new Set(['bash', 'sh', 'ash', 'dash', 'rbash', 'hush']);

export function isShellName(name: string): boolean {
  return SHELL_NAMES.has(baseName(name));
}

/** bash → bash; sh/dash on Debian/Ubuntu → dash; sh/ash/hush on busybox/alpine → ash. */
export function shellKindOf(shell: string | null | undefined, os: OsInfo): ShellKind {
  const b = baseName(shell || 'sh');
  if (b === 'bash' || b === 'rbash') return 'bash';
  if (b === 'dash') return 'dash';
  if (b === 'ash' || b === 'hush') return 'ash';
  return os.toolset === 'busybox' ? 'ash' : 'dash';
}

export function defaultShellOf(view: ContainerView): string {
  return view.image.shell || '/bin/sh';
}

export function tildePath(cwd: string, home: string): string {
  if (home && home !== '/' && (cwd === home || cwd.startsWith(home + '/'))) return '~' + cwd.slice(home.length);
  return cwd;
}

/** bash: `root@<hostname>:<cwd># `; busybox ash: `<cwd> # `; dash: `# `. */
export function promptFor(view: ContainerView, session: ShellSession): string {
  const kind = shellKindOf(session.shell ?? defaultShellOf(view), osInfo(view.image));
  const home = session.env.HOME ?? '/root';
  const cwd = tildePath(session.cwd || '/', home);
  if (kind === 'bash') return `root@${view.hostname || view.id.slice(0, 12)}:${cwd}# `;
  if (kind === 'ash') return `${cwd} # `;
  return '# ';
}

/** PS2 of every shell we emulate. */
export const CONTINUATION_PROMPT = '> ';
