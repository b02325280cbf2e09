// One HTTP/1.1 endpoint of the Engine API (a unix socket or a TCP port) serving one machine's
// engine: every request runs the same client calls the CLI makes, in one locked transaction.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';
import fs from 'node:fs';
import { profile as profileOf, DEFAULT_PROFILE, type Profile } from '../engine/profiles';
import { badRequest } from '../engine/errors';
import { Router, makeRequest, splitVersion, type ApiContext, type Route } from './router';
import { toHttpError, writeError } from './errors';
import { hijacked, onHijack, readUpgradeBody } from './stream';
import type { Runtime } from './runtime';
import { systemRoutes } from './routes/system';
import { networkRoutes } from './routes/networks';
import { serviceRoutes } from './routes/services';
import { swarmRoutes } from './routes/swarm';
import { containerRoutes } from './routes/containers';
import { imageRoutes } from './routes/images';

export const ROUTES: Route[] = [...systemRoutes, ...networkRoutes, ...serviceRoutes, ...swarmRoutes, ...containerRoutes, ...imageRoutes];

const router = new Router(ROUTES);

export interface EndpointOptions {
  runtime: Runtime;
  /** The machine served; undefined: the current context, per request. */
  machine?: string;
  /** Per-request log lines (--log-level debug). */
  debug?: (line: string) => void;
}

function versionNumber(v: string): number {
  const [a, b] = v.split('.').map(Number);
  return a * 1000 + b;
}

/** dockerd's version middleware: a prefix outside [min, current] is refused. */
function checkApiVersion(p: Profile, version: string | null): void {
  if (!version) return;
  if (versionNumber(version) > versionNumber(p.apiVersion)) throw badRequest(`client version ${version} is too new. Maximum supported API version is ${p.apiVersion}`);
  if (versionNumber(version) < versionNumber(p.minApiVersion)) {
    throw badRequest(`client version ${version} is too old. Minimum supported API version is ${p.minApiVersion}, please upgrade your client to a newer version`);
  }
}

const EMPTY = Buffer.alloc(0);

