// The applications images run (fixtures/images `app`): which ports a container listens on and
// what an HTTP request to them returns. nginx and httpd serve the container's own files (image
// files overlaid by `container.fs`), traefik/whoami echoes the request, redis drops HTTP.
import type { Container } from '../state/schema';
import { catalogImage, lookupImage, parseRef, type CatalogImage, type ImageTag } from '../engine/images';
import { sandboxOf } from '../engine/sandbox';
import type { Daemon } from '../engine/daemon';
import type { Endpoint, RoutingContext } from './context';
import { machineByName } from './addressing';

export interface AppInfo {
  kind: string;
  /** TCP ports the app listens on. */
  ports: number[];
  image: CatalogImage;
  tag?: ImageTag;
}

export interface HttpRequest {
  method: string;
  /** Request target: path and query (`/index.html?x=1`). */
  target: string;
  /** Host header value. */
  host: string;
  /** Headers after Host, in the order the client sends them. */
  headers: [string, string][];
  body?: string;
  /** What the backend sees as the peer (after SNAT). */
  clientIp: string;
  clientPort: number;
}

export type HttpReply =
  | { kind: 'http'; status: number; reason: string; headers: [string, string][]; body: string }
  /** The server closes without answering (curl: (52) Empty reply from server). */
  | { kind: 'empty' }
  /** Bytes that are not HTTP (an SSH banner…): HTTP/0.9 to curl. */
  | { kind: 'raw'; data: string };

/** Image catalog entry and tag data of a container. */
export function imageOf(c: Container): { image: CatalogImage; tag?: ImageTag } | undefined {
  const ref = parseRef(c.image);
  if (!ref) return undefined;
  const hit = lookupImage(ref);
  if (hit) return { image: hit.image, tag: hit.data };
  const image = catalogImage(ref.repository);
  return image ? { image, tag: image.tags[ref.tag ?? 'latest'] ?? Object.values(image.tags)[0] } : undefined;
}

/** A file as the container sees it: its own change, else the image's; undefined when absent. */
export function fileOf(c: Container, image: CatalogImage | undefined, path: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(c.fs, path)) {
    const v = c.fs[path];
    return v === null ? undefined : v;
  }
  return image?.files[path];
}

/** Whether a directory exists (some file below it, in the image or added by the container). */
export function dirExists(c: Container, image: CatalogImage | undefined, dir: string): boolean {
  const prefix = dir.endsWith('/') ? dir : dir + '/';
  if (Object.entries(c.fs).some(([p, v]) => v !== null && p.startsWith(prefix))) return true;
  return Object.keys(image?.files ?? {}).some((p) => p.startsWith(prefix) && !(Object.prototype.hasOwnProperty.call(c.fs, p) && c.fs[p] === null));
}

function envOf(c: Container): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of c.env) {
    const i = e.indexOf('=');
    if (i > 0) out[e.slice(0, i)] = e.slice(i + 1);
  }
  return out;
}

/** Marker words: the app still runs when the command was overridden but still starts it. */
const APP_BINARIES: Record<string, RegExp> = {
  nginx: /(^|\/|\s)nginx(\s|$)/,
  httpd: /httpd/,
  redis: /redis-server/,
  whoami: /(^|\/)whoami(\s|$)/,
  visualizer: /(npm|node)\b/,
};

const NGINX_CONF = '/etc/nginx/conf.d/default.conf';

/** appOf's answer per container, with what it was derived from. */
interface AppMemo {
  image: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: string[];
  /** nginx: the config file it read (its listen ports). */
  conf?: string;
  app: AppInfo | null;
}
const appMemo = new WeakMap<Container, AppMemo>();

/**
 * The app a container runs, or null (no app in the image, or the command was replaced).
 * Memoised per container while its image, entrypoint, cmd and env (by identity) and, for nginx,
 * the content of its default.conf stay the same. Shared: treat the answer as read-only.
 */
export function appOf(c: Container): AppInfo | null {
  const m = appMemo.get(c);
  if (m && m.image === c.image && m.entrypoint === c.entrypoint && m.cmd === c.cmd && m.env === c.env && (m.app?.kind !== 'nginx' || fileOf(c, m.app.image, NGINX_CONF) === m.conf)) {
    return m.app;
  }
  const app = computeApp(c);
  appMemo.set(c, { image: c.image, entrypoint: c.entrypoint, cmd: c.cmd, env: c.env, conf: app?.kind === 'nginx' ? fileOf(c, app.image, NGINX_CONF) : undefined, app });
  return app;
}

