// `dockersim daemon`: the Engine API for every simulated machine. One unix socket per machine at
// $DOCKERSIM_HOME/run/<machine>.sock (mode 0600, in a 0700 directory), a docker context per
// machine, optional extra endpoints (--host unix://…, --tcp) that serve the current context's
// machine. Machines created or removed while it runs are picked up by a re-scan of the state
// every second (one lock-free read: simpler and more robust than watching the file, whose
// writers replace it by rename, and it sees changes made by any process).
import fs from 'node:fs';
import path from 'node:path';
import { stateHome } from '../state/home';
import { profile as profileOf } from '../engine/profiles';
import { EngineServer } from './server';
import { Runtime } from './runtime';
import { dockerConfigDir, removeContext, validContextName, writeContext } from './contexts';

export interface DaemonOptions {
  env: NodeJS.ProcessEnv;
  /** Extra endpoints for the current context: `unix:///path` or `tcp://host:port`. */
  hosts?: string[];
  /** `--tcp [HOST:]PORT` (loopback when no host is given). */
  tcp?: string;
  /** Per-machine sockets and contexts (default true). */
  machineSockets?: boolean;
  /** Write docker contexts (default true). */
  contexts?: boolean;
  logLevel?: 'info' | 'debug';
  /** Status lines (start, new machines, stop). */
  out?: (line: string) => void;
  /** Warnings. */
  err?: (line: string) => void;
  scanMs?: number;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/** `[HOST:]PORT` or `tcp://HOST:PORT` → host and port; loopback unless a host is given. */
export function parseTcp(spec: string): { host: string; port: number } {
  const s = spec.replace(/^tcp:\/\//, '');
  const m = /^(?:\[?([^\]]*?)\]?:)?(\d+)$/.exec(s);
  if (!m) throw new Error(`invalid TCP address "${spec}": use [HOST:]PORT, e.g. 127.0.0.1:2375`);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}

export class ApiDaemon {
  readonly runtime: Runtime;
  readonly machineServers = new Map<string, EngineServer>();
  readonly extraServers: Array<{ server: EngineServer; address: string }> = [];
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;
  private warned = new Set<string>();

  constructor(private readonly opts: DaemonOptions) {
    this.runtime = new Runtime(opts.env);
  }

  get runDir(): string {
    return path.join(stateHome(this.opts.env), 'run');
  }

  socketPath(machine: string): string {
    return path.join(this.runDir, `${machine}.sock`);
  }

  private out(line: string): void {
    this.opts.out?.(line);
  }
  private warn(line: string): void {
    this.opts.err?.(line);
  }
  private debug = (line: string) => {
    if (this.opts.logLevel === 'debug') this.opts.err?.(line);
  };

  /** Starts every endpoint; resolves once they listen. */
  async start(): Promise<void> {
    const { machines, profileName } = await this.runtime.tx(undefined, (c) => ({ machines: c.machineList().map((m) => ({ name: m.name, ip: m.ip })), profileName: c.profile.name }));
    const p = profileOf(profileName);
    this.out(`dockersim daemon: Docker Engine API ${p.apiVersion} (Docker ${p.serverVersion}) for the simulated machines`);
    if (this.opts.machineSockets !== false) {
      fs.mkdirSync(this.runDir, { recursive: true, mode: 0o700 });
      fs.chmodSync(this.runDir, 0o700);
      await this.sync(machines);
    }
    for (const h of this.opts.hosts ?? []) await this.listenExtra(h);
    if (this.opts.tcp) await this.listenExtra(`tcp://${this.opts.tcp.replace(/^tcp:\/\//, '')}`);
    if (this.opts.machineSockets !== false && this.opts.contexts !== false) {
      this.out(`docker contexts (one per machine) are in ${path.join(dockerConfigDir(this.opts.env), 'contexts')}: docker --context NAME …`);
    }
    this.out('New machines get a socket within a second. Ctrl-C stops the daemon.');
    const ms = this.opts.scanMs ?? 1000;
    this.timer = setInterval(() => void this.scan(), ms);
    this.timer.unref?.();
  }

