#!/usr/bin/env node
// `npm run bench`: wall time of CLI commands as ratios to `node -e 0`, measured interleaved in
// the same run (these machines are noisy; compare ratios, not milliseconds).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const RUNS = Number(process.env.BENCH_RUNS || 21);
const bin = path.join(__dirname, '..', 'bin', 'dockersim');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-bench-'));
const env = { ...process.env, DOCKERSIM_HOME: home, DOCKERSIM_SEED: '1' };

function time(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A three-node swarm with two overlays, as in the seed lab.
spawnSync(process.execPath, [bin, 'swarm', 'init'], { env });
spawnSync(process.execPath, [bin, 'machine', 'create', 'worker01'], { env });
const token = spawnSync(process.execPath, [bin, 'swarm', 'join-token', '-q', 'worker'], { env, encoding: 'utf8' }).stdout.trim();
spawnSync(process.execPath, [bin, '-c', 'worker01', 'swarm', 'join', '--token', token, '192.168.1.221:2377'], { env });
spawnSync(process.execPath, [bin, 'network', 'create', '-d', 'overlay', 'test'], { env });

const cases = {
  'node -e 0': ['-e', '0'],
  'dockersim --version': [bin, '--version'],
  'dockersim network ls': [bin, 'network', 'ls'],
  'dockersim node ls': [bin, 'node', 'ls'],
};
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < RUNS; i++) for (const [k, args] of Object.entries(cases)) samples[k].push(time(args));

const base = median(samples['node -e 0']);
console.log(`runs: ${RUNS} each, interleaved`);
for (const k of Object.keys(cases)) {
  const m = median(samples[k]);
  console.log(`${k.padEnd(24)} median ${m.toFixed(1).padStart(7)} ms   ratio ${(m / base).toFixed(2)}`);
}
fs.rmSync(home, { recursive: true, force: true });
