// Entry point: argv → command → one state transaction → output. The only place that turns
// errors into docker's text and exit codes; nothing here prints a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import { readFixture } from './fixtures';
import { BufferIo, type Io } from './cli/io';
import {
  CliError,
  ExitStatus,
  FlagError,
  checkArity,
  flagError,
  flagSpecsOf,
  helpIndex,
  helpTextOf,
  parseFlags,
  withProg,
  type CommandContext,
  type CommandDef,
} from './cli/command';
import { COMMANDS, GROUPS, GROUP_HELP, canonicalPath, isDockerCommand } from './cli/registry';
import { ContextError } from './client/errors';
import { DaemonError } from './engine/errors';
import { StateFileError } from './state/codec';
import { LockLostError } from './state/lock';
import { daemonMessage } from './cli/util';
import type { FlagValue } from './cli/flags';

export const CLIENT_VERSION_LINE = 'Docker version 28.2.2, build e6534b4';

function progName(env: NodeJS.ProcessEnv, argv1: string | undefined): string {
  if (env.DOCKERSIM_PROG) return env.DOCKERSIM_PROG;
  return argv1 && path.basename(argv1) === 'docker' ? 'docker' : 'dockersim';
}

function groupHelp(group: string): string {
  return GROUP_HELP[group] ?? readFixture(`help/${group}.txt`);
}

function makeContext(def: CommandDef, prog: string, io: Io, env: NodeJS.ProcessEnv, args: string[], flags: Map<string, FlagValue>, context: string | undefined): CommandContext {
  return {
    prog,
    path: def.path,
    io,
    env,
    args,
    flags,
    context,
    str: (n) => {
      const v = flags.get(n);
      return typeof v === 'string' ? v : Array.isArray(v) ? v[v.length - 1] : undefined;
    },
    bool: (n) => flags.get(n) === true,
    list: (n) => {
      const v = flags.get(n);
      return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
    },
    changed: (n) => flags.has(n),
    // The client (and with it the engine and the state store) loads with the first transaction.
    client: (fn) => (require('./client') as typeof import('./client')).withClient(env, context, fn, { readOnly: def.readOnly }),
  };
}

async function dispatch(argv: string[], env: NodeJS.ProcessEnv, io: Io, prog: string): Promise<number> {
  let global;
  try {
    global = parseFlags(argv, helpIndex().docker.flags, false);
  } catch (e) {
    // cobra's FlagErrorFunc on the root command (docker/cli cli/cobra.go).
    if (e instanceof FlagError) throw new CliError(`${e.message}\n\nUsage:  ${prog} [OPTIONS] COMMAND [ARG...]\n\nRun '${prog} --help' for more information`, 125);
    throw e;
  }
  if (global.flags.get('version') === true) {
    io.out(CLIENT_VERSION_LINE + '\n');
    return 0;
  }
  const [word, ...rest] = global.args;
  if (global.help && !word) {
    io.out(withProg(readFixture('help/docker.txt'), prog));
    return 0;
  }
  if (!word) {
    io.err(withProg(readFixture('help/docker.txt'), prog));
    return 0;
  }
  if (word === 'help') {
    const target = rest.length ? canonicalPath(rest.join(' ')) : '';
    const def = COMMANDS.get(target);
    if (def) io.out(withProg(helpTextOf(def), prog));
    else if (GROUPS.has(target)) io.out(withProg(groupHelp(target), prog));
    else io.out(withProg(readFixture('help/docker.txt'), prog));
    return 0;
  }
  const context = global.flags.get('context') as string | undefined;
  let cmdPath = word;
  let cmdArgs = rest;
  if (GROUPS.has(word)) {
    const sub = rest.find((a) => !a.startsWith('-'));
    if (sub === undefined) {
      if (rest.some((a) => a === '--help' || a === '-h')) io.out(withProg(groupHelp(word), prog));
      else io.err(withProg(groupHelp(word), prog));
      return 0;
    }
    const i = rest.indexOf(sub);
    cmdPath = `${word} ${sub}`;
    cmdArgs = [...rest.slice(0, i), ...rest.slice(i + 1)];
    if (!COMMANDS.has(canonicalPath(cmdPath)) && !isDockerCommand(canonicalPath(cmdPath))) {
      throw new CliError(
        `${prog}: unknown command: ${prog} ${cmdPath}\n\nUsage:  ${prog} ${word}\n\nRun '${prog} ${word} --help' for more information`,
      );
    }
  }
  const canonical = canonicalPath(cmdPath);
  const found = COMMANDS.get(canonical);
  // Top-level aliases (ps, run, rmi…) are commands of their own in docker: usage and errors name them.
  const def = found && cmdPath !== canonical && isDockerCommand(cmdPath) ? { ...found, path: cmdPath } : found;
  if (!def) {
    if (isDockerCommand(canonical)) throw new CliError(`${prog}: '${prog} ${cmdPath}' is not simulated by dockersim yet`);
    throw new CliError(`${prog}: unknown command: ${prog} ${cmdPath}\n\nRun '${prog} --help' for more information`);
  }
  let parsed;
  try {
    parsed = def.rawArgs
      ? { flags: new Map<string, FlagValue>(), args: cmdArgs, help: false, shortHelp: false }
      : parseFlags(cmdArgs, flagSpecsOf(def), def.interspersed !== false);
  } catch (e) {
    if (e instanceof FlagError) throw flagError(def, e, prog);
    throw e;
  }
  if (parsed.help) {
    if (parsed.shortHelp) io.out('Flag shorthand -h has been deprecated, use --help\n');
    io.out(withProg(helpTextOf(def), prog));
    return 0;
  }
  checkArity(def, parsed.args, prog);
  const code = await def.run(makeContext(def, prog, io, env, parsed.args, parsed.flags, context));
  return code ?? 0;
}

