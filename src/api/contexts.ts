// docker CLI contexts for the simulated machines: `docker --context worker02 …` reaches that
// machine's socket. Written the way `docker context create` stores them:
// <DOCKER_CONFIG or ~/.docker>/contexts/meta/<sha256 of the name>/meta.json.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MARK = 'dockersim machine ';
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;

export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

export function contextMetaDir(env: NodeJS.ProcessEnv, name: string): string {
  return path.join(dockerConfigDir(env), 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
}

/** Is `name` usable as a docker context name ("default" is the CLI's own)? */
export function validContextName(name: string): boolean {
  return name !== 'default' && NAME_RE.test(name);
}

function ours(file: string): boolean | null {
  try {
    const meta = JSON.parse(fs.readFileSync(file, 'utf8'));
    return String(meta?.Metadata?.Description ?? '').startsWith(MARK);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : false;
  }
}

/**
 * Writes (or refreshes) the context of a machine. A context of the same name that dockersim did
 * not write is left alone: returns false.
 */
export function writeContext(env: NodeJS.ProcessEnv, machine: { name: string; ip: string }, host: string): boolean {
  if (!validContextName(machine.name)) return false;
  const dir = contextMetaDir(env, machine.name);
  const file = path.join(dir, 'meta.json');
  if (ours(file) === false) return false;
  const meta = { Name: machine.name, Metadata: { Description: `${MARK}${machine.name} (${machine.ip})` }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
  const text = JSON.stringify(meta);
  try {
    if (fs.readFileSync(file, 'utf8') === text) return true;
  } catch {
    // not there yet
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o644 });
  fs.renameSync(tmp, file);
  return true;
}

/** Removes a machine's context if dockersim wrote it. */
export function removeContext(env: NodeJS.ProcessEnv, name: string): void {
  const dir = contextMetaDir(env, name);
  if (ours(path.join(dir, 'meta.json'))) fs.rmSync(dir, { recursive: true, force: true });
}
