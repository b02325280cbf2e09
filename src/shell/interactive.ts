// `docker exec -it CONTAINER bash`: one line at a time. The caller reads lines (and handles Ctrl-C, line
// editing, the terminal); each line runs in a fresh sandbox over the container's current changes, and the
// session carries cwd and environment to the next line.
import { CONTINUATION_PROMPT, defaultShellOf, isShellName, promptFor, shellKindOf, osInfo } from './flavor';
import { ociFailure, parseShellArgs, processEnv } from './exec';
import { normPath } from './fs';
import { loadJustBash, Sandbox } from './sandbox';
import type { ContainerView, ExecOptions, LineOptions, LineResult, OpenShellResult, ShellSession } from './types';

/** A fresh session: the image's shell (or `shell`), in the working directory, with docker exec's environment
 *  (TERM=xterm, as -t sets it). */
export function newSession(
  view: ContainerView,
  opts: { shell?: string; workdir?: string; env?: string[]; columns?: number } = {},
): ShellSession {
  const cwd = normPath(opts.workdir || view.workdir || '/');
  const env = processEnv(view, { tty: true, extra: opts.env });
  return { cwd, env: { ...env, PWD: cwd }, shell: opts.shell ?? defaultShellOf(view), columns: opts.columns };
}

/** Decides what `docker exec -it CONTAINER ARGV…` is: an interactive shell (→ session), a program that cannot
 *  start (→ docker's error), or an ordinary command for execArgv. */
export async function openShell(view: ContainerView, argv: string[], opts: ExecOptions = {}): Promise<OpenShellResult> {
  const argv0 = argv[0] ?? '';
  if (!isShellName(argv0)) return { kind: 'command' };
  const sh = parseShellArgs(argv.slice(1));
  if (sh.script !== undefined || sh.file !== undefined) return { kind: 'command' };
  const session = newSession(view, { shell: argv0, workdir: opts.workdir, env: opts.env, columns: opts.columns });
  const sb = await Sandbox.create(view, { shell: argv0, env: session.env, tty: true });
  const res = await sb.resolveProgram(argv0, session.cwd);
  const changes = await sb.changes();
  const installed = sb.installed();
  const error = (detail: string, exitCode: number): OpenShellResult => ({
    kind: 'error',
    result: { stdout: ociFailure(detail), stderr: '', exitCode, changes, installed },
  });
  if (res.kind === 'not-in-path') return error(`exec: "${argv0}": executable file not found in $PATH`, 127);
  if (res.kind === 'no-such-file') return error(`exec: "${argv0}": stat ${argv0}: no such file or directory`, 127);
  if (res.kind === 'directory') return error(`exec: "${argv0}": is a directory: permission denied`, 126);
  if (res.kind === 'not-executable') return error(`exec: "${argv0}": permission denied`, 126);
  return { kind: 'shell', session };
}

export function prompt(view: ContainerView, session: ShellSession): string {
  return promptFor(view, session);
}

export function continuationPrompt(): string {
  return CONTINUATION_PROMPT;
}

/** The session's environment; a hand-made session without PATH/HOME gets docker exec's defaults under it. */
function sessionEnv(view: ContainerView, session: ShellSession): Record<string, string> {
  const env = session.env ?? {};
  if ('PATH' in env || 'HOME' in env) return { ...env };
  return { ...processEnv(view, { tty: true }), ...env };
}

function hasOpenHeredoc(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(hasOpenHeredoc);
  const o = node as Record<string, unknown>;
  if (o.type === 'HereDoc' && o.terminated === false) return true;
  return Object.values(o).some(hasOpenHeredoc);
}

/** Would an interactive shell ask for another line (PS2) before running this text? */
export async function isIncomplete(text: string): Promise<boolean> {
  if (/(^|[^\\])(\\\\)*\\$/.test(text)) return true;
  const jb = await loadJustBash();
  try {
    const ast = jb.parse(text);
    if (hasOpenHeredoc(ast)) return true;
    const last = text.split('\n').pop() ?? '';
    if (!last.includes('#') && /(&&|\|\||\|)\s*$/.test(last)) return true;
    return false;
  } catch (e) {
    const msg = (e as Error).message ?? '';
    if (/unexpected EOF|end of file/i.test(msg)) return true;
    const m = /at (\d+):(\d+)/.exec(msg);
    if (m) {
      const lines = text.split('\n');
      const l = parseInt(m[1], 10);
      const c = parseInt(m[2], 10);
      if (l > lines.length || (l === lines.length && c > lines[l - 1].length)) return true;
    }
    return false;
  }
}

/** The variables after a line, in the order the session had them (docker's), new ones last. bash's
 *  OLDPWD only exists once `cd` has set it. */
function carryEnv(before: Record<string, string>, after: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(before)) if (k in after) out[k] = after[k];
  for (const k of Object.keys(after)) if (!(k in out)) out[k] = after[k];
  if (!('OLDPWD' in before) && out.OLDPWD === out.PWD) delete out.OLDPWD;
  return out;
}

export async function runShellLine(
  view: ContainerView,
  session: ShellSession,
  line: string,
  opts: LineOptions = {},
): Promise<LineResult> {
  const shell = session.shell ?? defaultShellOf(view);
  const env = sessionEnv(view, session);
  if (line.trim() && (await isIncomplete(line))) {
    return {
      stdout: '', stderr: '', exitCode: 0, changes: { ...view.changes }, installed: [...view.installed],
      session, exit: false, incomplete: true,
    };
  }
  const sb = await Sandbox.create(view, { shell, env, tty: true, timeLimitMs: opts.timeLimitMs });
  const r = await sb.run(line, { cwd: session.cwd || '/', ttyCols: session.columns ?? 80, sentinel: true, signal: opts.signal });
  let stderr = r.stderr;
  // Interactive bash says "exit" on its way out.
  if (r.exited && shellKindOf(shell, osInfo(view.image)) === 'bash') stderr += 'exit\n';
  const nextEnv = r.exited || !r.parsed ? env : carryEnv(env, r.env);
  const cwd = nextEnv.PWD && !r.exited ? nextEnv.PWD : session.cwd;
  return {
    stdout: r.stdout,
    stderr,
    exitCode: r.exitCode,
    changes: await sb.changes(),
    installed: sb.installed(),
    session: { ...session, cwd, env: nextEnv },
    exit: r.exited,
  };
}
