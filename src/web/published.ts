// Published ports on loopback: while `dockersim daemon` runs, every ingress-published port of every
// service is also served for real on 127.0.0.1:<port>. A request enters the simulation as if it
// reached the manager's LAN address: routing mesh DNAT, IPVS round robin, VXLAN, redirect, and the
// chosen task's application answers from its own files; nginx tasks log the request.
import http from 'node:http';
import { withClient } from '../client';
import { path as routePath } from '../routing/paths';
import { serveHttp, type HttpRequest } from '../routing/http';
import { appendLog } from '../engine/containers';
import { visualizerAsset } from './visualizer';
import { appOf } from '../routing/http';
import type { State } from '../state/schema';

export interface PublishOptions {
  /** Loopback address to bind (default 127.0.0.1). */
  host?: string;
  /** Also bind 127.0.0.<last octet> per machine, entering on that machine. */
  perMachine?: boolean;
  log: (line: string) => void;
}

/** Ingress-published TCP ports of all services. */
export function publishedPorts(state: State): number[] {
  const ports = new Set<number>();
  for (const s of state.swarm?.services ?? []) for (const p of s.ports) if (p.PublishMode === 'ingress' && p.Protocol === 'tcp' && p.PublishedPort) ports.add(p.PublishedPort);
  return [...ports].sort((a, b) => a - b);
}

function accessLine(clientIp: string, req: HttpRequest, status: number, bytes: number, now: Date): string {
  const d = now.toUTCString().split(' ');
  const stamp = `${d[1]}/${d[2]}/${d[3]}:${d[4]} +0000`;
  const ua = req.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? '-';
  return `${clientIp} - - [${stamp}] "${req.method} ${req.target} HTTP/1.1" ${status} ${bytes} "-" "${ua}" "-"`;
}

export class PublishedPorts {
  private servers = new Map<string, http.Server>();
  /** IPVS balances connections, not requests: a keep-alive connection stays on its backend. */
  private pinned = new WeakMap<object, { container?: string; machine: string }>();
  private refused = new Set<string>();
  constructor(
    private env: NodeJS.ProcessEnv,
    private opts: PublishOptions,
  ) {}

  /** Opens listeners for newly published ports and closes those no longer published. */
  async sync(): Promise<void> {
    const { ports, entries } = await withClient(this.env, undefined, (c) => {
      const managers = c.state.swarm?.nodes.filter((n) => n.role === 'manager' && n.status === 'ready') ?? [];
      const manager = c.state.machines.find((m) => managers.some((n) => n.machine === m.name)) ?? c.state.machines[0];
      const entries = [{ bind: this.opts.host ?? '127.0.0.1', machine: manager.name, ip: manager.ip }];
      if (this.opts.perMachine) for (const m of c.state.machines) entries.push({ bind: `127.0.0.${m.ip.split('.')[3]}`, machine: m.name, ip: m.ip });
      return { ports: publishedPorts(c.state), entries };
    });
    const wanted = new Set<string>();
    for (const e of entries) for (const p of ports) wanted.add(`${e.bind}:${p}|${e.machine}|${e.ip}`);
    for (const [key, server] of this.servers) {
      if (!wanted.has(key)) {
        server.close();
        this.servers.delete(key);
      }
    }
    for (const key of wanted) {
      if (this.servers.has(key) || this.refused.has(key)) continue;
      const [addr, machine, ip] = key.split('|');
      const [bind, port] = addr.split(':');
      await this.listen(key, bind, Number(port), machine, ip);
    }
  }

  private listen(key: string, bind: string, port: number, machine: string, ip: string): Promise<void> {
    const server = http.createServer((req, res) => void this.handle(req, res, port, machine, ip));
    return new Promise((resolve) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        this.refused.add(key);
        this.opts.log(`published port ${bind}:${port} not served: ${err.code === 'EADDRINUSE' ? 'already in use on this host' : err.message}`);
        resolve();
      });
      server.listen(port, bind, () => {
        this.servers.set(key, server);
        this.opts.log(`serving published port ${port} on http://${bind}:${port}/ (enters at ${machine} ${ip})`);
        resolve();
      });
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, port: number, machine: string, ip: string): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    try {
      const reply = await withClient(this.env, machine, (c) => {
        const ctx = c.routing();
        const pin = this.pinned.get(req.socket);
        const r = routePath(pin ? { ...ctx, advance: () => 0 } : ctx, { machine }, ip, 'tcp', port);
        if (pin && r.backend) {
          const same = c.state.machines.find((m) => m.name === pin.machine)?.containers.find((x) => x.id === pin.container);
          if (same) r.backend = { ...r.backend, container: same, machine: pin.machine, ip: same.nets[0]?.ip ?? r.backend.ip };
        } else if (r.backend) this.pinned.set(req.socket, { container: r.backend.container?.id, machine: r.backend.machine });
        if (!r.reachable || !r.backend) return { status: 502, headers: [['Content-Type', 'text/plain']] as [string, string][], body: `dockersim: nothing answers on ${ip}:${port}\n` };
        const request: HttpRequest = {
          method: req.method ?? 'GET',
          target: req.url ?? '/',
          host: req.headers.host ?? `${ip}:${port}`,
          headers: Object.entries(req.headers).filter(([k]) => k !== 'host').map(([k, v]) => [k, String(v)] as [string, string]),
          body,
          clientIp: r.clientIp ?? ip,
          clientPort: 40000 + (port % 20000),
        };
        const container = r.backend.container;
        const asset = container && appOf(container)?.kind === 'visualizer' ? visualizerAsset(c.state, request.target) : undefined;
        if (asset) return { status: asset.status, headers: [['Content-Type', asset.type]] as [string, string][], body: asset.body };
        const out = serveHttp(ctx, r.backend, r.backendPort ?? port, request);
        if (out.kind !== 'http') return { status: 502, headers: [['Content-Type', 'text/plain']] as [string, string][], body: 'dockersim: empty reply from the task\n' };
        if (container && appOf(container)?.kind === 'nginx') appendLog(container, accessLine(request.clientIp, request, out.status, Buffer.byteLength(out.body), c.now));
        return { status: out.status, headers: out.headers.filter(([k]) => !/^(content-length|connection|transfer-encoding)$/i.test(k)), body: out.body };
      });
      res.writeHead(reply.status, Object.fromEntries(reply.headers.map(([k, v]) => [k, v])));
      res.end(reply.body);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`dockersim: ${(e as Error).message}\n`);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => new Promise((r) => s.close(() => r(undefined)))));
    this.servers.clear();
  }
}
