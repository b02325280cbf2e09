#!/usr/bin/env node
// `dockersim daemon` as the real docker CLI sees it: median wall time of `docker service ls`
// (real CLI → manager's unix socket → daemon) divided by the median of `docker --version` (the
// same binary doing no I/O), interleaved in the same run (BENCH_DAEMON_RUNS, default 31), on
// - the seed topology (`dockersim lab up overlay` + the seed tutorial's services), and
// - a 100-node cluster with 2,000 tasks (20 services of 100, 10 overlays; bench/scale-state.ts).
// These machines are noisy: compare the ratio, not the milliseconds. DOCKER_BIN picks docker.
//
// The floor: the same `docker service ls` against a server that only replays the daemon's
// recorded answers (no state, no routing), measured in the same run. It is what the docker client
// itself costs beyond `--version` (connect, two requests, decode, format), which no engine can go
// below; the daemon's own cost is the difference.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bin, median, line, buildScaleState } = require('./lib.cjs');

const RUNS = Number(process.env.BENCH_DAEMON_RUNS || 31);
const DOCKER = process.env.DOCKER_BIN || '/usr/local/bin/docker';
const TARGET = 1.3;

// The replaying server: answers each request line with the recorded status, headers and body.
const REPLAY = `
const http = require('node:http'), fs = require('node:fs');
const [file, socket] = process.argv.slice(1);
const answers = JSON.parse(fs.readFileSync(file, 'utf8'));
http.createServer((req, res) => {
  const a = answers[req.method + ' ' + req.url];
  if (!a) { res.writeHead(404); res.end(); return; }
  res.writeHead(a.status, a.headers);
  res.end(req.method === 'HEAD' ? undefined : a.body);
}).listen(socket, () => process.stdout.write('ready\\n'));
`;

/** What the daemon answers to `docker service ls`'s two requests, for the replaying server. */
function record(socket) {
  const ask = (method, p) =>
    new Promise((resolve, reject) => {
      const req = require('node:http').request({ socketPath: socket, method, path: p }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          const headers = { ...res.headers };
          for (const h of ['date', 'connection', 'keep-alive', 'transfer-encoding']) delete headers[h];
          resolve([`${method} ${p}`, { status: res.statusCode, headers, body }]);
        });
      });
      req.on('error', reject);
      req.end();
    });
  return Promise.all([ask('HEAD', '/_ping'), ask('GET', '/v1.50/services?status=true')]).then(Object.fromEntries);
}

async function startReplay(root, answers) {
  const file = path.join(root, 'answers.json');
  const socket = path.join(root, 'replay.sock');
  fs.writeFileSync(file, JSON.stringify(answers));
  const server = spawn(process.execPath, ['-e', REPLAY, file, socket], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => server.stdout.once('data', resolve));
  return { server, socket };
}

/** The seed tutorial's cluster, made with dockersim's own CLI. */
function seedState(env) {
  const run = (args) => {
    const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dockersim ${args.join(' ')} failed: ${r.stderr}`);
  };
  run(['lab', 'up', 'overlay']);
  run(['network', 'create', '-d', 'overlay', 'test']);
  run(['service', 'create', '-d', '--network', 'test', 'coolgourav147/sleeper_traceroute']);
  run(['service', 'create', '-d', '--network', 'test', 'coolgourav147/sleeper_traceroute']);
  run(['service', 'create', '-d', '--replicas', '2', '-p', '9000:80', 'nginx']);
}

function timeDocker(args, env) {
  const t = process.hrtime.bigint();
  const r = spawnSync(DOCKER, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, out: r.stdout };
}

/** Starts `dockersim daemon` on `env`'s home; resolves once the manager's socket is served. */
async function startDaemon(env, socket) {
  const daemon = spawn(process.execPath, [bin, 'daemon'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  daemon.stdout.on('data', (b) => (out += b));
  daemon.stderr.on('data', (b) => (out += b));
  const t0 = Date.now();
  while (!out.includes(`unix://${socket}`)) {
    if (daemon.exitCode !== null || Date.now() - t0 > 30000) throw new Error(`daemon did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return daemon;
}

/** One scenario: returns whether its ratio met the target. */
async function scenario(name, prepare) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-bench-daemon-'));
  const home = path.join(root, 'home');
  const env = { PATH: process.env.PATH, HOME: root, DOCKERSIM_HOME: home, DOCKER_CONFIG: path.join(root, 'docker-config'), DOCKERSIM_SEED: '1' };
  try {
    prepare(env, home);
    // The manager is the first machine: `docker` in the lab, and in the generated cluster.
    const socket = path.join(home, 'run', 'docker.sock');
    const daemon = await startDaemon(env, socket);
    const withHost = { ...env, DOCKER_HOST: `unix://${socket}` };
    const replay = await startReplay(root, await record(socket));
    const withReplay = { ...env, DOCKER_HOST: `unix://${replay.socket}` };
    try {
      const rows = timeDocker(['service', 'ls'], withHost).out.trim().split('\n').length - 1;
      if (timeDocker(['service', 'ls'], withReplay).out !== timeDocker(['service', 'ls'], withHost).out) throw new Error('the replayed answers print differently');
      const version = [];
      const serviceLs = [];
      const floor = [];
      for (let i = 0; i < RUNS; i++) {
        version.push(timeDocker(['--version'], env).ms);
        serviceLs.push(timeDocker(['service', 'ls'], withHost).ms);
        floor.push(timeDocker(['service', 'ls'], withReplay).ms);
      }
      const v = median(version);
      const s = median(serviceLs);
      const f = median(floor);
      line(`daemon: docker --version (${name})`, `${v.toFixed(1)} ms`, '-');
      line(`daemon: docker service ls, ${rows} rows (${name})`, `${s.toFixed(1)} ms`, '-');
      line(`daemon: floor ratio, replayed answers (${name})`, `${(f / v).toFixed(2)}×`, '-');
      line(`daemon: the daemon's own cost (${name})`, `${(s - f).toFixed(1)} ms`, '-');
      return line(`daemon: service ls ÷ --version (${name})`, `${(s / v).toFixed(2)}×`, `≤ ${TARGET}×`, s / v <= TARGET);
    } finally {
      replay.server.kill();
      daemon.kill('SIGTERM');
      await new Promise((r) => (daemon.exitCode !== null ? r() : daemon.on('exit', r)));
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main() {
  if (!fs.existsSync(DOCKER)) {
    line('daemon: the real docker CLI', `not at ${DOCKER}`, '-', undefined);
    return true;
  }
  let ok = await scenario('seed', (env) => seedState(env));
  ok = (await scenario('100 nodes, 2k tasks', (_env, home) => buildScaleState(home, { nodes: 100, services: 20, tasks: 2000, networks: 10 }))) && ok;
  return ok;
}

if (require.main === module) {
  main().then(
    (ok) => (process.exitCode = ok ? 0 : 1),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
module.exports = { main };
