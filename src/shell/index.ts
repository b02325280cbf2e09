// The in-container shell: a sandboxed filesystem per container, docker-exec semantics, and the
// network-inspection commands that read the container's simulated configuration.
//
// Importing this module is cheap: just-bash (≈50 ms to load) is imported on the first run only.
export type {
  ContainerView,
  ExecOptions,
  ExecResult,
  ImageView,
  LineOptions,
  LineResult,
  NetCommand,
  NetInterface,
  OpenShellResult,
  ShellSession,
} from './types';
export { execArgv, processEnv } from './exec';
export { continuationPrompt, isIncomplete, newSession, openShell, prompt, runShellLine } from './interactive';
export { LIMITS, LIMIT_EXIT_CODE } from './sandbox';
export { formatIfconfig } from './commands/ifconfig';
export { formatIpAddr, formatIpLink, formatIpRoute } from './commands/ip';
export { interfacesOf, routesOf } from './netinfo';
