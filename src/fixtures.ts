// Where the data files live, from the bundle (dist/) or from the sources (src/…) alike.
import fs from 'node:fs';
import path from 'node:path';

let dir: string | undefined;

export function fixturesDir(): string {
  if (dir) return dir;
  for (let d = __dirname; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'fixtures');
    if (fs.existsSync(path.join(candidate, 'help'))) return (dir = candidate);
    if (path.dirname(d) === d) throw new Error('dockersim: fixtures folder not found');
  }
}

export function readFixture(rel: string): string {
  return fs.readFileSync(path.join(fixturesDir(), rel), 'utf8');
}

const jsonCache = new Map<string, unknown>();
export function fixtureJson<T>(rel: string): T {
  if (!jsonCache.has(rel)) jsonCache.set(rel, JSON.parse(readFixture(rel)));
  return jsonCache.get(rel) as T;
}
