// `docker exec CONTAINER CMD ARGS…`: runs argv[0] from the container's PATH without a shell (unless argv[0]
// is one), the way runc does, including docker's errors when the program cannot be started.
import { shellJoin, shellQuote } from './commands/quote';
import { baseName, defaultShellOf, DEFAULT_PATH, isShellName, shellKindOf, osInfo, versionAtLeast, type OsInfo, type ShellKind } from './flavor';
import { normPath } from './fs';
import { Sandbox } from './sandbox';
import type { ContainerView, ExecOptions, ExecResult } from './types';

/** The environment docker gives an exec'd process: PATH, HOSTNAME, TERM (with -t), the container's env,
 *  `exec -e` values, HOME=/root unless set. */
export function processEnv(view: ContainerView, o: { tty: boolean; extra?: string[] }): Record<string, string> {
  const m = new Map<string, string>();
  m.set('PATH', DEFAULT_PATH);
  m.set('HOSTNAME', view.hostname || view.id.slice(0, 12));
  if (o.tty) m.set('TERM', 'xterm');
  for (const kv of [...view.env, ...(o.extra ?? [])]) {
    const i = kv.indexOf('=');
    if (i > 0) m.set(kv.slice(0, i), kv.slice(i + 1));
  }
  if (!m.has('HOME')) m.set('HOME', '/root');
  return Object.fromEntries(m);
}

/** docker's text for an exec that runc could not start (reference §5.7): on stdout, CRLF-terminated. */
export function ociFailure(detail: string): string {
  return `OCI runtime exec failed: exec failed: unable to start container process: ${detail}: unknown\r\n`;
}

export interface ShellArgs {
  /** `set -e`, `set -x`… from the shell's own options. */
  setOpts: string;
  /** -c SCRIPT */
  script?: string;
  /** FILE operand */
  file?: string;
  /** $1… */
  positional: string[];
}

export function parseShellArgs(args: string[]): ShellArgs {
  let i = 0;
  let script: string | undefined;
  let takeScript = false;
  const opts: string[] = [];
  while (i < args.length) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (/^--/.test(a)) {
      i++;
      continue;
    }
    if (a === '-o' || a === '+o') {
      i += 2;
      continue;
    }
    if (!/^[-+][a-zA-Z]+$/.test(a)) break;
    i++;
    for (const c of a.slice(1)) {
      if (c === 'c') takeScript = true;
      else if ('exu'.includes(c)) opts.push(c);
    }
  }
  if (takeScript) {
    script = args[i] ?? '';
    // args[i+1] is $0, the rest are $1…
    return { setOpts: opts.join(''), script, positional: args.slice(i + 2) };
  }
  if (i < args.length) return { setOpts: opts.join(''), file: args[i], positional: args.slice(i + 1) };
  return { setOpts: opts.join(''), positional: [] };
}

function scriptPrefix(setOpts: string, positional: string[]): string {
  return (setOpts ? `set -${setOpts}\n` : '') + (positional.length ? `set -- ${shellJoin(positional)}\n` : '');
}

function cannotOpen(kind: ShellKind, name: string, file: string): { stderr: string; exitCode: number } {
  if (kind === 'bash') return { stderr: `${name}: ${file}: No such file or directory\n`, exitCode: 127 };
  if (kind === 'dash') return { stderr: `${name}: 0: cannot open ${file}: No such file\n`, exitCode: 2 };
  return { stderr: `${name}: can't open '${file}': No such file or directory\n`, exitCode: 2 };
}

