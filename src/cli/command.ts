// The command table and dispatch, modelled on docker's cobra tree: global flags before the
// command, aliases, argument-count and flag errors with docker's texts and exit codes, help
// texts taken verbatim from docker 28.2.2 (fixtures/help).
import { fixtureJson, readFixture } from '../fixtures';
import { FlagError, parseFlags, type FlagSpec, type FlagValue } from './flags';
import type { Io } from './io';
import type { Client } from '../client';

export type Arity = { exact: number } | { min: number; max?: number } | 'none' | 'any';

export interface CommandContext {
  prog: string;
  path: string;
  io: Io;
  env: NodeJS.ProcessEnv;
  args: string[];
  flags: Map<string, FlagValue>;
  /** Global `-c/--context`. */
  context?: string;
  str(name: string): string | undefined;
  bool(name: string): boolean;
  list(name: string): string[];
  changed(name: string): boolean;
  /** Runs `fn` against the engine of the current context, inside one state transaction. */
  client<T>(fn: (c: Client) => T | Promise<T>): Promise<T>;
}

export interface CommandDef {
  /** Canonical docker path, e.g. `network create`. */
  path: string;
  args: Arity;
  /** false: flags after the first argument belong to the argument list (run, exec, service create). */
  interspersed?: boolean;
  /** Takes its arguments verbatim, flags included (the hidden `__complete`). */
  rawArgs?: boolean;
  /** Only reads the state: no lock, nothing written (cli/registry.ts READ_ONLY). */
  readOnly?: boolean;
  /** dockersim-only commands describe their flags and help here instead of docker's fixtures. */
  flags?: FlagSpec[];
  usage?: string;
  help?: string;
  run(ctx: CommandContext): Promise<number | void> | number | void;
}

/** An error the CLI prints as is (stderr + newline) with an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The command's own exit status, nothing printed (docker's StatusError with empty message). */
export class ExitStatus extends Error {
  constructor(readonly exitCode: number) {
    super('');
  }
}

interface HelpEntry {
  usage: string;
  aliases: string[];
  flags: FlagSpec[];
}

export function helpIndex(): Record<string, HelpEntry> {
  return fixtureJson<Record<string, HelpEntry>>('help/index.json');
}

/** Rewrites docker's program name in help and usage texts when invoked as dockersim. */
export function withProg(text: string, prog: string): string {
  if (prog === 'docker') return text;
  return text.replace(/(^|Usage: {2}|'|, |\n {2})docker(?= |'|$)/gm, `$1${prog}`);
}

export function usageOf(def: CommandDef): string {
  return def.usage ?? helpIndex()[def.path.replace(/ /g, '-')]?.usage ?? `docker ${def.path}`;
}

export function helpTextOf(def: CommandDef): string {
  if (def.help !== undefined) return def.help;
  return readFixture(`help/${def.path.replace(/ /g, '-')}.txt`);
}

export function flagSpecsOf(def: CommandDef): FlagSpec[] {
  return def.flags ?? helpIndex()[def.path.replace(/ /g, '-')]?.flags ?? [];
}

function plural(n: number) {
  return n === 1 ? 'argument' : 'arguments';
}

/** cobra/docker argument-count errors (cli/required.go). */
export function checkArity(def: CommandDef, args: string[], prog: string): void {
  const cmd = `${prog} ${def.path}`;
  const usage = withProg(usageOf(def), prog);
  const tail = (verb: string) => `\n\nUsage:  ${usage}\n\n${verb} '${cmd} --help' for more information`;
  const a = def.args;
  if (a === 'any') return;
  if (a === 'none') {
    if (args.length) throw new CliError(`${prog}: '${cmd}' accepts no arguments${tail('Run')}`);
    return;
  }
  if ('exact' in a) {
    if (args.length !== a.exact) throw new CliError(`${prog}: '${cmd}' requires ${a.exact} ${plural(a.exact)}${tail('Run')}`);
    return;
  }
  if (a.max !== undefined && a.min > 0 && (args.length < a.min || args.length > a.max)) {
    throw new CliError(`${prog}: '${cmd}' requires at least ${a.min} and at most ${a.max} ${plural(a.max)}${tail('Run')}`);
  }
  if (args.length < a.min) throw new CliError(`${prog}: '${cmd}' requires at least ${a.min} ${plural(a.min)}${tail('See')}`);
  if (a.max !== undefined && args.length > a.max) {
    throw new CliError(`${prog}: '${cmd}' requires at most ${a.max} ${plural(a.max)}${tail('SRun')}`);
  }
}

export function flagError(def: CommandDef, e: FlagError, prog: string): CliError {
  const usage = withProg(usageOf(def), prog);
  return new CliError(`${e.message}\n\nUsage:  ${usage}\n\nRun '${prog} ${def.path} --help' for more information`, 125);
}

export { parseFlags, FlagError };