/** Runs one dockersim command; returns its exit code. Output goes to `io`. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = new BufferIo(), prog = progName(env, undefined)): Promise<number> {
  try {
    return await dispatch(argv, env, io, prog);
  } catch (e) {
    if (e instanceof ExitStatus) return e.exitCode;
    if (e instanceof CliError) {
      if (e.message) io.err(e.message + '\n');
      return e.exitCode;
    }
    if (e instanceof DaemonError) {
      io.err(daemonMessage(e) + '\n');
      return 1;
    }
    if (e instanceof StateFileError || e instanceof LockLostError) {
      io.err(`dockersim: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ContextError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    const sys = e as NodeJS.ErrnoException;
    if (sys?.code && sys.syscall && typeof sys.path === 'string') {
      // A file the user named (a lab transcript, …): Go's *PathError text, not an internal error.
      const what = /^[A-Z]+: ([^,]+)/.exec(sys.message)?.[1] ?? sys.code;
      io.err(`${prog}: ${sys.syscall} ${sys.path}: ${what}\n`);
      return 1;
    }
    const err = e as Error;
    io.err(`dockersim: internal error: ${err?.message ?? String(e)}\n`);
    if (env.DOCKERSIM_DEBUG) io.err(String(err?.stack) + '\n');
    return 1;
  }
}

/** Is `fd` a terminal? A pipe or a file is not; only a character device needs tty's check. */
function isTerminal(fd: number): boolean {
  try {
    if (!fs.fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}

/**
 * Output to fd 1 or 2: written synchronously, without creating process.stdout/stderr (their
 * stream machinery is ~3 ms of every command's start-up); a terminal keeps its stream. A closed
 * pipe (`| head`) ends the output quietly, as docker's does.
 */
function writer(fd: 1 | 2, stream: () => NodeJS.WriteStream): (s: string) => void {
  let tty: boolean | undefined;
  let closed = false;
  return (s) => {
    if (closed || !s) return;
    if ((tty ??= isTerminal(fd))) {
      stream().write(s);
      return;
    }
    const buf = Buffer.from(s, 'utf8');
    for (let off = 0; off < buf.length; ) {
      try {
        off += fs.writeSync(fd, buf, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        else if (code === 'EPIPE') {
          closed = true;
          return;
        } else throw e;
      }
    }
  };
}

/** The process entry used by bin/dockersim. */
export async function main(): Promise<void> {
  const io = new BufferIo();
  // Terminal checks happen when a command asks (most never do).
  let stdinTTY: boolean | undefined;
  let stdoutTTY: boolean | undefined;
  Object.defineProperties(io, {
    stdinTTY: { get: () => (stdinTTY ??= isTerminal(0)), set: (v: boolean) => (stdinTTY = v), configurable: true },
    isTTY: { get: () => (stdoutTTY ??= isTerminal(1)), set: (v: boolean) => (stdoutTTY = v), configurable: true },
    columns: { get: () => (io.isTTY ? process.stdout.columns || 80 : 80), configurable: true },
  });
  let stdinText: string | undefined;
  const readStdin = async () => {
    if (stdinText !== undefined) return stdinText;
    if (io.stdinTTY) return (stdinText = '');
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return (stdinText = Buffer.concat(chunks).toString('utf8'));
  };
  io.readAll = async () => readStdin();
  let lineBuf: string | undefined;
  io.readLine = async () => {
    if (lineBuf === undefined) lineBuf = await readStdin();
    if (!lineBuf) return null;
    const i = lineBuf.indexOf('\n');
    const line = i < 0 ? lineBuf : lineBuf.slice(0, i);
    lineBuf = i < 0 ? '' : lineBuf.slice(i + 1);
    return line;
  };
  // Stream output as it is produced, so long commands and prompts show progressively.
  io.out = writer(1, () => process.stdout);
  io.err = writer(2, () => process.stderr);
  const code = await run(process.argv.slice(2), process.env, io, progName(process.env, process.argv[1]));
  process.exitCode = code;
}
