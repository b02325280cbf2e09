// Issue "dockersim lab": every lab in fixtures/labs verifies; a changed character fails with a
// diff naming its line; the unmodified seed differs exactly where the known-differences list says.
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../src/main';
import { BufferIo } from '../src/cli/io';
import { ROOT } from './helpers';

const LABS = path.join(ROOT, 'fixtures', 'labs');
const SEED = path.join(ROOT, 'fixtures', 'seed-tutorial', 'overlay-network-tutorial.md');

async function dockersim(args: string[]) {
  const io = new BufferIo();
  const code = await run(args, { PATH: process.env.PATH, DOCKERSIM_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'lab-')) }, io, 'dockersim');
  return { code, stdout: io.stdout, stderr: io.stderr };
}

function tmpCopy(file: string, edit: (text: string) => string): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lab-copy-')), path.basename(file));
  fs.writeFileSync(out, edit(fs.readFileSync(file, 'utf8')));
  return out;
}

describe('lab verify', () => {
  const labs = fs.readdirSync(LABS).filter((f) => f.endsWith('.md') && !f.includes('known-differences'));
  it('has labs to verify', () => expect(labs.length).toBeGreaterThanOrEqual(2));
  for (const lab of labs) {
    it(`${lab} passes`, async () => {
      const r = await dockersim(['lab', 'verify', path.join(LABS, lab)]);
      expect(r.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
      expect(r.code).toBe(0);
    }, 60_000);
  }

  it('one changed expected character fails with a diff naming that line', async () => {
    const file = tmpCopy(path.join(LABS, 'overlay-network.md'), (t) => t.replace('Mask:255.255.0.0  # from docker_gwbridge', 'Mask:255.255.0.1  # from docker_gwbridge'));
    const lineNo = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('Mask:255.255.0.1')) + 1;
    const r = await dockersim(['lab', 'verify', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\d+ passed, 1 failed\n$/);
    expect(r.stdout).toContain(`-          inet addr:172.18.0.4  Bcast:172.18.255.255  Mask:255.255.0.1  # from docker_gwbridge\n+          inet addr:172.18.0.4  Bcast:172.18.255.255  Mask:255.255.0.0`);
    const hunk = /@@ -(\d+),(\d+) /.exec(r.stdout)!;
    expect(Number(hunk[1])).toBeLessThanOrEqual(lineNo);
    expect(Number(hunk[1]) + Number(hunk[2])).toBeGreaterThan(lineNo);
  }, 60_000);

  it('--update restores a stale copy, keeping bound IDs, placeholders and annotations', async () => {
    const original = fs.readFileSync(path.join(LABS, 'service-discovery.md'), 'utf8');
    const stale = tmpCopy(path.join(LABS, 'service-discovery.md'), (t) =>
      t
        .replace('{"Spec":{"Mode":"dnsrr"}}', '{"Spec":{"Mode":"vip"}}')
        .replace('"Addr":"10.0.1.6/24"}]', '"Addr":"10.0.1.9/24"}]')
        .replace('0d4f3e8b6a1c2d7e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6\n$ docker exec', '0d4f3e8b6a1c2d7e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6\nan extra stale line\n$ docker exec'),
    );
    expect(fs.readFileSync(stale, 'utf8')).not.toBe(original);
    const first = await dockersim(['lab', 'verify', '--update', stale]);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/ 3 failed\n$/);
    expect(fs.readFileSync(stale, 'utf8')).toBe(original);
    const again = await dockersim(['lab', 'verify', stale]);
    expect(again.stdout).toMatch(/ 0 failed\n$/);
  }, 60_000);

  it('the unmodified seed differs exactly at the listed known differences', async () => {
    const r = await dockersim(['lab', 'verify', SEED]);
    expect(r.code).toBe(1);
    const failing = [...r.stdout.matchAll(/^.*overlay-network-tutorial\.md:(\d+): /gm)].map((m) => Number(m[1]));
    const listed = [...fs.readFileSync(path.join(LABS, 'overlay-network.known-differences.md'), 'utf8').matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(failing).toEqual(listed);
    const [, passed, failed] = /(\d+) passed, (\d+) failed\n$/.exec(r.stdout)!;
    expect(Number(failed)).toBe(listed.length);
    expect(Number(passed)).toBeGreaterThan(30);
  }, 60_000);
});
