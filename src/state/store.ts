// One read-modify-write of the state file per command (conf + proper-lockfile). conf reads and
// parses the file once (its constructor) and writes atomically (temp file + rename); the lock
// (lock.ts) serialises writers so no update is lost; read-only commands read without the lock
// (a rename is atomic: they see one version or the next). A damaged file is reported with its
// path and never rewritten; an older schema is migrated forward after a copy of the file is
// kept next to it (`state.json.v<N>.bak`).
import fs from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import { Rng } from './rng';
import { SCHEMA_VERSION, type State } from './schema';
import { STATE_FILE, stateHome } from './home';
import { now as clockNow } from './clock';
import { decode, encode, parseText, StateFileError, StateShapeError } from './codec';
import { migrate } from './migrations';
import { acquire, LockLostError } from './lock';

export { StateFileError, LockLostError };

export interface Session {
  state: State;
  rng: Rng;
  now: Date;
  env: NodeJS.ProcessEnv;
  file: string;
}

/** Creates the state of a fresh home. */
export type Initializer = (rng: Rng, now: Date, env: NodeJS.ProcessEnv) => State;

export interface TransactOptions {
  /**
   * The command only reads: no lock, nothing written (unless the file has to be created or
   * migrated first, which takes the locked path). DOCKERSIM_ASSERT_READONLY=1 makes a change
   * made anyway an error (the fuzzer sets it).
   */
  readOnly?: boolean;
  /**
   * For a long-running process (the daemon): read-only transactions reuse the state parsed last
   * time while the file is the same one (inode, size, mtime), instead of reading and parsing it
   * for every request.
   */
  cache?: ReadCache;
}

/** The state last parsed by a read-only transaction, with the identity of the file it came from. */
export class ReadCache {
  key = '';
  state: State | undefined;
  text = '';
}

function fileKey(st: fs.Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
}

/**
 * The file's text and its identity, read from one descriptor (so the identity is that of the
 * text read, even if a writer renames a new file into place meanwhile); undefined: no file.
 */
function readWithKey(file: string): { text: string; key: string } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(file, (e as Error).message);
  }
  try {
    return { key: fileKey(fs.fstatSync(fd)), text: fs.readFileSync(fd, 'utf8') };
  } catch (e) {
    throw new StateFileError(file, (e as Error).message);
  } finally {
    fs.closeSync(fd);
  }
}

/** A read-only view of the file: from the cache while the file is unchanged. */
function readForQuery(file: string, cache: ReadCache | undefined): { state: State; text: string } | undefined {
  if (cache?.state) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(file);
    } catch {
      st = undefined;
    }
    if (st && fileKey(st) === cache.key) return { state: cache.state, text: cache.text };
  }
  const read = readWithKey(file);
  if (!read) return undefined;
  const state = parseState(file, read.text, 'no').state;
  if (cache) Object.assign(cache, { key: read.key, state, text: read.text });
  return { state, text: read.text };
}

/** Thrown from conf's deserializer when the file is of an older schema and may not be migrated here. */
class NeedsMigration extends Error {}

interface Loaded {
  conf: Conf<State>;
  state?: State;
  /** The file's text, when the state in memory is still exactly that (not migrated). */
  text?: string;
}

/**
 * Parses, checks and migrates the file's JSON. `mayMigrate`: `no` (an older file throws
 * NeedsMigration), `yes` (the file is kept as `.v<N>.bak` first), `in-memory` (nothing written).
 */
function parseState(file: string, text: string, mayMigrate: 'no' | 'yes' | 'in-memory'): { state: State; migrated: boolean } {
  let data: unknown;
  try {
    data = parseText(text);
  } catch (e) {
    throw new StateFileError(file, (e as Error).message);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new StateFileError(file, 'not a dockersim state (expected a JSON object)');
  }
  const v = (data as { schemaVersion?: unknown }).schemaVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new StateFileError(file, 'not a dockersim state (no schemaVersion)');
  if (v > SCHEMA_VERSION) {
    throw new StateFileError(file, `written by a newer dockersim (schema ${v}, this one reads ${SCHEMA_VERSION}); upgrade dockersim`);
  }
  let migrated = false;
  try {
    if (v < SCHEMA_VERSION) {
      if (mayMigrate === 'no') throw new NeedsMigration();
      // Keep the file as it was, next to it, before anything changes it.
      const bak = `${file}.v${v}.bak`;
      if (mayMigrate === 'yes' && !fs.existsSync(bak)) fs.writeFileSync(bak, text);
      migrate(data as Record<string, any>);
      migrated = true;
    }
    return { state: decode(data as Record<string, any>, migrated ? undefined : text, file), migrated };
  } catch (e) {
    if (e instanceof NeedsMigration || e instanceof StateFileError) throw e;
    if (e instanceof StateShapeError) throw new StateFileError(file, e.message);
    throw new StateFileError(file, `not a dockersim state (${(e as Error).message})`);
  }
}

