// One run of the container's shell: a just-bash interpreter over the container's in-memory filesystem,
// with exactly the commands the image (plus what was installed) provides. just-bash is loaded on first use
// only, so nothing the CLI imports eagerly pays for it.
//
// How commands are restricted: only the commands the container has (the image's binaries, what apt/apk
// installed, the shell builtins) are registered with just-bash, each with its file in /usr/bin and /bin.
// just-bash looks a command up by its file on PATH, so anything else gives bash's own
// `bash: ping: command not found` (127). `apt-get install` registers the package's commands and writes their
// files; `rm /usr/bin/ping /bin/ping` really removes ping. (just-bash can only add its *bundled* commands at
// construction, so an installable package command that only just-bash provides is registered up front and its
// files removed until it is installed.) The command implementations live in ./commands.
import type { Bash, Command, CommandName, InMemoryFs } from 'just-bash';
import { factoryFor, NEVER_BUNDLED, WRAPS_BUNDLED } from './commands';
import { TTY_MARK } from './commands/ls';
import { shellAlias } from './commands/shells';
import type { CmdEnv, CmdFn, CmdIo } from './commands/types';
import { unsimulated } from './commands/unsimulated';
import { DEFAULT_KERNEL, procVersion } from './commands/uname';
import { limitMessage, restyleStderr } from './diagnostics';
import { baseName, DEFAULT_PATH, isShellName, osInfo, shellKindOf, type OsInfo, type ShellKind } from './flavor';
import { applyChanges, diffSnapshots, imageLayer, normPath, snapshot, type Snapshot } from './fs';
import { LIMIT_EXIT_CODE, LIMITS } from './limits';
import { ALIVE, ShellPlugin } from './plugin';
import type { ContainerView } from './types';

export { LIMIT_EXIT_CODE, LIMITS } from './limits';
export { restyleStderr } from './diagnostics';

type JustBash = typeof import('just-bash');

let loading: Promise<JustBash> | undefined;

/** Loads just-bash once per process (≈50 ms), on the first shell run. */
export function loadJustBash(): Promise<JustBash> {
  return (loading ??= import('just-bash'));
}

/** Shell builtins that just-bash implements as commands: always present, whatever the image ships. */
const BUILTINS_ALL = ['echo', 'printf', 'pwd', 'true', 'false', 'alias', 'unalias'];
const BUILTINS_BASH = ['help', 'history', 'time'];

const BIN_DIRS = new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']);

const STUB = (name: string) => `#!/bin/bash\n# Built-in command: ${name}\n`;

const INTERNAL_VARS = new Set([
  ALIVE, TTY_MARK, '?', 'SHELLOPTS', 'BASHOPTS', 'IFS', 'OPTIND', 'OSTYPE', 'MACHTYPE', 'HOSTTYPE',
  'PPID', 'UID', 'EUID', 'BASHPID', 'BASH_VERSION', 'BASH', 'RANDOM', 'LINENO', 'SECONDS', '_', 'PIPESTATUS',
]);

export interface SandboxInit {
  /** The shell whose error style applies ("bash", "sh"…). */
  shell: string;
  /** The process environment (docker exec's: container env, HOSTNAME, HOME, TERM…). */
  env: Record<string, string>;
  tty: boolean;
  /** docker exec of a program (no shell around it). */
  direct?: boolean;
  timeLimitMs?: number;
}

export interface RunOptions {
  cwd: string;
  stdin?: string;
  /** argv appended to the first command without shell parsing (docker exec of a non-shell program). */
  args?: string[];
  /** Terminal width when stdout is a terminal (`ls` columns). */
  ttyCols?: number | null;
  /** Detect whether the script ran to its end (false after `exit`). */
  sentinel?: boolean;
  signal?: AbortSignal;
  /** Rewrite "bash: …" diagnostics in the style of this shell (default: the sandbox's shell). */
  shellKind?: ShellKind;
  shellName?: string;
}

