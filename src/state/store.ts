// One locked read-modify-write of the state file per command (conf + proper-lockfile).
// conf writes atomically (temp file + rename); the lock serialises parallel commands so no
// update is lost; a damaged file is reported and never rewritten.
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import lockfile from 'proper-lockfile';
import { Rng } from './rng';
import { SCHEMA_VERSION, type State } from './schema';
import { STATE_FILE, stateHome } from './home';
import { now as clockNow } from './clock';

export class StateFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`cannot read state file ${file}: ${reason}`);
  }
}

export interface Session {
  state: State;
  rng: Rng;
  now: Date;
  env: NodeJS.ProcessEnv;
  file: string;
}

/** Creates the state of a fresh home. */
export type Initializer = (rng: Rng, now: Date, env: NodeJS.ProcessEnv) => State;

function validate(file: string, data: unknown): State {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new StateFileError(file, 'not a dockersim state (expected a JSON object)');
  }
  const v = (data as { schemaVersion?: unknown }).schemaVersion;
  if (typeof v !== 'number') throw new StateFileError(file, 'not a dockersim state (no schemaVersion)');
  if (v > SCHEMA_VERSION) {
    throw new StateFileError(file, `written by a newer dockersim (schema ${v}, this one reads ${SCHEMA_VERSION}); upgrade dockersim`);
  }
  return data as State;
}

const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 2000, factor: 1.2, minTimeout: 2, maxTimeout: 40 },
  onCompromised: () => {},
};

/** Empties the state (the documented way out of a damaged file): removes it under the lock. */
export async function resetState(env: NodeJS.ProcessEnv): Promise<void> {
  const dir = stateHome(env);
  const file = path.join(dir, STATE_FILE);
  fs.mkdirSync(dir, { recursive: true });
  const release = await lockfile.lock(file, LOCK_OPTIONS);
  try {
    fs.rmSync(file, { force: true });
  } finally {
    await release();
  }
}

/**
 * Runs `fn` on the state under the lock. The file is written once at the end, and only when
 * `fn` succeeded and changed something; on error nothing is written.
 */
export async function transact<T>(env: NodeJS.ProcessEnv, init: Initializer, fn: (s: Session) => T | Promise<T>): Promise<T> {
  const dir = stateHome(env);
  const file = path.join(dir, STATE_FILE);
  fs.mkdirSync(dir, { recursive: true });
  const release = await lockfile.lock(file, LOCK_OPTIONS);
  try {
    let text: string | undefined;
    let parsed: State | undefined;
    let conf: Conf<State>;
    try {
      conf = new Conf<State>({
        cwd: dir,
        configName: 'state',
        clearInvalidConfig: false,
        serialize: (v) => JSON.stringify(v),
        deserialize: (t) => {
          text = t;
          parsed = validate(file, JSON.parse(t));
          return parsed;
        },
      });
    } catch (e) {
      if (e instanceof StateFileError) throw e;
      throw new StateFileError(file, (e as Error).message);
    }
    const now = clockNow(env);
    let state: State;
    let rng: Rng;
    if (parsed) {
      state = parsed;
      rng = new Rng(state.rng);
    } else {
      rng = env.DOCKERSIM_SEED !== undefined ? Rng.fromSeed(env.DOCKERSIM_SEED) : Rng.fromEntropy();
      state = init(rng, now, env);
    }
    const result = await fn({ state, rng, now, env, file });
    state.rng = rng.state();
    const out = JSON.stringify(state);
    if (out !== text) conf.store = state;
    return result;
  } finally {
    await release();
  }
}