/** The text conf's serializer hands out for the state being committed (encoded once). */
let pending: string | undefined;

/** The file through conf: its constructor reads and parses it once (our deserializer checks it). */
function load(dir: string, file: string, mayMigrate: 'no' | 'yes'): Loaded {
  const ConfClass = require('conf').default as typeof Conf;
  let state: State | undefined;
  let text: string | undefined;
  let conf: Conf<State>;
  try {
    conf = new ConfClass<State>({
      cwd: dir,
      configName: 'state',
      clearInvalidConfig: false,
      serialize: (v) => pending ?? encode(v as State),
      deserialize: (t) => {
        const r = parseState(file, t, mayMigrate);
        state = r.state;
        text = r.migrated ? undefined : t;
        return state;
      },
    });
  } catch (e) {
    if (e instanceof StateFileError || e instanceof NeedsMigration) throw e;
    throw new StateFileError(file, (e as Error).message);
  }
  return { conf, state, text };
}

/** Removes the temp files of writers killed mid-write (only the lock holder writes). */
function removeDeadTemps(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (/^state\.json\.tmp-\d{10}[a-f0-9]{6}$/.test(n) || /^state\.json\.lock\.stale-/.test(n)) {
      fs.rmSync(path.join(dir, n), { recursive: true, force: true });
    }
  }
}

/** Empties the state (the documented way out of a damaged file): removes it under the lock. */
export async function resetState(env: NodeJS.ProcessEnv): Promise<void> {
  const dir = stateHome(env);
  const file = path.join(dir, STATE_FILE);
  fs.mkdirSync(dir, { recursive: true });
  const lock = await acquire(file);
  try {
    removeDeadTemps(dir);
    lock.assertHeld();
    fs.rmSync(file, { force: true });
  } finally {
    await lock.release();
  }
}

function sessionOf(state: State, env: NodeJS.ProcessEnv, file: string): Session {
  return { state, rng: new Rng(state.rng), now: clockNow(env), env, file };
}

/**
 * Runs `fn` on the state under the lock. The file is written once at the end, and only when
 * `fn` succeeded and changed something; on error nothing is written.
 */
export async function transact<T>(env: NodeJS.ProcessEnv, init: Initializer, fn: (s: Session) => T | Promise<T>, opts: TransactOptions = {}): Promise<T> {
  const dir = stateHome(env);
  const file = path.join(dir, STATE_FILE);
  if (opts.readOnly) {
    // One read, no lock, no conf (nothing is written): the file as the last writer renamed it.
    let loaded: { state: State; text: string } | undefined;
    try {
      loaded = readForQuery(file, opts.cache);
    } catch (e) {
      if (!(e instanceof NeedsMigration)) throw e;
    }
    if (loaded) {
      const session = sessionOf(loaded.state, env, file);
      const before = env.DOCKERSIM_ASSERT_READONLY ? loaded.text : undefined;
      const result = await fn(session);
      if (before !== undefined) {
        session.state.rng = session.rng.state();
        if (encode(session.state, compactAbove(env)) !== before) throw new Error('a read-only command changed the state');
      }
      return result;
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  const lock = await acquire(file);
  try {
    removeDeadTemps(dir);
    const { conf, state: parsed, text } = load(dir, file, 'yes');
    let session: Session;
    if (parsed) session = sessionOf(parsed, env, file);
    else {
      const rng = env.DOCKERSIM_SEED !== undefined ? Rng.fromSeed(env.DOCKERSIM_SEED) : Rng.fromEntropy();
      const now = clockNow(env);
      session = { state: init(rng, now, env), rng, now, env, file };
    }
    const result = await fn(session);
    const { state } = session;
    state.rng = session.rng.state();
    const out = encode(state, compactAbove(env));
    if (out !== text) {
      lock.assertHeld();
      pending = out;
      try {
        conf.store = state;
      } finally {
        pending = undefined;
      }
    }
    return result;
  } finally {
    await lock.release();
  }
}

/** Tasks above which the file stores them as rows (DOCKERSIM_COMPACT_ABOVE, for tests). */
function compactAbove(env: NodeJS.ProcessEnv): number | undefined {
  const v = env.DOCKERSIM_COMPACT_ABOVE;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Reads the state of `env`'s home without locking or writing (tests, the fuzzer, benches). */
export function readState(env: NodeJS.ProcessEnv): State | undefined {
  const dir = stateHome(env);
  const file = path.join(dir, STATE_FILE);
  if (!fs.existsSync(file)) return undefined;
  return parseState(file, fs.readFileSync(file, 'utf8'), 'in-memory').state;
}
