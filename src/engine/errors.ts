// Errors as the daemon and the docker client report them. The CLI prints `message` to stderr
// and exits with `exitCode`; nothing below cli/ prints or exits.

/** An error the daemon returns over the Engine API (the client prefixes "Error response from daemon: "). */
export class DaemonError extends Error {
  constructor(message: string, readonly status = 500) {
    super(message);
  }
}

export const notFound = (message: string) => new DaemonError(message, 404);
export const conflict = (message: string) => new DaemonError(message, 409);
export const forbidden = (message: string) => new DaemonError(message, 403);
export const badRequest = (message: string) => new DaemonError(message, 400);
export const unavailable = (message: string) => new DaemonError(message, 503);

export const NOT_SWARM_MANAGER =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
export const WORKER_NOT_MANAGER =
  "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";
export const ALREADY_IN_SWARM =
  'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm and join another one.';
export const NOT_IN_SWARM = 'This node is not part of a swarm';