function computeApp(c: Container): AppInfo | null {
  const img = imageOf(c);
  const app = img?.image.app;
  if (!img || !app) return null;
  const cmd = [...(c.entrypoint ?? []), ...(c.cmd ?? [])].join(' ');
  const def = img.tag ? [...(img.tag.config.Entrypoint ?? []), ...(img.tag.config.Cmd ?? [])].join(' ') : cmd;
  if (cmd !== def && !(APP_BINARIES[app.kind]?.test(cmd) ?? false)) return null;
  let ports = [app.port];
  if (app.kind === 'nginx') {
    const conf = fileOf(c, img.image, NGINX_CONF) ?? '';
    const listen = [...conf.matchAll(/^\s*listen\s+(?:[\d.]+:)?(\d+)[^;]*;/gm)].map((m) => Number(m[1]));
    if (listen.length) ports = [...new Set(listen)];
  } else if (app.kind === 'whoami') {
    const args = [...(c.entrypoint ?? []), ...(c.cmd ?? [])];
    const i = args.findIndex((a) => a === '--port' || a === '-port');
    const fromArgs = i >= 0 ? Number(args[i + 1]) : NaN;
    const fromEnv = Number(envOf(c).WHOAMI_PORT_NUMBER);
    if (fromArgs) ports = [fromArgs];
    else if (fromEnv) ports = [fromEnv];
  }
  return { kind: app.kind, ports, image: img.image, tag: img.tag };
}

/** Whether something in the container accepts connections on port/proto. */
export function listens(c: Container, port: number, proto: string): boolean {
  if (proto !== 'tcp') return false;
  const app = appOf(c);
  return !!app && app.ports.includes(port);
}

// ---- helpers -----------------------------------------------------------------------------

function httpDate(d: Date): string {
  return d.toUTCString();
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const MIME: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  txt: 'text/plain',
  xml: 'text/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
};

function mimeOf(path: string, fallback: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && MIME[ext]) || fallback;
}

/** Decodes and normalises a request path (`/a/../b/` → `/b/`); null when it climbs above the root. */
export function normalisePath(target: string): string | null {
  let p = target.split('?')[0].split('#')[0] || '/';
  try {
    p = decodeURIComponent(p);
  } catch {
    return null;
  }
  if (!p.startsWith('/')) p = '/' + p;
  const out: string[] = [];
  const parts = p.split('/');
  for (const seg of parts.slice(1)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return null;
      out.pop();
    } else out.push(seg);
  }
  const trailing = p.endsWith('/') || p.endsWith('/.') || p.endsWith('/..');
  return '/' + out.join('/') + (trailing && out.length ? '/' : '');
}

/** Modification time of a served file: the image's build time, or (changed in the container) its start. */
function mtimeOf(c: Container, tag: ImageTag | undefined, path: string, now: Date): Date {
  if (Object.prototype.hasOwnProperty.call(c.fs, path)) return c.startedAt ? new Date(c.startedAt) : now;
  return tag ? new Date(tag.created) : now;
}

// ---- nginx --------------------------------------------------------------------------------

function nginxVersion(tag: ImageTag | undefined): string {
  const v = tag?.config.Env?.find((e) => e.startsWith('NGINX_VERSION='));
  return v ? v.slice('NGINX_VERSION='.length) : '1.27.3';
}

const NGINX_REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  400: 'Bad Request',
};

function nginxError(version: string, now: Date, status: number, extra: [string, string][] = []): HttpReply {
  const reason = NGINX_REASONS[status];
  const title = `${status} ${reason}`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
  return {
    kind: 'http',
    status,
    reason: status === 405 ? 'Not Allowed' : reason,
    headers: [['Server', `nginx/${version}`], ['Date', httpDate(now)], ['Content-Type', 'text/html'], ['Content-Length', String(byteLength(body))], ...extra, ['Connection', 'keep-alive']],
    body,
  };
}

function nginx(ctx: RoutingContext, c: Container, app: AppInfo, req: HttpRequest): HttpReply {
  const version = nginxVersion(app.tag);
  const root = '/usr/share/nginx/html';
  const path = normalisePath(req.target);
  if (path === null) return nginxError(version, ctx.now, 400);
  if (req.method !== 'GET' && req.method !== 'HEAD') return nginxError(version, ctx.now, 405);
  const serve = (file: string, content: string): HttpReply => {
    const mtime = mtimeOf(c, app.tag, file, ctx.now);
    const len = byteLength(content);
    const secs = Math.floor(mtime.getTime() / 1000);
    return {
      kind: 'http',
      status: 200,
      reason: 'OK',
      headers: [
        ['Server', `nginx/${version}`],
        ['Date', httpDate(ctx.now)],
        ['Content-Type', mimeOf(file, 'application/octet-stream')],
        ['Content-Length', String(len)],
        ['Last-Modified', httpDate(mtime)],
        ['Connection', 'keep-alive'],
        ['ETag', `"${secs.toString(16)}-${len.toString(16)}"`],
        ['Accept-Ranges', 'bytes'],
      ],
      body: content,
    };
  };
  if (path.endsWith('/')) {
    for (const index of ['index.html', 'index.htm']) {
      const file = root + path + index;
      const content = fileOf(c, app.image, file);
      if (content !== undefined) return serve(file, content);
    }
    return dirExists(c, app.image, root + path) || path === '/' ? nginxError(version, ctx.now, 403) : nginxError(version, ctx.now, 404);
  }
  const file = root + path;
  const content = fileOf(c, app.image, file);
  if (content !== undefined) return serve(file, content);
  if (dirExists(c, app.image, file)) {
    // port_in_redirect: nginx names its own listening port (80: omitted), not the published one.
    const host = req.host.replace(/:\d+$/, '');
    return nginxError(version, ctx.now, 301, [['Location', `http://${host}${path}/`]]);
  }
  return nginxError(version, ctx.now, 404);
}