export async function execArgv(view: ContainerView, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const tty = !!opts.tty;
  const workdir = normPath(opts.workdir || view.workdir || '/');
  const env = processEnv(view, { tty, extra: opts.env });
  const argv0 = argv[0] ?? '';
  const sb = await Sandbox.create(view, {
    shell: isShellName(argv0) ? argv0 : defaultShellOf(view),
    env,
    tty,
    direct: !isShellName(argv0),
    timeLimitMs: opts.timeLimitMs,
  });
  const finish = async (stdout: string, stderr: string, exitCode: number, limited = false): Promise<ExecResult> => ({
    stdout, stderr, exitCode, changes: await sb.changes(), installed: sb.installed(), ...(limited ? { limited } : {}),
  });
  const oci = (detail: string, code: number) => finish(ociFailure(detail), '', code);

  try {
    const st = await sb.fs.stat(workdir);
    if (!st.isDirectory) throw new Error('not a directory');
  } catch {
    return oci(`chdir to cwd ("${workdir}") set in config.json failed: no such file or directory`, 127);
  }
  const res = await sb.resolveProgram(argv0, workdir);
  const ttyCols = tty ? opts.columns ?? 80 : null;
  switch (res.kind) {
    case 'not-in-path':
      return oci(`exec: "${argv0}": executable file not found in $PATH`, 127);
    case 'no-such-file':
      return oci(`exec: "${argv0}": stat ${argv0}: no such file or directory`, 127);
    case 'directory':
      return oci(`exec: "${argv0}": is a directory: permission denied`, 126);
    case 'not-executable':
      return oci(`exec: "${argv0}": permission denied`, 126);
    case 'script': {
      const interp = baseName(res.shell);
      if (!isShellName(interp) || !(await sb.available(interp))) {
        return oci(`exec: "${argv0}": stat ${res.shell || argv0}: no such file or directory`, 127);
      }
      const kind = shellKindOf(interp, osInfo(view.image));
      const text = res.text.split('\n').slice(1).join('\n');
      const r = await sb.run(scriptPrefix('', argv.slice(1)) + text, { cwd: workdir, stdin: opts.stdin, ttyCols, signal: opts.signal, shellKind: kind, shellName: res.path });
      return finish(r.stdout, r.stderr, r.exitCode, r.limited);
    }
    case 'command':
      break;
  }
  if (isShellName(argv0)) {
    const name = baseName(argv0);
    const kind = shellKindOf(argv0, osInfo(view.image));
    const sh = parseShellArgs(argv.slice(1));
    let script: string;
    let stdin = opts.stdin;
    if (sh.script !== undefined) script = sh.script;
    else if (sh.file !== undefined) {
      const p = normPath(sh.file.startsWith('/') ? sh.file : `${workdir}/${sh.file}`);
      try {
        script = await sb.fs.readFile(p);
      } catch {
        const e = cannotOpen(kind, name, sh.file);
        return finish('', e.stderr, e.exitCode);
      }
    } else {
      // No -c and no file: the shell reads its script from stdin (nothing without -i → exits at once).
      script = opts.stdin ?? '';
      stdin = '';
    }
    const r = await sb.run(scriptPrefix(sh.setOpts, sh.positional) + script, { cwd: workdir, stdin, ttyCols, signal: opts.signal, shellKind: kind, shellName: name });
    return finish(r.stdout, kind === 'bash' && sh.script !== undefined ? withLineNumbers(r.stderr, script, osInfo(view.image)) : r.stderr, r.exitCode, r.limited);
  }
  const r = await sb.run(shellQuote(res.run), { cwd: workdir, stdin: opts.stdin, args: argv.slice(1), ttyCols, signal: opts.signal });
  return finish(r.stdout, r.stderr, r.exitCode, r.limited);
}

/**
 * bash 5.1+ names the line in diagnostics of a `bash -c` script (`bash: line 1: ping: command not
 * found`); 4.x and 5.0 (Ubuntu 16.04/18.04/20.04, Debian 10) do not. Only one-line scripts are
 * rewritten: for longer ones the failing line is not known here.
 */
function withLineNumbers(stderr: string, script: string, os: OsInfo): string {
  const modern = (os.distro === 'debian' && versionAtLeast(os.versionId, [11])) || (os.distro === 'ubuntu' && versionAtLeast(os.versionId, [22, 4]));
  if (!modern || script.trim().includes('\n')) return stderr;
  return stderr.replace(/^bash: (?!line \d+: )/gm, 'bash: line 1: ');
}