  private async listenExtra(spec: string): Promise<void> {
    const server = new EngineServer({ runtime: this.runtime, debug: this.debug });
    if (spec.startsWith('unix://')) {
      const file = path.resolve(spec.slice('unix://'.length));
      await server.listenUnix(file);
      this.extraServers.push({ server, address: `unix://${file}` });
      this.out(`  (current context)  unix://${file}`);
      return;
    }
    if (spec.startsWith('tcp://')) {
      const { host, port } = parseTcp(spec);
      const a = await server.listenTcp(host, port);
      const shown = a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
      this.extraServers.push({ server, address: `tcp://${shown}` });
      if (LOOPBACK.test(host)) this.out(`  (current context)  tcp://${shown}  (loopback only)`);
      else {
        this.out(`  (current context)  tcp://${shown}`);
        this.warn(`WARNING: tcp://${shown} is reachable from other hosts, with no TLS and no authentication: anyone who can connect controls the simulation.`);
      }
      return;
    }
    throw new Error(`unsupported --host "${spec}": use unix:///path/to.sock or tcp://HOST:PORT`);
  }

  /** Re-reads the machine list and adds or removes sockets. */
  async scan(): Promise<void> {
    if (this.stopping || this.scanning || this.opts.machineSockets === false) return;
    this.scanning = (async () => {
      try {
        const machines = await this.runtime.tx(undefined, (c) => c.machineList().map((m) => ({ name: m.name, ip: m.ip })), { readOnly: true });
        if (!this.stopping) await this.sync(machines);
      } catch (e) {
        this.debug(`scan: ${(e as Error).message}`);
      } finally {
        this.scanning = null;
      }
    })();
    await this.scanning;
  }

  private async sync(machines: Array<{ name: string; ip: string }>): Promise<void> {
    const names = new Set(machines.map((m) => m.name));
    for (const m of machines) {
      if (this.machineServers.has(m.name)) {
        if (this.opts.contexts !== false) writeContext(this.opts.env, m, `unix://${this.socketPath(m.name)}`);
        continue;
      }
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(m.name)) {
        if (!this.warned.has(m.name)) this.warn(`machine "${m.name}": its name cannot be a socket file name; not served`);
        this.warned.add(m.name);
        continue;
      }
      const server = new EngineServer({ runtime: this.runtime, machine: m.name, debug: this.debug });
      const file = this.socketPath(m.name);
      try {
        await server.listenUnix(file);
      } catch (e) {
        if (!this.warned.has(m.name)) this.warn(`machine "${m.name}": cannot listen on ${file}: ${(e as Error).message}`);
        this.warned.add(m.name);
        continue;
      }
      this.machineServers.set(m.name, server);
      let ctxNote = '';
      if (this.opts.contexts !== false) {
        if (writeContext(this.opts.env, m, `unix://${file}`)) ctxNote = `  docker --context ${m.name}`;
        else if (validContextName(m.name)) this.warn(`machine "${m.name}": a docker context of that name exists and was not written by dockersim; left as it is`);
      }
      this.out(`  ${m.name.padEnd(10)} unix://${file}${ctxNote}`);
    }
    for (const [name, server] of [...this.machineServers]) {
      if (names.has(name)) continue;
      this.machineServers.delete(name);
      await server.stopAccepting(2000);
      server.destroy();
      if (this.opts.contexts !== false) removeContext(this.opts.env, name);
      this.out(`  ${name.padEnd(10)} removed (the machine is gone)`);
    }
  }

  /**
   * Stops cleanly: no new connections, the requests in flight are answered, the remaining
   * streams are closed, running transactions finish, then the socket files go.
   */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopping = (async () => {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      if (this.scanning) await this.scanning.catch(() => {});
      const servers = [...this.machineServers.values(), ...this.extraServers.map((x) => x.server)];
      await Promise.all(servers.map((s) => s.stopAccepting()));
      this.runtime.shutdown();
      for (const s of servers) s.destroy();
      await this.runtime.drain();
      this.machineServers.clear();
      this.extraServers.length = 0;
    })();
    return this.stopping;
  }
}
