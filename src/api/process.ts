// Processes behind the hijacked streams: `docker exec` commands and interactive shells, and the
// main process of an attached `docker run`. Everything runs in the container's sandboxed shell
// exactly as src/cli/exec.ts runs it (client/processes containerView + execArgv / openShell /
// runShellLine), and the container's filesystem changes are persisted the same way, one
// transaction per command (per line in an interactive shell).
import { StringDecoder } from 'node:string_decoder';
import type { Client } from '../client';
import type { Container } from '../state/schema';
import { DaemonError } from '../engine/errors';
import { runMain } from '../cli/exec';
import { containerView } from '../client/processes';
import { mainArgv } from '../engine/containers';
import type { CommandContext } from '../cli/command';
import type { Io } from '../cli/io';
import type { FlagValue } from '../cli/flags';
import { execArgv, openShell, runShellLine, prompt, continuationPrompt } from '../shell';
import type { ShellSession } from '../shell/types';
import type { ProcessStream } from './stream';
import { crlf } from '../format/tty';
import type { ExecRecord, Runtime } from './runtime';

/** The container, if its main process runs (dockerd: 409 "container … is not running"). */
export function runningContainer(c: Client, ref: string): Container {
  return c.runningContainer(ref);
}


type Call = <T>(fn: (c: Client) => T | Promise<T>) => Promise<T>;

function caller(runtime: Runtime, machine: string): Call {
  return (fn) => runtime.tx(machine, fn);
}

/** Runs an exec instance on its stream; returns the exit code (also stored on the record). */
export async function runExec(runtime: Runtime, rec: ExecRecord, stream: ProcessStream): Promise<number> {
  const call = caller(runtime, rec.machine);
  rec.running = true;
  rec.started = true;
  let code = 0;
  try {
    if (rec.tty && rec.attachStdin) {
      const opened = await call(async (c) => openShell(containerView(c, runningContainer(c, rec.containerId)), rec.cmd, { tty: true, workdir: rec.workdir || undefined, env: rec.env, columns: rec.columns }));
      if (opened.kind === 'shell') {
        code = (await terminal(call, rec.containerId, opened.session, stream, () => rec.columns)) ?? 0;
        return code;
      }
      if (opened.kind === 'error') {
        stream.stdout(opened.result.stdout);
        code = opened.result.exitCode;
        return code;
      }
    }
    // With a TTY stdin stays open until the user is done: a plain command does not wait for it.
    const stdin = rec.attachStdin && !rec.tty ? await stream.readAll() : undefined;
    const res = await call(async (c) => {
      const ctr = runningContainer(c, rec.containerId);
      const r = await execArgv(containerView(c, ctr), rec.cmd, { stdin, tty: rec.tty, workdir: rec.workdir || undefined, env: rec.env, columns: rec.columns });
      c.saveContainerChanges(ctr.id, r);
      return r;
    });
    stream.stdout(res.stdout);
    stream.stderr(res.stderr);
    code = res.exitCode;
    return code;
  } catch (e) {
    if (!(e instanceof DaemonError)) throw e;
    stream.systemError(e.message);
    code = 126;
    return code;
  } finally {
    rec.exitCode = code;
    rec.running = false;
    rec.finished = Date.now();
    stream.end();
  }
}

/**
 * An interactive shell on a raw terminal stream: the client's terminal is in raw mode, so this
 * side echoes keystrokes, edits the line (backspace, Ctrl-U, Ctrl-C), answers CR with CR LF and
 * runs each finished line; Ctrl-D on an empty line ends the shell as bash does ("exit").
 * Resolves with the shell's exit status, or null when the client went away first (detach keys,
 * a closed terminal: a terminal never sends end-of-input) — the shell then runs on.
 */
