// Streams of the Engine API: hijacked connections for exec and attach (HTTP 101 `Upgrade: tcp`,
// then docker's 8-byte multiplexed frames without a TTY, raw bytes with one), the same streams
// over an ordinary response for clients that do not upgrade, and newline-delimited JSON messages
// (image pull).
import { crlf } from '../format/tty';
import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';

export const MULTIPLEXED = 'application/vnd.docker.multiplexed-stream';
export const RAW = 'application/vnd.docker.raw-stream';

/** stdcopy's stream ids. */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const SYSTEM_ERROR = 3;

/** One stdcopy frame: [stream, 0, 0, 0, uint32 big-endian length] + payload. */
export function frame(stream: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

/** Sockets that were answered with 101: from then on errors go into the stream, not into HTTP. */
export const hijacked = new WeakSet<Socket>();
const openedListeners = new WeakMap<Socket, () => void>();

/** Calls `fn` once the socket has been answered with 101. */
export function onHijack(socket: Socket, fn: () => void): void {
  openedListeners.set(socket, fn);
}

/**
 * The process side of an exec or attach: stdout/stderr framed (or raw with a TTY), stdin as it
 * arrives, and the end of input when the client half-closes.
 */
export class ProcessStream {
  private chunks: Buffer[] = [];
  private inputEnded = false;
  private closed = false;
  private waiters: Array<() => void> = [];
  private dataListener: ((b: Buffer) => void) | null = null;
  private closeListeners: Array<() => void> = [];

  constructor(
    private readonly sink: { write(b: Buffer): void; end(): void; destroyed(): boolean },
    readonly tty: boolean,
  ) {}

  /** A hijacked socket: answers 101 and speaks the stream protocol on the raw connection. */
  static hijack(socket: Socket, rest: Buffer, tty: boolean): ProcessStream {
    const ps = new ProcessStream(
      {
        write: (b) => {
          if (!socket.destroyed && socket.writable) socket.write(b);
        },
        end: () => {
          if (!socket.destroyed) socket.end();
        },
        destroyed: () => socket.destroyed,
      },
      tty,
    );
    hijacked.add(socket);
    openedListeners.get(socket)?.();
    socket.write(['HTTP/1.1 101 UPGRADED', `Content-Type: ${tty ? RAW : MULTIPLEXED}`, 'Connection: Upgrade', 'Upgrade: tcp'].join('\r\n') + '\r\n\r\n');
    if (rest.length) ps.input(rest);
    socket.on('data', (b: Buffer) => ps.input(b));
    socket.on('end', () => ps.endInput());
    // The client may have half-closed already (stdin and FIN in the request's packet).
    if (socket.readableEnded) ps.endInput();
    socket.on('close', () => ps.gone());
    socket.on('error', () => ps.gone());
    socket.resume();
    return ps;
  }

  /** The stream as the body of an ordinary 200 response (no stdin). */
  static response(res: ServerResponse, tty: boolean): ProcessStream {
    res.writeHead(200, { 'Content-Type': tty ? RAW : MULTIPLEXED });
    const ps = new ProcessStream(
      {
        write: (b) => {
          if (!res.destroyed) res.write(b);
        },
        end: () => {
          if (!res.destroyed) res.end();
        },
        destroyed: () => res.destroyed,
      },
      tty,
    );
    ps.endInput();
    res.on('close', () => ps.gone());
    return ps;
  }

  /** A stream nobody reads (`exec -d`): output is dropped, stdin is empty. */
  static discard(tty: boolean): ProcessStream {
    const ps = new ProcessStream({ write: () => {}, end: () => {}, destroyed: () => false }, tty);
    ps.endInput();
    return ps;
  }

  private input(b: Buffer): void {
    if (this.dataListener) this.dataListener(b);
    else this.chunks.push(b);
    this.wake();
  }

  private endInput(): void {
    this.inputEnded = true;
    this.wake();
  }

  private gone(): void {
    this.inputEnded = true;
    if (!this.closed) {
      this.closed = true;
      for (const l of this.closeListeners) l();
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  get isClosed(): boolean {
    return this.closed || this.sink.destroyed();
  }

  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closeListeners.push(fn);
  }

  /** Delivers stdin chunks as they come (buffered ones first). */
  onData(fn: (b: Buffer) => void): void {
    this.dataListener = fn;
    const pending = this.chunks;
    this.chunks = [];
    for (const b of pending) fn(b);
  }

  /** Resolves when stdin ends (the client's CloseWrite) or the connection goes. */
  inputDone(): Promise<void> {
    if (this.inputEnded) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => (this.inputEnded ? resolve() : this.waiters.push(check));
      check();
    });
  }

  /** All of stdin, up to the client's half-close. */
  async readAll(): Promise<string> {
    await this.inputDone();
    const text = Buffer.concat(this.chunks).toString('utf8');
    this.chunks = [];
    return text;
  }

  write(stream: number, s: string): void {
    if (!s || this.isClosed) return;
    if (this.tty) this.sink.write(Buffer.from(stream === SYSTEM_ERROR ? s : crlf(s), 'utf8'));
    else this.sink.write(frame(stream, s));
  }

  stdout(s: string): void {
    this.write(STDOUT, s);
  }
  stderr(s: string): void {
    this.write(STDERR, s);
  }
  /** Raw terminal bytes (prompt, echo) — already in terminal form. */
  raw(s: string): void {
    if (!s || this.isClosed) return;
    if (this.tty) this.sink.write(Buffer.from(s, 'utf8'));
    else this.sink.write(frame(STDOUT, s));
  }
  systemError(message: string): void {
    if (this.tty) this.raw(message + '\r\n');
    else this.write(SYSTEM_ERROR, message);
  }

  end(): void {
    if (this.closed) return;
    this.sink.end();
  }
}

/**
 * The body of an upgrade request: `length` bytes from `head` and then the socket (Node hands the
 * request body of an `upgrade` event over as raw bytes). Returns the body and what came after it.
 */
export function readUpgradeBody(socket: Socket, head: Buffer, length: number): Promise<{ body: Buffer; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = head;
    const done = () => {
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('end', onEnd);
      socket.pause();
      resolve({ body: buf.subarray(0, length), rest: buf.subarray(length) });
    };
    const onData = (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      if (buf.length >= length) done();
    };
    const onError = (e: Error) => reject(e);
    const onEnd = () => (buf.length >= length ? done() : reject(new Error('connection closed before the request body')));
    if (buf.length >= length) {
      resolve({ body: buf.subarray(0, length), rest: buf.subarray(length) });
      return;
    }
    if (socket.readableEnded) {
      onEnd();
      return;
    }
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('end', onEnd);
    socket.resume();
  });
}

/** Newline-delimited JSON messages (docker's jsonmessage stream), as `POST /images/create` sends them. */
export function writeJsonMessages(res: ServerResponse, messages: unknown[], headers: Record<string, string> = {}): void {
  res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
  for (const m of messages) res.write(JSON.stringify(m) + '\r\n');
  res.end();
}