// ---- httpd --------------------------------------------------------------------------------

function httpdVersion(tag: ImageTag | undefined): string {
  const v = tag?.config.Env?.find((e) => e.startsWith('HTTPD_VERSION='));
  return v ? v.slice('HTTPD_VERSION='.length) : '2.4.63';
}

function httpdError(version: string, now: Date, status: 403 | 404 | 301, location?: string): HttpReply {
  const texts = {
    403: ['Forbidden', "<p>You don't have permission to access this resource.</p>"],
    404: ['Not Found', '<p>The requested URL was not found on this server.</p>'],
    301: ['Moved Permanently', `<p>The document has moved <a href="${location}">here</a>.</p>`],
  } as const;
  const [reason, p] = texts[status];
  const body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status} ${reason}</title>\n</head><body>\n<h1>${reason}</h1>\n${p}\n</body></html>\n`;
  const headers: [string, string][] = [['Date', httpDate(now)], ['Server', `Apache/${version} (Unix)`]];
  if (location) headers.push(['Location', location]);
  headers.push(['Content-Length', String(byteLength(body))], ['Content-Type', 'text/html; charset=iso-8859-1']);
  return { kind: 'http', status, reason, headers, body };
}

function httpd(ctx: RoutingContext, c: Container, app: AppInfo, req: HttpRequest): HttpReply {
  const version = httpdVersion(app.tag);
  const root = '/usr/local/apache2/htdocs';
  const path = normalisePath(req.target) ?? '/';
  let file = root + path;
  if (path.endsWith('/')) file += 'index.html';
  let content = fileOf(c, app.image, file);
  if (content === undefined && !path.endsWith('/') && dirExists(c, app.image, file)) return httpdError(version, ctx.now, 301, `http://${req.host}${path}/`);
  if (content === undefined) return httpdError(version, ctx.now, path.endsWith('/') && dirExists(c, app.image, root + path) ? 403 : 404);
  const mtime = mtimeOf(c, app.tag, file, ctx.now);
  const len = byteLength(content);
  const etag = `"${len.toString(16)}-${(mtime.getTime() * 1000).toString(16)}"`;
  if (req.method === 'HEAD') content = '';
  return {
    kind: 'http',
    status: 200,
    reason: 'OK',
    headers: [
      ['Date', httpDate(ctx.now)],
      ['Server', `Apache/${version} (Unix)`],
      ['Last-Modified', httpDate(mtime)],
      ['ETag', etag],
      ['Accept-Ranges', 'bytes'],
      ['Content-Length', String(len)],
      ['Content-Type', mimeOf(file, 'text/plain')],
    ],
    body: content,
  };
}

// ---- traefik/whoami -----------------------------------------------------------------------

function whoami(ctx: RoutingContext, c: Container, req: HttpRequest, machine: string): HttpReply {
  const lines = [`Hostname: ${c.hostname}`, 'IP: 127.0.0.1', 'IP: ::1'];
  const m = machineByName(ctx.state, machine);
  if (m) {
    const sb = sandboxOf({ state: ctx.state, profile: ctx.profile } as unknown as Daemon, m, c);
    for (const i of sb.interfaces) lines.push(`IP: ${i.ip}`);
  }
  lines.push(`RemoteAddr: ${req.clientIp}:${req.clientPort}`);
  // Go's Request.Write: request line, Host, User-Agent, then the other headers sorted by name.
  const ua = req.headers.find(([k]) => k.toLowerCase() === 'user-agent');
  const rest = req.headers.filter(([k]) => !['user-agent', 'host', 'content-length'].includes(k.toLowerCase())).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let echo = `${req.method} ${req.target} HTTP/1.1\r\nHost: ${req.host}\r\n`;
  if (ua) echo += `User-Agent: ${ua[1]}\r\n`;
  if (req.body) echo += `Content-Length: ${byteLength(req.body)}\r\n`;
  for (const [k, v] of rest) echo += `${k}: ${v}\r\n`;
  echo += '\r\n' + (req.body ?? '');
  const body = lines.join('\n') + '\n' + echo;
  const path = normalisePath(req.target) ?? '/';
  if (path === '/health') return goReply(ctx.now, 200, 'OK', '', 'text/plain; charset=utf-8');
  return goReply(ctx.now, 200, 'OK', body, 'text/plain; charset=utf-8');
}

