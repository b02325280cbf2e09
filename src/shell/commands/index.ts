// Which simulated implementation a command name gets. Anything not here is either one of just-bash's own
// commands (cat, grep, sed…) or, if just-bash has none, an "unsimulated" placeholder.
import type { ContainerView } from '../types';
import { apk } from './apk';
import { apt, aptGet } from './apt';
import { busybox } from './busybox';
import { envCmd } from './env';
import { printenv } from './printenv';
import { hostname } from './hostname';
import { id } from './id';
import { ifconfig } from './ifconfig';
import { ip } from './ip';
import { ls } from './ls';
import { NET_TOOLS, netTool } from './net';
import { rm } from './rm';
import { route } from './route';
import { shellAlias } from './shells';
import type { CmdFactory } from './types';
import { uname } from './uname';
import { whoami } from './whoami';
import { which } from './which';

const CUSTOM: Record<string, CmdFactory> = {
  ifconfig,
  ip,
  route,
  hostname,
  'apt-get': aptGet,
  apt,
  apk,
  whoami,
  id,
  uname,
  busybox,
  ls,
  rm,
  env: envCmd,
  printenv,
  which,
  ash: shellAlias,
  dash: shellAlias,
  hush: shellAlias,
  rbash: shellAlias,
};

/** Custom commands that call the bundled just-bash command of the same name (which must be registered). */
export const WRAPS_BUNDLED = new Set(['ls', 'rm', 'env']);

/** Bundled just-bash commands never exposed: sqlite3 runs a worker thread; the rest have custom versions. */
export const NEVER_BUNDLED = new Set(['sqlite3', 'hostname', 'whoami', 'which', 'printenv', 'curl', 'html-to-markdown']);

export function factoryFor(name: string, view: ContainerView): CmdFactory | undefined {
  if (Object.prototype.hasOwnProperty.call(CUSTOM, name)) return CUSTOM[name];
  if (NET_TOOLS.has(name) || (view.net && Object.prototype.hasOwnProperty.call(view.net, name))) return netTool(name);
  return undefined;
}
