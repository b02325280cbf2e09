#!/usr/bin/env node
// `dockersim daemon` overhead as the real docker CLI sees it: median wall time of
// `docker service ls` (real CLI → unix socket → daemon → one state transaction) divided by the
// median of `docker --version` (the same binary doing no I/O), measured interleaved in the same
// run on the seed topology (`dockersim lab up overlay`). These machines are noisy: compare the
// ratio, not the milliseconds.
//   node bench/daemon.cjs            (BENCH_RUNS=41 for more samples; DOCKER_BIN to pick docker)
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const RUNS = Number(process.env.BENCH_RUNS || 31);
const DOCKER = process.env.DOCKER_BIN || '/usr/local/bin/docker';
const bin = path.join(__dirname, '..', 'bin', 'dockersim');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-bench-daemon-'));
const env = { PATH: process.env.PATH, HOME: root, DOCKERSIM_HOME: path.join(root, 'home'), DOCKER_CONFIG: path.join(root, 'docker-config'), DOCKERSIM_SEED: '1' };

if (!fs.existsSync(DOCKER)) {
  console.error(`bench/daemon.cjs: the real docker CLI is not at ${DOCKER} (set DOCKER_BIN)`);
  process.exit(1);
}

const up = spawnSync(process.execPath, [bin, 'lab', 'up', 'overlay'], { env, encoding: 'utf8' });
if (up.status !== 0) throw new Error(`lab up overlay failed: ${up.stderr}`);
// The seed tutorial's services on it, so that `service ls` has rows to list.
for (const args of [
  ['network', 'create', '-d', 'overlay', 'test'],
  ['service', 'create', '-d', '--network', 'test', 'coolgourav147/sleeper_traceroute'],
  ['service', 'create', '-d', '--network', 'test', 'coolgourav147/sleeper_traceroute'],
  ['service', 'create', '-d', '--replicas', '2', '-p', '9000:80', 'nginx'],
]) {
  const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dockersim ${args.join(' ')} failed: ${r.stderr}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(args, extraEnv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(DOCKER, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, out: r.stdout };
}

async function main() {
  const daemon = spawn(process.execPath, [bin, 'daemon'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  daemon.stdout.on('data', (b) => (out += b));
  daemon.stderr.on('data', (b) => (out += b));
  // The lab's manager is its first machine, `docker`.
  const socket = path.join(env.DOCKERSIM_HOME, 'run', 'docker.sock');
  const t0 = Date.now();
  while (!out.includes(`unix://${socket}`)) {
    if (Date.now() - t0 > 15000) throw new Error(`daemon did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const dockerHost = { DOCKER_HOST: `unix://${socket}` };
  const first = time(['service', 'ls'], dockerHost);
  const services = first.out.trim().split('\n').length - 1;

  const samples = { version: [], serviceLs: [] };
  for (let i = 0; i < RUNS; i++) {
    samples.version.push(time(['--version'], dockerHost).ms);
    samples.serviceLs.push(time(['service', 'ls'], dockerHost).ms);
  }
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.on('exit', r));
  fs.rmSync(root, { recursive: true, force: true });

  const v = median(samples.version);
  const s = median(samples.serviceLs);
  console.log(`seed topology (lab up overlay) + the seed tutorial's ${services} services; manager socket; ${RUNS} runs each, interleaved`);
  console.log(`docker --version   median ${v.toFixed(1).padStart(7)} ms`);
  console.log(`docker service ls  median ${s.toFixed(1).padStart(7)} ms`);
  console.log(`ratio (service ls / --version): ${(s / v).toFixed(2)}`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
