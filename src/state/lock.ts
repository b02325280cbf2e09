// The state lock: proper-lockfile's `<state.json>.lock` directory, with its owner written inside
// it (pid, host, a random token), so that
// - a lock left by a killed process is recovered at once: a waiter on the same host sees that
//   the owner process is gone (or a zombie) and takes the lock over, instead of waiting for the
//   lock to age;
// - a lock of a live process is never taken over, however long it holds it, unless it has not
//   been refreshed for HUNG_MS (a hung process, or a recycled pid);
// - a lock whose owner cannot be checked (another host sharing the folder, or a holder killed
//   between creating the directory and writing the owner) falls back to proper-lockfile's own
//   rule: stale once its mtime is STALE_MS old. The holder refreshes the mtime every UPDATE_MS,
//   so that only happens to a holder that is gone (or whose event loop is blocked that long);
// - a takeover moves the stale directory aside first and removes it only if it still holds the
//   owner judged gone, so two waiters can never both remove a lock and both think they own it;
// - before writing, the holder checks that the lock directory still holds its own token
//   (`assertHeld`), so a holder that lost its lock never overwrites the state.
// 2 s is proper-lockfile's minimum `stale`; 10 s (its default) made every crash cost 10 s.
import fs from 'node:fs';

export const STALE_MS = 2000;
export const UPDATE_MS = 1000;
export const HUNG_MS = 30_000;

const RETRIES = { retries: 2000, factor: 1.2, minTimeout: 2, maxTimeout: 40 };

interface Owner {
  pid: number;
  host: string;
  token: string;
}

export class LockLostError extends Error {}

function readOwner(dir: string): Owner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(`${dir}/owner`, 'utf8'));
    return typeof o?.pid === 'number' && typeof o.token === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Is process `pid` (on this host) still running? A zombie is not. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (process.platform === 'linux') {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const st = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return st !== 'Z' && st !== 'X';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface HeldLock {
  /** Throws LockLostError unless the lock is still this process's. */
  assertHeld(): void;
  release(): Promise<void>;
}

let counter = 0;

/** Takes the lock of `file` (waiting for other holders). */
export async function acquire(file: string): Promise<HeldLock> {
  const lockfile = require('proper-lockfile') as typeof import('proper-lockfile');
  const dir = `${file}.lock`;
  const host = (require('node:os') as typeof import('node:os')).hostname();
  const token = `${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2)}`;
  let compromised = false;
  let releasing = false;
  /** The owner token of the lock this process last judged (undefined: no owner recorded). */
  let judged: string | undefined;

  const hooks = {
    mkdir(p: string, cb: (err: NodeJS.ErrnoException | null) => void) {
      fs.mkdir(p, (err) => {
        if (err || p !== dir) return cb(err);
        try {
          fs.writeFileSync(`${dir}/owner`, JSON.stringify({ pid: process.pid, host, token } satisfies Owner));
        } catch (e) {
          fs.rm(dir, { recursive: true, force: true }, () => cb(e as NodeJS.ErrnoException));
          return;
        }
        cb(null);
      });
    },
    stat(p: string, cb: (err: NodeJS.ErrnoException | null, st?: fs.Stats) => void) {
      fs.stat(p, (err, st) => {
        if (err || p !== dir) return cb(err, st);
        const owner = readOwner(dir);
        judged = owner?.token;
        if (!owner || owner.token === token || owner.host !== host) return cb(null, st);
        const fresh = processAlive(owner.pid) && Date.now() - st.mtimeMs < HUNG_MS;
        // proper-lockfile judges by mtime only: tell it the truth we know better.
        cb(null, Object.assign(Object.create(Object.getPrototypeOf(st)), st, { mtime: fresh ? new Date() : new Date(0) }));
      });
    },
    rmdir(p: string, cb: (err: NodeJS.ErrnoException | null) => void) {
      if (p !== dir || releasing) return fs.rm(p, { recursive: true, force: true }, (err) => cb(err));
      // A takeover: move the directory aside, and remove it only if it is the lock judged stale.
      const aside = `${dir}.stale-${token}`;
      const expected = judged;
      fs.rename(dir, aside, (err) => {
        if (err) return cb(err.code === 'ENOENT' ? null : err);
        if (readOwner(aside)?.token === expected) return fs.rm(aside, { recursive: true, force: true }, () => cb(null));
        fs.rename(aside, dir, (back) => {
          if (back) fs.rm(aside, { recursive: true, force: true }, () => {});
          cb(Object.assign(new Error('Lock file is already being held'), { code: 'ELOCKED' }));
        });
      });
    },
    rmdirSync(p: string) {
      fs.rmSync(p, { recursive: true, force: true });
    },
    utimes: fs.utimes,
  };

  const release = await lockfile.lock(file, {
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    retries: RETRIES,
    fs: hooks as never,
    onCompromised: () => {
      compromised = true;
    },
  });
  return {
    assertHeld() {
      if (compromised || readOwner(dir)?.token !== token) {
        throw new LockLostError(`lost the lock ${dir} (another process took it over); nothing was written`);
      }
    },
    async release() {
      releasing = true;
      await release().catch(() => {});
    },
  };
}
