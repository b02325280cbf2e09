// docker exec and the foreground part of docker run: commands run in the container's sandboxed
// shell (src/shell); filesystem changes and installed packages persist in the state, one
// transaction per command (per line in an interactive session).
import { crlf } from '../format/tty';
import readline from 'node:readline';
import { Transform } from 'node:stream';
import type { CommandContext, CommandDef } from './command';
import { CliError, ExitStatus } from './command';
import { withClient, type Client } from '../client';
import type { Container } from '../state/schema';
import { DaemonError } from '../engine/errors';
import type { ShellSession } from '../shell/types';
import { execArgv, openShell, runShellLine, prompt, newSession, continuationPrompt } from '../shell';
import { daemonMessage } from './util';
import { containerView, longRunning } from '../client/processes';
import { mainArgv } from '../engine/containers';
import { containerLogLines } from '../engine/logs';

const running = (c: Client, ref: string) => c.runningContainer(ref);

/** Runs one command in a running container (docker exec without a terminal session). */
async function execOnce(ctx: CommandContext, ref: string, argv: string[], stdin?: string): Promise<number> {
  return ctx.client(async (c) => {
    const ctr = running(c, ref);
    const res = await execArgv(containerView(c, ctr), argv, {
      stdin,
      tty: ctx.bool('tty'),
      workdir: ctx.str('workdir'),
      env: ctx.list('env'),
      columns: ctx.io.columns,
    });
    c.saveContainerChanges(ctr.id, res);
    // with -t the process writes to a pty: both streams reach the client's stdout, in CR LF
    if (ctx.bool('tty')) ctx.io.out(crlf(res.stdout) + crlf(res.stderr));
    else {
      ctx.io.out(res.stdout);
      ctx.io.err(res.stderr);
    }
    return res.exitCode;
  });
}

/** The user typed the detach keys (Ctrl-P Ctrl-Q): the process goes on without the terminal. */
const DETACHED = 'detached' as const;

/**
 * docker's escape proxy: a Ctrl-P is held back until the next byte; Ctrl-Q after it detaches
 * (neither reaches the shell), anything else lets both through.
 */
function detachKeys(onDetach: () => void): Transform {
  let held = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const out: number[] = [];
      for (const b of chunk) {
        if (held) {
          held = false;
          if (b === 0x11) {
            onDetach();
            break;
          }
          out.push(0x10);
        }
        if (b === 0x10) held = true;
        else out.push(b);
      }
      done(null, Buffer.from(out));
    },
  });
}

/**
 * `exec -it … bash` on a terminal: a prompt per line until `exit` or Ctrl-D. With `detachable`
 * (run -it, attach), Ctrl-P Ctrl-Q leaves the shell running and returns DETACHED.
 */
