// The route table: `/v1.xx/<path>` (or the bare path) → a handler. Handlers translate the HTTP
// request into the same client calls the CLI makes and hand back the API objects; they own no
// semantics of their own.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Client } from '../client';
import { ApiError, badJson, pageNotFound } from './errors';
import type { Runtime } from './runtime';

export interface ApiRequest {
  method: string;
  /** The path without its `/v1.xx` prefix. */
  path: string;
  /** The API version of the prefix, null without one. */
  version: string | null;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The JSON body (undefined when empty). */
  json<T = any>(): T | undefined;
}

/** What a handler works with: one engine (a machine), and the daemon's in-memory runtime. */
export interface ApiContext {
  env: NodeJS.ProcessEnv;
  /** The machine this endpoint serves; undefined: the current context, resolved per request. */
  machine: string | undefined;
  runtime: Runtime;
  /** One locked state transaction on this endpoint's engine. */
  call<T>(fn: (c: Client) => T | Promise<T>): Promise<T>;
  log(line: string): void;
}

export type Reply =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  /** The handler wrote the response (streams). */
  | { handled: true };

export type Handler = (req: ApiRequest, ctx: ApiContext, res: ServerResponse) => Promise<Reply>;
/** Hijacked routes (exec start, attach): the raw socket after the 101 handshake is theirs. */
export type HijackHandler = (req: ApiRequest, ctx: ApiContext, socket: Socket, rest: Buffer) => Promise<void>;

export interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
  hijack?: HijackHandler;
}

/** `/networks/:id` (one segment) and `/images/*name/json` (a name with slashes). */
export function route(method: string, path: string, handler: Handler, hijack?: HijackHandler): Route {
  const names: string[] = [];
  const re = path.replace(/[:*](\w+)/g, (m, name: string) => {
    names.push(name);
    return m[0] === '*' ? '(.+)' : '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${re}/?$`), names, handler, hijack };
}

export const ok = (json?: unknown, status = 200): Reply => ({ status, json });
export const noContent = (): Reply => ({ status: 204 });

const VERSIONED = /^\/v(\d+\.\d+)(\/.*)$/;

export function splitVersion(pathname: string): { version: string | null; path: string } {
  const m = VERSIONED.exec(pathname);
  return m ? { version: m[1], path: m[2] } : { version: null, path: pathname };
}

export class Router {
  constructor(private readonly routes: Route[]) {}

  match(method: string, path: string): { route: Route; params: Record<string, string> } {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = safeDecode(m[i + 1])));
      return { route: r, params };
    }
    // An unknown path is dockerd's 404 "page not found"; a known path with another method, 405.
    if (pathMatched) throw new ApiError('method not allowed', 405);
    throw pageNotFound();
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function makeRequest(method: string, u: URL, headers: IncomingMessage['headers'], body: Buffer, params: Record<string, string>): ApiRequest {
  const { version, path } = splitVersion(u.pathname);
  let parsed: unknown;
  let parsedOnce = false;
  return {
    method,
    path,
    version,
    params,
    query: u.searchParams,
    headers,
    json<T>() {
      if (!parsedOnce) {
        parsedOnce = true;
        const text = body.toString('utf8').trim();
        if (text) {
          try {
            parsed = JSON.parse(text);
          } catch (e) {
            throw badJson((e as Error).message);
          }
        }
      }
      return parsed as T | undefined;
    },
  };
}

/** Query booleans as dockerd reads them (httputils.BoolValue): anything but "", "0", "no", "false", "none". */
export function boolParam(q: URLSearchParams, name: string): boolean {
  const v = (q.get(name) ?? '').trim().toLowerCase();
  return !(v === '' || v === '0' || v === 'no' || v === 'false' || v === 'none');
}
