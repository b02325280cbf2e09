// Killing `dockersim daemon` (a child process) with SIGTERM in the middle of a burst of 200
// `docker network create` calls (8 at a time, the real docker CLI) loses nothing that was
// acknowledged: every ID a client printed is in `network ls` afterwards.
import { expect, jest, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, Sim } from './helpers';
import { dockerProblem, runDocker } from './parity/harness';

jest.setTimeout(30_000);

const TOTAL = 200;
const PARALLEL = 8;

test('SIGTERM during a burst of 200 network creates loses no acknowledged network', async () => {
  const problem = dockerProblem();
  if (problem) throw new Error(problem);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-sigterm-'));
  const env = { PATH: process.env.PATH, HOME: root, DOCKERSIM_HOME: path.join(root, 'home'), DOCKER_CONFIG: path.join(root, 'docker-config'), DOCKERSIM_SEED: '3' };
  const sim = new Sim(env);
  // Overlay networks: 200 bridges would run out of local address pools long before.
  await sim.ok('swarm init --advertise-addr 192.168.1.221');

  const child = spawn(process.execPath, [BIN, 'daemon'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (err += b));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const sock = path.join(env.DOCKERSIM_HOME, 'run', 'docker.sock');
  const t0 = Date.now();
  while (!out.includes(`unix://${sock}`)) {
    if (Date.now() - t0 > 10_000) throw new Error(`daemon did not start: ${out}${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }

  const dockerEnv = { PATH: process.env.PATH, HOME: root, DOCKER_CONFIG: env.DOCKER_CONFIG, DOCKER_HOST: `unix://${sock}` };
  const acknowledged: string[] = [];
  const failures: string[] = [];
  let next = 0;
  let killedAt = -1;
  const worker = async () => {
    while (next < TOTAL) {
      const n = next++;
      const r = await runDocker(['network', 'create', '-d', 'overlay', `burst${n}`], dockerEnv);
      if (r.code === 0) acknowledged.push(r.stdout.trim());
      else failures.push(r.stderr.trim());
      // Stop the daemon a third of the way in, with requests in flight.
      if (killedAt < 0 && acknowledged.length >= TOTAL / 3) {
        killedAt = acknowledged.length;
        child.kill('SIGTERM');
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const code = await exited;

  expect(killedAt).toBeGreaterThan(0);
  expect({ code, err }).toEqual({ code: 0, err: '' });
  expect(out).toContain('dockersim daemon: SIGTERM: finishing the requests in flight, then stopping');
  expect(out).toContain('dockersim daemon: stopped, sockets removed');
  expect(fs.existsSync(sock)).toBe(false);
  // Some calls came after the stop: they failed and printed no ID.
  expect(acknowledged.length + failures.length).toBe(TOTAL);
  expect(failures.length).toBeGreaterThan(0);
  for (const id of acknowledged) expect(id).toMatch(/^[0-9a-z]{25}$/);

  // The state was left consistent and unlocked: the next command runs at once and lists them all.
  const started = Date.now();
  const ls = await sim.run(['network', 'ls', '--no-trunc', '--format', '{{.ID}}', '--filter', 'driver=overlay']);
  expect(Date.now() - started).toBeLessThan(5000);
  expect(ls.code).toBe(0);
  const present = new Set(ls.stdout.split('\n').filter(Boolean));
  const missing = acknowledged.filter((id) => !present.has(id));
  expect(missing).toEqual([]);
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(sim.home, { recursive: true, force: true });
});
