// Errors on the wire: every failure becomes dockerd's `{"message": "..."}` with the status the
// engine chose (DaemonError.status), so the docker CLI prints `Error response from daemon: …`.
import type { ServerResponse } from 'node:http';
import { DaemonError } from '../engine/errors';
import { ContextError } from '../client';
import { StateFileError } from '../state/store';

/** An error of the HTTP layer itself (unknown route, unreadable body…), shaped like the engine's. */
export class ApiError extends DaemonError {}

export const pageNotFound = () => new ApiError('page not found', 404);
export const badJson = (why: string) => new ApiError(`invalid JSON: ${why}`, 400);

/** The status and message an exception becomes. Unknown exceptions are the daemon's 500s. */
export function toHttpError(e: unknown): { status: number; message: string } {
  if (e instanceof DaemonError) return { status: e.status, message: e.message };
  if (e instanceof ContextError) return { status: 503, message: e.message };
  if (e instanceof StateFileError) return { status: 500, message: `dockersim: ${e.message}` };
  const err = e as Error;
  return { status: 500, message: `dockersim: internal error: ${err?.message ?? String(e)}` };
}

export function writeError(res: ServerResponse, e: unknown, headers: Record<string, string> = {}): number {
  const { status, message } = toHttpError(e);
  if (res.headersSent) {
    res.destroy();
    return status;
  }
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ message }) + '\n');
  return status;
}
