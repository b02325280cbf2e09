// Small Engine API clients for the daemon tests: plain HTTP over a unix socket, and the raw
// hijacked connection docker uses for exec and attach.
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiDaemon } from '../../src/api/daemon';
import { Sim } from '../helpers';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

export function request(socketPath: string, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      { socketPath, method, path: p, headers: { Host: 'api.moby.localhost', ...(data ? { 'Content-Type': 'application/json', 'Content-Length': String(data.length) } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** A hijacked exec/attach connection: the 101 head, then the raw stream. */
export class Hijacked {
  head = '';
  data = Buffer.alloc(0);
  ended: Promise<void>;
  private listeners: Array<() => void> = [];
  constructor(readonly socket: net.Socket) {
    this.ended = new Promise((resolve) => socket.on('close', () => resolve()));
    let headDone = false;
    socket.on('data', (b: Buffer) => {
      if (!headDone) {
        const all = Buffer.concat([Buffer.from(this.head, 'latin1'), b]);
        const i = all.indexOf('\r\n\r\n');
        if (i < 0) {
          this.head = all.toString('latin1');
          return;
        }
        headDone = true;
        this.head = all.subarray(0, i + 4).toString('latin1');
        b = all.subarray(i + 4);
      }
      this.data = Buffer.concat([this.data, b]);
      for (const l of this.listeners.splice(0)) l();
    });
  }
  static open(socketPath: string, p: string, body: unknown): Promise<Hijacked> {
    return new Promise((resolve, reject) => {
      const s = net.connect(socketPath);
      const h = new Hijacked(s);
      const data = JSON.stringify(body);
      s.on('error', reject);
      s.on('connect', () => {
        s.write(`POST ${p} HTTP/1.1\r\nHost: api.moby.localhost\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(data)}\r\n\r\n${data}`);
        resolve(h);
      });
    });
  }
  /** Waits until the raw stream contains `text`. */
  async waitFor(text: string, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.data.toString('utf8').includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)}; got ${JSON.stringify(this.data.toString('utf8'))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.listeners.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
}

/** Splits stdcopy frames: [stream, 0, 0, 0, len BE] + payload. */
export function demux(buf: Buffer): { stdout: string; stderr: string; frames: number[] } {
  let i = 0;
  let stdout = '';
  let stderr = '';
  const frames: number[] = [];
  while (i + 8 <= buf.length) {
    const kind = buf[i];
    const len = buf.readUInt32BE(i + 4);
    const payload = buf.subarray(i + 8, i + 8 + len).toString('utf8');
    frames.push(kind);
    if (kind === 1) stdout += payload;
    else if (kind === 2) stderr += payload;
    i += 8 + len;
  }
  if (i !== buf.length) throw new Error(`trailing bytes after frames: ${buf.length - i}`);
  return { stdout, stderr, frames };
}

/** A daemon on a fresh home (in process), with its Sim for dockersim commands on the same home. */
export async function startDaemon(extra: Partial<ConstructorParameters<typeof ApiDaemon>[0]> = {}, env: NodeJS.ProcessEnv = {}): Promise<{ sim: Sim; daemon: ApiDaemon; lines: string[]; config: string; cleanup: () => Promise<void> }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-api-'));
  const config = path.join(root, 'docker-config');
  const sim = new Sim({ DOCKERSIM_HOME: path.join(root, 'home'), DOCKER_CONFIG: config, ...env });
  const lines: string[] = [];
  const daemon = new ApiDaemon({ env: sim.env, out: (l) => lines.push(l), err: (l) => lines.push(l), ...extra });
  await daemon.start();
  return {
    sim,
    daemon,
    lines,
    config,
    cleanup: async () => {
      await daemon.stop();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(sim.home, { recursive: true, force: true });
    },
  };
}