async function interactive(ctx: CommandContext, ref: string, session: ShellSession, detachable = false): Promise<number | typeof DETACHED> {
  let onDetach = () => {};
  const filter = detachable ? detachKeys(() => onDetach()) : undefined;
  if (filter) {
    process.stdin.setRawMode?.(true);
    process.stdin.pipe(filter);
  }
  const rl = readline.createInterface({ input: filter ?? process.stdin, output: process.stdout, terminal: true });
  let pending = '';
  let status = 0;
  let current = session;
  const show = async () =>
    withClient(ctx.env, ctx.context, (c) => {
      const ctr = c.container(ref);
      return pending ? continuationPrompt() : prompt(containerView(c, ctr), current);
    });
  return new Promise<number | typeof DETACHED>((resolve) => {
    const ask = async () => {
      rl.setPrompt(await show());
      rl.prompt();
    };
    onDetach = () => {
      rl.removeAllListeners('close');
      rl.close();
      resolve(DETACHED);
    };
    rl.on('SIGINT', () => {
      pending = '';
      process.stdout.write('^C\n');
      void ask();
    });
    rl.on('close', () => {
      process.stdout.write('exit\n');
      resolve(status);
    });
    rl.on('line', async (line) => {
      rl.pause();
      const text = pending ? `${pending}\n${line}` : line;
      const r = await withClient(ctx.env, ctx.context, async (c) => {
        const ctr = running(c, ref);
        const res = await runShellLine(containerView(c, ctr), current, text);
        if (!res.incomplete) c.saveContainerChanges(ctr.id, res);
        return res;
      });
      if (r.incomplete) pending = text;
      else {
        pending = '';
        process.stdout.write(r.stdout.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r'));
        process.stderr.write(r.stderr);
        current = r.session;
        status = r.exitCode;
        if (r.exit) {
          rl.removeAllListeners('close');
          rl.close();
          resolve(status);
          return;
        }
      }
      rl.resume();
      void ask();
    });
    void ask();
  }).finally(() => {
    if (!filter) return;
    process.stdin.unpipe(filter);
    process.stdin.setRawMode?.(false);
    process.stdin.pause();
  });
}

const exec: CommandDef = {
  path: 'container exec',
  args: { min: 2 },
  interspersed: false,
  async run(ctx) {
    const [ref, ...argv] = ctx.args;
    const wantsTty = ctx.bool('tty');
    if (ctx.bool('interactive') && wantsTty && !ctx.io.stdinTTY) throw new CliError('the input device is not a TTY');
    try {
      if (ctx.bool('interactive') && wantsTty) {
        const opened = await ctx.client(async (c) => openShell(containerView(c, running(c, ref)), argv, { tty: true, workdir: ctx.str('workdir'), env: ctx.list('env') }));
        if (opened.kind === 'shell') {
          const code = await interactive(ctx, ref, opened.session);
          return code === DETACHED ? 0 : code;
        }
        if (opened.kind === 'error') {
          ctx.io.out(opened.result.stdout);
          throw new ExitStatus(opened.result.exitCode);
        }
      }
      const stdin = ctx.bool('interactive') ? await ctx.io.readAll() : undefined;
      const code = await execOnce(ctx, ref, argv, stdin);
      if (code) throw new ExitStatus(code);
    } catch (e) {
      if (e instanceof DaemonError) throw new CliError(daemonMessage(e));
      throw e;
    }
  },
};


/**
 * `docker run` without -d: short commands run in the container and exit with their status;
 * servers and `sleep` print their startup output and keep running (the terminal is not held).
 */
export async function runMain(ctx: CommandContext, id: string): Promise<number> {
  const state = await ctx.client((c) => {
    const ctr = c.container(id);
    return { ctr, view: containerView(c, ctr) };
  });
  const argv = mainArgv(state.ctr);
  if (ctx.bool('interactive') && ctx.bool('tty')) {
    const opened = await openShell(state.view, argv, { tty: true });
    if (opened.kind === 'shell') {
      const code = await interactive(ctx, id, opened.session, true);
      // run.go: after the detach keys the client just returns; the container runs on
      if (code === DETACHED) return 0;
      await finish(ctx, id, code);
      return code;
    }
  }
  if (longRunning(state.ctr, state.view)) {
    for (const l of containerLogLines(state.ctr)) void (l.stderr ? ctx.io.err(l.line + '\n') : ctx.io.out(l.line + '\n'));
    return 0;
  }
  const stdin = ctx.bool('interactive') ? await ctx.io.readAll() : undefined;
  const res = await ctx.client(async (c) => {
    const r = await execArgv(containerView(c, c.container(id)), argv, { stdin, tty: ctx.bool('tty') });
    c.saveContainerChanges(id, r);
    c.containerOutput(id, r.stdout, r.stderr);
    return r;
  });
  ctx.io.out(res.stdout);
  ctx.io.err(res.stderr);
  await finish(ctx, id, res.exitCode);
  return res.exitCode;
}

/** The main process ended: the container exits (and goes with --rm). */
async function finish(ctx: CommandContext, id: string, code: number): Promise<void> {
  await ctx.client((c) => {
    const ctr = c.container(id);
    c.containerExited(id, code);
    if (ctr.autoRemove) c.containerRemove(id, true);
  });
}

/** Labs replay on a wide terminal (the width `lab verify` renders everything at). */
const LAB_COLUMNS = 200;

export interface LabSession {
  machine: string;
  container: string;
  session: ShellSession;
  /** The container's main process (`docker run -it`): its `exit` ends the container. */
  main?: boolean;
  /** `run --rm`: the container goes when its shell exits. */
  rm?: boolean;
}

/**
 * Lab replay of `docker run -it` after the container was started in the background (without
 * --rm, `rm` says whether it had it): a shell becomes the session; a command that already ran
 * shows what it printed (and goes with --rm); a server shows its start-up lines.
 */
export async function openMainSession(env: NodeJS.ProcessEnv, machine: string, id: string, rm: boolean): Promise<{ output: string; session: LabSession | null }> {
  return withClient(env, machine, async (c) => {
    const ctr = c.container(id);
    const printed = () => crlf(containerLogLines(ctr).map((l) => l.line + '\n').join(''));
    if (ctr.state !== 'running') {
      const output = printed();
      if (rm) c.containerRemove(ctr.id, true);
      return { output, session: null };
    }
    const opened = await openShell(containerView(c, ctr), mainArgv(ctr), { tty: true, columns: LAB_COLUMNS });
    if (opened.kind === 'shell') return { output: '', session: { machine, container: ctr.id, session: opened.session, main: true, rm } };
    return { output: printed(), session: null };
  });
}

/** Lab replay: `docker exec -it REF SHELL` / `docker run -it …` opens a session driven by execLine. */
export async function openSession(env: NodeJS.ProcessEnv, machine: string, words: string[]): Promise<{ output: string; session: LabSession | null }> {
  const args = words[0] === 'container' ? words.slice(1) : words;
  const verb = args[0];
  const rest = args.slice(1);
  let i = 0;
  while (i < rest.length && rest[i].startsWith('-')) i += /^-(w|e|u)$|^--(workdir|env|user)$/.test(rest[i]) ? 2 : 1;
  if (verb !== 'exec') return { output: 'dockersim: only docker exec and docker run open lab sessions\n', session: null };
  const ref = rest[i];
  const argv = rest.slice(i + 1);
  try {
    return await withClient(env, machine, async (c) => {
      const ctr = running(c, ref);
      const view = containerView(c, ctr);
      const opened = await openShell(view, argv, { tty: true, columns: LAB_COLUMNS });
      if (opened.kind === 'shell') return { output: '', session: { machine, container: ctr.id, session: opened.session } };
      if (opened.kind === 'error') return { output: opened.result.stdout, session: null };
      const r = await execArgv(view, argv, { tty: true });
      c.saveContainerChanges(ctr.id, r);
      return { output: r.stdout + r.stderr, session: null };
    });
  } catch (e) {
    if (e instanceof DaemonError) return { output: daemonMessage(e) + '\n', session: null };
    throw e;
  }
}

export async function execLine(env: NodeJS.ProcessEnv, s: LabSession, line: string): Promise<{ output: string; exit: boolean }> {
  return withClient(env, s.machine, async (c) => {
    const ctr = running(c, s.container);
    const r = await runShellLine(containerView(c, ctr), s.session, line);
    c.saveContainerChanges(ctr.id, r);
    s.session = r.session;
    if (r.exit && s.main) {
      c.containerExited(ctr.id, r.exitCode);
      if (s.rm) c.containerRemove(ctr.id, true);
    }
    return { output: r.stdout + r.stderr, exit: r.exit };
  });
}

/**
 * `docker attach`: the terminal joins the container's main process. An interactive shell (run
 * with -it) takes input until `exit` — which ends the container — or the detach keys, after which
 * docker reports `read escape sequence` (exit 1) and the container runs on. Any other process
 * only writes its output: on a terminal the client waits, as the real one does, until interrupted.
 */
const attach: CommandDef = {
  path: 'container attach',
  args: { exact: 1 },
  async run(ctx) {
    const ref = ctx.args[0];
    const st = await ctx.client((c) => {
      let ctr: Container;
      try {
        ctr = c.container(ref);
      } catch (e) {
        if (e instanceof DaemonError) throw new CliError(daemonMessage(e));
        throw e;
      }
      // attach.go inspectContainerAndCheckState
      if (ctr.state !== 'running' && ctr.state !== 'paused') throw new CliError('You cannot attach to a stopped container, start it first');
      if (ctr.state === 'paused') throw new CliError('You cannot attach to a paused container, unpause it first');
      return { id: ctr.id, tty: ctr.tty, openStdin: ctr.openStdin, argv: mainArgv(ctr), view: containerView(c, ctr) };
    });
    const stdin = !ctx.bool('no-stdin');
    if (stdin && st.tty && !ctx.io.stdinTTY) throw new CliError('the input device is not a TTY');
    if (stdin && st.tty && st.openStdin) {
      const opened = await openShell(st.view, st.argv, { tty: true });
      if (opened.kind === 'shell') {
        const code = await interactive(ctx, st.id, opened.session, true);
        if (code === DETACHED) throw new CliError('read escape sequence');
        await finish(ctx, st.id, code);
        if (code) throw new ExitStatus(code);
        return;
      }
    }
    // Nothing to type into. On a terminal: wait, like the real client, until the user interrupts
    // (which, with --sig-proxy, stops the container). From a script there is nobody to do that
    // and nothing more will be written: return rather than hang.
    if (!ctx.io.stdinTTY) return;
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    const proxy = ctx.changed('sig-proxy') ? ctx.bool('sig-proxy') : true;
    if (proxy && !st.tty) await ctx.client((c) => c.containerStop(st.id));
  },
};

export const execCommands = [exec, attach];
export { newSession };
