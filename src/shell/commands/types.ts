// What a simulated command sees. Commands are plain async functions; the sandbox adapts them to
// just-bash's `defineCommand`.
import type { IFileSystem } from 'just-bash';
import type { OsInfo, ShellKind } from '../flavor';
import type { ContainerView } from '../types';

export interface CmdResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CmdIo {
  stdin: string;
  cwd: string;
  env: Map<string, string>;
  /** Exported variables only (what a child process would see). */
  exportedEnv?: Record<string, string>;
  /** The bundled just-bash command this one wraps (ls, rm), when there is one. */
  orig?: (args: string[]) => Promise<CmdResult>;
  /** Runs a shell script in the same sandbox (used by sh/ash/dash and busybox). */
  exec?: (script: string, opts: { cwd: string; stdin?: string; env?: Record<string, string> }) => Promise<CmdResult>;
}

export interface CmdEnv {
  view: ContainerView;
  os: OsInfo;
  shellKind: ShellKind;
  fs: IFileSystem;
  /** The run is attached to a terminal (interactive shell, `docker exec -t`). */
  tty: boolean;
  /** docker exec of a program, not a shell: there is no shell around it (no PWD, no SHLVL). */
  direct: boolean;
  /** The process environment's variable names, in docker's order (PATH, HOSTNAME, TERM, …, HOME). */
  envOrder: string[];
  /** Makes binaries callable now (writes /usr/bin/<name>, /bin/<name>) and records them as installed. */
  install(binaries: string[]): Promise<void>;
  /** Removes binaries from PATH and from the installed list. */
  uninstall(binaries: string[]): Promise<void>;
  /** Is a command currently on PATH (the file exists)? */
  available(name: string): Promise<boolean>;
}

export type CmdFn = (args: string[], io: CmdIo) => Promise<CmdResult>;
export type CmdFactory = (env: CmdEnv) => CmdFn;

export const ok = (stdout = '', stderr = ''): CmdResult => ({ stdout, stderr, exitCode: 0 });
export const fail = (stderr: string, exitCode = 1, stdout = ''): CmdResult => ({ stdout, stderr, exitCode });