function goReply(now: Date, status: number, reason: string, body: string, type: string): HttpReply {
  return { kind: 'http', status, reason, headers: [['Date', httpDate(now)], ['Content-Length', String(byteLength(body))], ['Content-Type', type]], body };
}

// ---- dockersamples/visualizer -------------------------------------------------------------

function visualizer(ctx: RoutingContext, c: Container, req: HttpRequest): HttpReply {
  const path = normalisePath(req.target) ?? '/';
  const ms = envOf(c).MS ?? '5000';
  if (path !== '/' && path !== '/index.html') {
    const body = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${req.method} ${path}</pre>\n</body>\n</html>\n`;
    return {
      kind: 'http',
      status: 404,
      reason: 'Not Found',
      headers: [['X-Powered-By', 'Express'], ['Content-Security-Policy', "default-src 'none'"], ['X-Content-Type-Options', 'nosniff'], ['Content-Type', 'text/html; charset=utf-8'], ['Content-Length', String(byteLength(body))], ['Date', httpDate(ctx.now)], ['Connection', 'keep-alive']],
      body,
    };
  }
  const body =
    `<!doctype html>\n<html>\n<head>\n  <meta charset="utf-8">\n  <title>Visualizer</title>\n</head>\n<body style='background:#254356'>\n` +
    `  <div id="app">\n    <!-- content goes here -->\n  </div>\n\n  <script type="text/javascript">\n    window.MS = '${ms}';\n  </script>\n  <script type="text/javascript" src="app.js"></script>\n</body>\n</html>\n`;
  return {
    kind: 'http',
    status: 200,
    reason: 'OK',
    headers: [['X-Powered-By', 'Express'], ['Content-Type', 'text/html; charset=utf-8'], ['Content-Length', String(byteLength(body))], ['ETag', `W/"${byteLength(body).toString(16)}-${c.id.slice(0, 27)}"`], ['Date', httpDate(ctx.now)], ['Connection', 'keep-alive']],
    body,
  };
}

// ---- hosts and the outside -----------------------------------------------------------------

/** What a machine answers on TCP ports nobody published: sshd, the swarm's own ports. */
export function hostListens(port: number, manager: boolean, inSwarm: boolean): boolean {
  return port === 22 || (inSwarm && port === 7946) || (manager && port === 2377);
}

function hostReply(port: number, now: Date): HttpReply {
  if (port === 22) return { kind: 'raw', data: 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n' };
  if (port === 2377) return goReply(now, 400, 'Bad Request', 'Client sent an HTTP request to an HTTPS server.\n', 'text/plain; charset=utf-8');
  return { kind: 'empty' };
}

/**
 * Answers one HTTP request that reached `backend` on `port` (the port the backend receives,
 * after DNAT/REDIRECT). The caller has checked that something listens there.
 */
export function serveHttp(ctx: RoutingContext, backend: Endpoint, port: number, req: HttpRequest): HttpReply {
  if (backend.kind === 'host' || backend.kind === 'gateway') return hostReply(port, ctx.now);
  if (backend.kind === 'external' || backend.kind === 'router') {
    const body = `<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n</body>\r\n</html>\r\n`;
    return { kind: 'http', status: 301, reason: 'Moved Permanently', headers: [['Date', httpDate(ctx.now)], ['Content-Type', 'text/html'], ['Content-Length', String(byteLength(body))], ['Connection', 'keep-alive'], ['Location', `https://${req.host.replace(/:\d+$/, '')}${req.target}`]], body };
  }
  const c = backend.container;
  const app = c ? appOf(c) : null;
  if (!c || !app) return { kind: 'empty' };
  switch (app.kind) {
    case 'nginx': {
      const r = nginx(ctx, c, app, req);
      return r.kind === 'http' && req.method === 'HEAD' ? { ...r, body: '' } : r;
    }
    case 'httpd':
      return httpd(ctx, c, app, req);
    case 'whoami':
      return whoami(ctx, c, req, backend.machine);
    case 'visualizer':
      return visualizer(ctx, c, req);
    default:
      // redis and other non-HTTP servers: redis closes on "POST"/"Host:" (cross-protocol guard).
      return { kind: 'empty' };
  }
}

/** Serialises a reply's status line and headers (CRLF), as curl -i / -I print them. */
export function headerBlock(r: Extract<HttpReply, { kind: 'http' }>): string {
  return `HTTP/1.1 ${r.status} ${r.reason}\r\n` + r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}