export interface RunOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
  env: Record<string, string>;
  /** The script ended early through `exit` (only with sentinel). */
  exited: boolean;
  /** The script parsed (false for syntax errors and blank input). */
  parsed: boolean;
  /** A runaway limit stopped it. */
  limited: boolean;
}

export class Sandbox {
  private constructor(
    readonly view: ContainerView,
    readonly os: OsInfo,
    readonly kind: ShellKind,
    readonly shellName: string,
    private readonly bash: Bash,
    readonly fs: InMemoryFs,
    private readonly baseline: Snapshot,
    private readonly installedList: string[],
    private readonly plugin: ShellPlugin,
    private readonly pathDirs: string[],
    private readonly timeMs: number,
  ) {}

  static async create(view: ContainerView, init: SandboxInit): Promise<Sandbox> {
    const jb = await loadJustBash();
    const os = osInfo(view.image);
    const kind = shellKindOf(init.shell, os);
    const timeMs = init.timeLimitMs ?? LIMITS.timeMs;
    // bash sets SHLVL for the programs it starts; docker exec's own environment has none.
    const env = kind === 'bash' && !init.direct && !('SHLVL' in init.env) ? { ...init.env, SHLVL: '1' } : init.env;
    const installedList = [...new Set(view.installed.map(baseName))];
    const present = new Set([...view.image.binaries.map(baseName), ...installedList]);
    const builtins = new Set(kind === 'bash' ? [...BUILTINS_ALL, ...BUILTINS_BASH] : BUILTINS_ALL);
    const installable = new Set<string>();
    for (const bins of Object.values(view.image.packages ?? {})) for (const b of bins) installable.add(baseName(b));

    const layer = imageLayer(view);
    const fs = new jb.InMemoryFs(layer.files, { maxTotalBytes: LIMITS.fsBytes });
    for (const d of layer.dirs) fs.mkdirSync(d, { recursive: true });

    let bash: Bash | undefined;
    let sandbox: Sandbox | undefined;
    const bundledNames = new Set(jb.getCommandNames());
    const registered = new Set<string>();
    /** A command object for `name`, or undefined when only just-bash's bundled command can provide it. */
    const customFor = (name: string): Command | undefined => {
      const factory = factoryFor(name, view);
      if (factory) return adapt(jb, name, factory(cmdEnv));
      if (bundledNames.has(name) && !NEVER_BUNDLED.has(name)) return undefined;
      // A shell the image installs later (alpine's `apk add bash`) is the same interpreter under its name.
      if (isShellName(name)) return adapt(jb, name, shellAlias(cmdEnv));
      return adapt(jb, name, unsimulated(name)(cmdEnv));
    };
    const cmdEnv: CmdEnv = {
      view,
      os,
      shellKind: kind,
      fs,
      tty: init.tty,
      direct: !!init.direct,
      envOrder: Object.keys(env),
      install: async (bins) => {
        for (const b of bins.map(baseName)) {
          if (!registered.has(b)) {
            // Registering writes /bin/<b> and /usr/bin/<b> too.
            const cmd = customFor(b);
            if (cmd && bash) bash.registerCommand(cmd);
            registered.add(b);
          }
          for (const dir of ['/usr/bin', '/bin']) await fs.writeFile(`${dir}/${b}`, STUB(b));
          if (!installedList.includes(b)) installedList.push(b);
        }
      },
      uninstall: async (bins) => {
        for (const b of bins.map(baseName)) {
          for (const dir of ['/usr/bin', '/bin']) await fs.rm(`${dir}/${b}`, { force: true });
          const i = installedList.indexOf(b);
          if (i >= 0) installedList.splice(i, 1);
        }
      },
      available: (name) => sandbox!.available(name),
    };

    // Present commands now; installable ones only if just-bash must provide them (it can only register its
    // bundled commands at construction) — their files are removed below until they are installed.
    const bundled: string[] = [];
    const custom: Command[] = [];
    const early = new Set<string>([...present, ...builtins]);
    for (const name of installable) if (!present.has(name) && !customFor(name)) early.add(name);
    for (const name of early) {
      registered.add(name);
      const cmd = customFor(name);
      if (cmd) {
        custom.push(cmd);
        if (WRAPS_BUNDLED.has(name) && bundledNames.has(name)) bundled.push(name);
      } else bundled.push(name);
    }

    bash = new jb.Bash({
      fs,
      cwd: '/',
      env,
      commands: bundled as CommandName[],
      customCommands: custom,
      executionLimits: {
        maxExecutionTimeMs: timeMs,
        maxCommandCount: LIMITS.commands,
        maxLoopIterations: LIMITS.loopIterations,
        maxCallDepth: LIMITS.callDepth,
        maxOutputSize: LIMITS.outputBytes,
      },
      // docker exec'd processes have parent 0 in the container's PID namespace; PID 1 is the main process.
      processInfo: { pid: 7, ppid: 0, uid: 0, gid: 0 },
      // No guest JavaScript can run here (no js-exec, python, sqlite3; no network option, so no fetch): the
      // in-memory filesystem and the command list are the boundary. just-bash's defense-in-depth layer only
      // guards guest JS, and it patches process globals while a script runs (jest reports it on every test).
      defenseInDepth: false,
      python: false,
      javascript: false,
      // A `sleep` cut short by the time limit must not keep the CLI process alive until it would have ended.
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          const t = setTimeout(resolve, ms);
          t.unref?.();
        }),
    });
    const sentinel = jb.parse(`${ALIVE}=$?`).statements[0];
    const plugin = new ShellPlugin(sentinel);
    bash.registerTransformPlugin(plugin);

    // Commands registered early but not installed yet lose their file on PATH.
    for (const name of early) {
      if (present.has(name) || builtins.has(name)) continue;
      for (const dir of ['/usr/bin', '/bin']) await fs.rm(`${dir}/${name}`, { force: true });
    }
    // just-bash's /proc/version names itself; a container sees the node's kernel.
    await fs.writeFile('/proc/version', procVersion(view.kernel || DEFAULT_KERNEL));
    const baseline = await snapshot(fs);
    await applyChanges(fs, view.changes);
    // The shell's builtins survive `rm /bin/echo` (they are not files in a real shell either).
    for (const b of builtins) if (!(await fileExists(fs, `/usr/bin/${b}`))) await fs.writeFile(`/usr/bin/${b}`, STUB(b));

    const pathDirs = (env.PATH ?? DEFAULT_PATH).split(':').filter(Boolean);
    sandbox = new Sandbox(view, os, kind, baseName(init.shell || 'sh'), bash, fs, baseline, installedList, plugin, pathDirs, timeMs);
    return sandbox;
  }

  /** Is `name` on PATH right now? */
  async available(name: string): Promise<boolean> {
    for (const dir of this.pathDirs) if (await fileExists(this.fs, `${normPath(dir)}/${name}`)) return true;
    return false;
  }

  /** How `docker exec` would start argv[0]. */
  async resolveProgram(argv0: string, cwd: string): Promise<Resolution> {
    if (!argv0.includes('/')) {
      return (await this.available(argv0)) ? { kind: 'command', run: argv0 } : { kind: 'not-in-path' };
    }
    const abs = normPath(argv0.startsWith('/') ? argv0 : `${cwd}/${argv0}`);
    let st;
    try {
      st = await this.fs.stat(abs);
    } catch {
      // The catalog does not say which bin directory a program lives in; its files are in /usr/bin and /bin.
      const name = baseName(abs);
      if (BIN_DIRS.has(abs.slice(0, -name.length - 1)) && (await this.available(name))) return { kind: 'command', run: name };
      return { kind: 'no-such-file' };
    }
    if (st.isDirectory) return { kind: 'directory' };
    let text = '';
    try {
      text = await this.fs.readFile(abs);
    } catch {
      /* unreadable */
    }
    if (text.startsWith('#!/bin/bash\n# Built-in command: ')) return { kind: 'command', run: abs };
    if (text.startsWith('#!')) {
      const [interp, arg] = text.slice(2).split('\n')[0].trim().split(/\s+/);
      const shell = baseName(interp ?? '') === 'env' ? arg ?? '' : interp ?? '';
      return { kind: 'script', path: abs, text, shell };
    }
    return { kind: 'not-executable' };
  }

  async run(script: string, o: RunOptions): Promise<RunOutcome> {
    this.plugin.armed = true;
    this.plugin.parsed = false;
    this.plugin.ttyCols = o.ttyCols ?? null;
    this.plugin.sentinel = !!o.sentinel;
    let r: { stdout: string; stderr: string; exitCode: number; env?: Record<string, string> };
    try {
      r = await this.bash.exec(script, { cwd: o.cwd, stdin: o.stdin, args: o.args, signal: o.signal, rawScript: true });
    } catch (e) {
      r = { stdout: '', stderr: `${this.shellName}: ${(e as Error).message}\n`, exitCode: 1, env: {} };
    }
    this.plugin.armed = false;
    const parsed = this.plugin.parsed;
    const env = { ...(r.env ?? {}) };
    let stderr = r.stderr;
    let exitCode = r.exitCode;
    let limited = false;
    const kept: string[] = [];
    for (const line of stderr.split('\n')) {
      const msg = limitMessage(line, this.timeMs);
      if (msg && !limited) {
        limited = true;
        kept.push(msg.replace(/\n$/, ''));
      } else if (!msg) kept.push(line);
    }
    if (limited) {
      stderr = kept.join('\n');
      if (!stderr.endsWith('\n')) stderr += '\n';
      exitCode = LIMIT_EXIT_CODE;
    }
    if (o.signal?.aborted && !limited) {
      // Ctrl-C: the shell's child dies of SIGINT (128 + 2); the terminal shows ^C, not a message.
      stderr = stderr.replace(/^bash: execution aborted\n?/m, '');
      exitCode = 130;
    }
    let exited = false;
    if (o.sentinel && parsed && !limited && !o.signal?.aborted) {
      if (ALIVE in env) exitCode = parseInt(env[ALIVE], 10) || 0;
      else exited = true;
    }
    for (const k of Object.keys(env)) if (INTERNAL_VARS.has(k)) delete env[k];
    stderr = restyleStderr(stderr, o.shellKind ?? this.kind, o.shellName ?? this.shellName);
    return { stdout: r.stdout, stderr, exitCode, env, exited, parsed, limited };
  }

  async changes(): Promise<Record<string, string | null>> {
    return diffSnapshots(this.baseline, await snapshot(this.fs));
  }

  installed(): string[] {
    return [...this.installedList];
  }
}

export type Resolution =
  | { kind: 'command'; run: string }
  | { kind: 'script'; path: string; text: string; shell: string }
  | { kind: 'not-in-path' }
  | { kind: 'no-such-file' }
  | { kind: 'directory' }
  | { kind: 'not-executable' };

async function fileExists(fs: InMemoryFs, p: string): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    return st.isFile;
  } catch {
    return false;
  }
}

function adapt(jb: JustBash, name: string, fn: CmdFn): Command {
  return jb.defineCommand(name, async (args, ctx) => {
    const io: CmdIo = {
      stdin: jb.decodeBytesToUtf8(ctx.stdin),
      cwd: ctx.cwd,
      env: ctx.env,
      exportedEnv: ctx.exportedEnv,
      orig: ctx.origCommand
        ? async (a) => {
            const r = await ctx.origCommand!(a);
            return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
          }
        : undefined,
      exec: ctx.exec
        ? async (script, o) => {
            const r = await ctx.exec!(script, { cwd: o.cwd, stdin: o.stdin, env: o.env });
            return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
          }
        : undefined,
    };
    const r = await fn(args, io);
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  });
}