export function terminal(call: Call, containerId: string, start: ShellSession, stream: ProcessStream, columns: () => number): Promise<number | null> {
  return new Promise<number | null>((resolve) => {
    let session = start;
    let line = '';
    let pending = '';
    let status = 0;
    let finished = false;
    let escape = 0;
    let lastCR = false;
    let queue: Promise<void> = Promise.resolve();
    const decoder = new StringDecoder('utf8');

    const finish = (code: number | null) => {
      if (finished) return;
      finished = true;
      resolve(code);
    };
    const showPrompt = async () => {
      const text = await call((c) => (pending ? continuationPrompt() : prompt(containerView(c, c.container(containerId)), session)));
      stream.raw(text);
    };
    const runLine = async () => {
      const text = pending ? `${pending}\n${line}` : line;
      line = '';
      const r = await call(async (c) => {
        const ctr = runningContainer(c, containerId);
        const res = await runShellLine(containerView(c, ctr), { ...session, columns: columns() }, text);
        if (!res.incomplete) c.saveContainerChanges(ctr.id, res);
        return res;
      });
      if (r.incomplete) {
        pending = text;
      } else {
        pending = '';
        stream.raw(crlf(r.stdout));
        stream.raw(crlf(r.stderr));
        session = r.session;
        status = r.exitCode;
        if (r.exit) {
          finish(status);
          return;
        }
      }
      await showPrompt();
    };
    const key = async (ch: string) => {
      if (finished) return;
      if (escape) {
        // Skip ESC [ … final-byte sequences (arrow keys and friends).
        if (escape === 1 && ch !== '[' && ch !== 'O') escape = 0;
        else if (escape === 1) escape = 2;
        else if (/[@-~]/.test(ch)) escape = 0;
        return;
      }
      if (ch === '\n' && lastCR) {
        lastCR = false;
        return;
      }
      lastCR = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        stream.raw('\r\n');
        await runLine();
      } else if (ch === '\x7f' || ch === '\b') {
        if (line) {
          line = line.slice(0, -1);
          stream.raw('\b \b');
        }
      } else if (ch === '\x03') {
        stream.raw('^C\r\n');
        line = '';
        pending = '';
        await showPrompt();
      } else if (ch === '\x04') {
        if (!line) {
          stream.raw('exit\r\n');
          finish(status);
        }
      } else if (ch === '\x15') {
        stream.raw('\b \b'.repeat(line.length));
        line = '';
      } else if (ch === '\x1b') {
        escape = 1;
      } else if (ch >= ' ' || ch === '\t') {
        line += ch;
        stream.raw(ch);
      }
    };
    stream.onData((b) => {
      const text = decoder.write(b);
      for (const ch of text) {
        queue = queue.then(() => key(ch)).catch((e) => {
          stream.raw(crlf(`${e instanceof DaemonError ? e.message : String((e as Error)?.message ?? e)}\n`));
          finish(126);
        });
      }
    });
    stream.onClose(() => finish(null));
    void stream.inputDone().then(() => queue.then(() => finish(null)));
    queue = queue.then(() => showPrompt()).catch(() => finish(126));
  });
}

/** An Io for the CLI's own foreground code (runMain), writing to the attached stream. */
function streamIo(stream: ProcessStream, tty: boolean, columns: number): Io {
  return {
    out: (s) => stream.stdout(s),
    err: (s) => stream.stderr(s),
    isTTY: tty,
    stdinTTY: tty,
    columns,
    readLine: async () => null,
    // On a terminal stdin stays open while the user types: a plain command does not wait for it.
    readAll: () => (tty ? Promise.resolve('') : stream.readAll()),
  };
}

/**
 * The container's main process as an interactive shell on a raw terminal stream (`run -it`,
 * `attach` to a `run -dit … sh`): its exit ends the container; a client that goes away leaves it
 * running (null). undefined when the main process is not a shell.
 */
export async function mainShell(runtime: Runtime, machine: string, id: string, stream: ProcessStream): Promise<number | null | undefined> {
  const columns = () => runtime.consoleWidth(machine, id);
  const call = caller(runtime, machine);
  const { argv, view } = await call((c) => {
    const ctr = c.container(id);
    return { argv: mainArgv(ctr), view: containerView(c, ctr) };
  });
  const opened = await openShell(view, argv, { tty: true, columns: columns() });
  if (opened.kind !== 'shell') return undefined;
  const code = await terminal(call, id, opened.session, stream, columns);
  if (code === null) return null;
  await call((c) => {
    const ctr = c.container(id);
    c.containerExited(id, code);
    if (ctr.autoRemove) c.containerRemove(id, true);
  });
  return code;
}

/**
 * The main process of an attached container (`docker run` without -d): the same foreground code
 * the dockersim CLI runs (src/cli/exec.ts runMain), its output going to the attached stream.
 * Interactive shells (`run -it … sh`) get the terminal above. Returns the exit code, or null when
 * the process keeps running (servers, sleep): then the container stays up.
 */
export async function runMainProcess(runtime: Runtime, machine: string, id: string, stream: ProcessStream, stdin: boolean): Promise<number | null> {
  const columns = () => runtime.consoleWidth(machine, id);
  const call = caller(runtime, machine);
  const { tty, openStdin } = await call((c) => {
    const ctr = c.container(id);
    return { tty: ctr.tty, openStdin: ctr.openStdin };
  });
  const interactive = openStdin && stdin;
  if (interactive && tty) {
    const code = await mainShell(runtime, machine, id, stream);
    if (code !== undefined) return code;
  }
  const flags = new Map<string, FlagValue>([
    ['interactive', interactive],
    ['tty', tty],
  ]);
  const ctx: CommandContext = {
    prog: 'docker',
    path: 'container run',
    io: streamIo(stream, tty, columns()),
    env: runtime.env,
    args: [],
    flags,
    context: machine,
    str: () => undefined,
    bool: (n) => flags.get(n) === true,
    list: () => [],
    changed: (n) => flags.has(n),
    client: (fn) => runtime.tx(machine, fn),
  };
  const code = await runMain(ctx, id);
  const still = await call((c) => c.machine.containers.find((x) => x.id === id)?.state === 'running');
  return still ? null : code;
}