function readBody(req: IncomingMessage): Promise<Buffer> {
  // no body announced (the CLI's GETs and HEADs): nothing to wait for
  if (!req.headers['transfer-encoding'] && !Number(req.headers['content-length'] ?? 0)) return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class EngineServer {
  readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private inflight = 0;
  private idle: Array<() => void> = [];
  private profile: Profile = profileOf(DEFAULT_PROFILE);
  unixPath?: string;

  constructor(private readonly opts: EndpointOptions) {
    this.server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => void this.upgrade(req, socket, head));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('clientError', (_e, socket) => {
      if (!socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
  }

  get machine(): string | undefined {
    return this.opts.machine;
  }

  private headers(): Record<string, string> {
    const p = this.profile;
    return { 'Api-Version': p.apiVersion, 'Docker-Experimental': 'false', Ostype: 'linux', Server: `Docker/${p.serverVersion} (linux)` };
  }

  private context(version: string | null, method: string): ApiContext {
    const runtime = this.opts.runtime;
    let checked = false;
    // GET and HEAD only read: lock-free, like the CLI's read-only commands.
    const readOnly = method === 'GET' || method === 'HEAD';
    return {
      env: runtime.env,
      machine: this.opts.machine,
      runtime,
      call: (fn) =>
        runtime.tx(this.opts.machine, (c) => {
          this.profile = c.profile;
          if (!checked) {
            checked = true;
            checkApiVersion(c.profile, version);
          }
          return fn(c);
        }, { readOnly }),
      log: (line) => this.opts.debug?.(line),
    };
  }

  private done(): void {
    this.inflight--;
    if (!this.inflight) for (const f of this.idle.splice(0)) f();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inflight++;
    const started = Date.now();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    let status = 0;
    res.on('finish', () => this.opts.debug?.(`${this.opts.machine ?? '(context)'} ${method} ${url} → ${status} ${Date.now() - started}ms`));
    try {
      const body = await readBody(req);
      const u = new URL(url, 'http://api.moby.localhost');
      const { route, params } = router.match(method, splitVersion(u.pathname).path);
      const apiReq = makeRequest(method, u, req.headers, body, params);
      const reply = await route.handler(apiReq, this.context(apiReq.version, method), res);
      if ('handled' in reply) {
        status = res.statusCode;
        return;
      }
      status = reply.status;
      const headers: Record<string, string> = { ...this.headers(), ...(reply.headers ?? {}) };
      if (reply.json !== undefined) headers['Content-Type'] = 'application/json';
      const text = reply.json !== undefined ? JSON.stringify(reply.json) + '\n' : reply.text;
      // A known length (HEAD: none, as moby's ping answers it): headers and body leave in one
      // write, where a chunked body costs a second one for its terminator.
      const payload = text === undefined || method === 'HEAD' ? undefined : Buffer.from(text, 'utf8');
      if (text !== undefined) headers['Content-Length'] = String(payload?.length ?? 0);
      res.writeHead(reply.status, headers);
      res.end(payload);
    } catch (e) {
      status = writeError(res, e, this.headers());
      if (status === 500 && this.opts.debug) this.opts.debug(String((e as Error)?.stack ?? e));
    } finally {
      this.done();
    }
  }

  /** Exec start and attach with `Upgrade: tcp`: 101, then the raw connection is the stream. */
  private async upgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    const method = req.method ?? 'POST';
    const url = req.url ?? '/';
    const started = Date.now();
    socket.on('error', () => {});
    this.inflight++;
    let counted = true;
    const release = () => {
      if (counted) {
        counted = false;
        this.done();
      }
    };
    try {
      const length = Number(req.headers['content-length'] ?? 0) || 0;
      const { body, rest } = await readUpgradeBody(socket, head, length);
      const u = new URL(url, 'http://api.moby.localhost');
      const { path } = splitVersion(u.pathname);
      const { route, params } = router.match(method, path);
      if (!route.hijack) throw badRequest(`${path} cannot be upgraded`);
      const apiReq = makeRequest(method, u, req.headers, body, params);
      // The request counts as in flight until the stream is open; the stream itself does not
      // hold up a shutdown.
      onHijack(socket, release);
      await route.hijack(apiReq, this.context(apiReq.version, method), socket, rest);
      this.opts.debug?.(`${this.opts.machine ?? '(context)'} ${method} ${url} → 101 ${Date.now() - started}ms`);
    } catch (e) {
      if (hijacked.has(socket)) {
        socket.end();
      } else if (!socket.destroyed) {
        const { status, message } = toHttpError(e);
        const text = JSON.stringify({ message }) + '\n';
        const hdrs = Object.entries(this.headers()).map(([k, v]) => `${k}: ${v}\r\n`).join('');
        socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n${hdrs}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
        this.opts.debug?.(`${this.opts.machine ?? '(context)'} ${method} ${url} → ${status} ${Date.now() - started}ms`);
      }
    } finally {
      release();
    }
  }

  /** Listens on a unix socket (mode 0600); a stale socket file left by a crash is replaced. */
  async listenUnix(path: string): Promise<void> {
    if (fs.existsSync(path)) {
      const alive = await new Promise<boolean>((resolve) => {
        const s = net.connect(path);
        s.on('connect', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (alive) throw new Error(`${path} is in use: another dockersim daemon (or dockerd) serves it`);
      fs.rmSync(path, { force: true });
    }
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(path, () => {
        this.server.removeListener('error', reject);
        resolve();
      });
    });
    fs.chmodSync(path, 0o600);
    this.unixPath = path;
  }

  async listenTcp(host: string, port: number): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.removeListener('error', reject);
        resolve();
      });
    });
    const a = this.server.address() as net.AddressInfo;
    return { host: a.address, port: a.port };
  }

  /** Stops accepting connections and resolves once the requests in flight have been answered. */
  async stopAccepting(timeoutMs = 10_000): Promise<void> {
    this.server.close();
    this.server.closeIdleConnections?.();
    if (this.inflight) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        this.idle.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Drops what is left (hijacked streams, long polls, idle keep-alive) and the socket file. */
  destroy(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (this.unixPath) fs.rmSync(this.unixPath, { force: true });
  }
}
