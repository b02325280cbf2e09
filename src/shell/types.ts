// Public types of the in-container shell. No runtime code here: importing this file costs nothing.

export interface NetInterface {
  name: string;
  mac: string;
  ip: string;
  prefixLen: number;
  mtu: number;
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
  /** Interface index inside the container (`ip addr` "23: eth0@if24"); derived from the container ID when absent. */
  ifindex?: number;
  /** Index of the veth peer on the host side ("@if24"); ifindex + 1 when absent. */
  peerIfindex?: number;
}

export interface ImageView {
  /** "debian" | "ubuntu" | "alpine" | "busybox" | "scratch" (fixtures/images). The release is read from /etc/os-release. */
  distro: string;
  /** Default interactive shell, e.g. "/bin/bash" or "/bin/sh"; null/"" when the image has none. */
  shell: string | null;
  /** Commands found in the image's PATH directories (names, not paths). */
  binaries: string[];
  /** Installable package → commands it adds (apt on debian/ubuntu, apk on alpine). */
  packages?: Record<string, string[]>;
  /** Top-level directories (`ls /`). */
  rootDirs: string[];
  /** Text files with exact content. */
  files: Record<string, string>;
}

export interface ContainerView {
  /** 64 hex; hostname defaults to id.slice(0,12). */
  id: string;
  hostname: string;
  image: ImageView;
  /** The container's own filesystem changes, persisted by the caller: path → content, or null for a deleted path.
   *  Directories: path ending with '/' → '' (created dir). */
  changes: Record<string, string | null>;
  /** Binaries added by apt-get/apk install (persisted by the caller). */
  installed: string[];
  /** KEY=VALUE (image Env + docker run -e). */
  env: string[];
  /** '/' when empty. */
  workdir: string;
  /** eth0…, in order; lo is added by the shell. */
  interfaces: NetInterface[];
  defaultGateway?: { ip: string; dev: string };
  /** Content of /etc/hosts. */
  etcHosts: string;
  /** Content of /etc/resolv.conf. */
  resolvConf: string;
  /** Network commands the routing core provides (ping, curl, traceroute, nslookup…). A missing entry makes the
   *  command print what the real tool prints when the network is unreachable. */
  net?: Record<string, NetCommand>;
  /** The node's kernel release for `uname -r` (optional; default "6.8.0-60-generic", the lab's). */
  kernel?: string;
}

export type NetCommand = (
  args: string[],
  ctx: { stdin: string },
) => Promise<{ stdout: string; stderr: string; exitCode: number }>;

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The container's full set of filesystem changes after the run (replaces view.changes). */
  changes: Record<string, string | null>;
  /** Full list of installed binaries after the run (replaces view.installed). */
  installed: string[];
  /** A runaway limit stopped it (a loop, `ping` without -c): the process would still be running. */
  limited?: boolean;
}

export interface ExecOptions {
  stdin?: string;
  /** `docker exec -t`: `ls` lays out columns as on a terminal, TERM=xterm is set. */
  tty?: boolean;
  /** `docker exec -w`. */
  workdir?: string;
  /** `docker exec -e KEY=VALUE`. */
  env?: string[];
  /** Terminal width for `ls` columns when tty (default 80). */
  columns?: number;
  /** Cooperative cancellation (e.g. Ctrl-C): the run stops at the next statement. */
  signal?: AbortSignal;
  /** Wall-clock limit of one run in ms (default 2000). */
  timeLimitMs?: number;
}

/** One interactive shell, carried by the caller between lines. */
export interface ShellSession {
  cwd: string;
  env: Record<string, string>;
  /** The shell program ("bash", "sh", "/bin/sh"…); default: the image's shell. Decides prompt and error style. */
  shell?: string;
  /** Terminal width for `ls` columns (default 80). */
  columns?: number;
}

export interface LineOptions {
  signal?: AbortSignal;
  timeLimitMs?: number;
}

export interface LineResult extends ExecResult {
  session: ShellSession;
  /** The shell ended (`exit`, `exit N`, `set -e` + failure). exitCode is the shell's exit status. */
  exit: boolean;
  /** The line is an unfinished construct (`if …; then`, open quote, trailing `\`): read another line, show
   *  continuationPrompt(), and call again with both lines joined by "\n". Nothing was run. */
  incomplete?: boolean;
}

export type OpenShellResult =
  /** argv starts an interactive shell: drive it with runShellLine / prompt. */
  | { kind: 'shell'; session: ShellSession }
  /** argv[0] cannot be started: print result.stdout, exit with result.exitCode (docker's §5.7 behaviour). */
  | { kind: 'error'; result: ExecResult }
  /** argv is an ordinary command (or a shell with -c / a script): use execArgv. */
  | { kind: 'command' };
