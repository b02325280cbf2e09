#!/usr/bin/env node
// Routing decisions per second on a 100-node, 1,000-task swarm (one core, one state object):
// one decision = resolve a service name from a task container (embedded DNS), the IPVS pick for
// the answered VIP on the asker's node, and `path` (TCP) to the picked backend.
//
// The CLI bundle exports only `main`, so this builds a small bundle of src/routing + the engine
// calls that lay out the cluster (esbuild, into os.tmpdir()) and drives it in process.
//   node bench/routing.cjs            (BENCH_SECONDS=2 for a longer run)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const TARGET = 1_000_000;
const SECONDS = Number(process.env.BENCH_SECONDS || 1.5);
const NODES = 100;
const SERVICES = 50;
const REPLICAS = 20; // 50 × 20 = 1,000 tasks
const NETWORKS = 5;

const entry = `
import { Rng } from './src/state/rng';
import type { Session } from './src/state/store';
import { freshState, createMachine } from './src/engine/machines';
import { Daemon } from './src/engine/daemon';
import { swarmInit, swarmJoin } from './src/engine/swarm';
import { createNetwork } from './src/engine/networks';
import { createService } from './src/engine/services';
import { profile } from './src/engine/profiles';
export * from './src/routing';
export { pick, vipService } from './src/routing/ipvs';
export { readyNode } from './src/routing/addressing';

/** A swarm of \`nodes\` machines, \`networks\` overlays, \`services\` × \`replicas\` tasks. */
export function buildCluster(nodes: number, networks: number, services: number, replicas: number) {
  const env = { DOCKERSIM_SEED: '1' };
  const rng = Rng.fromSeed('bench');
  const now = new Date('2024-06-20T01:20:11Z');
  const state = freshState(rng, now, env);
  for (let i = 1; i < nodes; i++) createMachine(state, rng, now, 'node' + String(i).padStart(3, '0'));
  const session: Session = { state, rng, now, env, file: '' };
  const daemon = (m: any) => new Daemon(session, m);
  const manager = daemon(state.machines[0]);
  swarmInit(manager, { AdvertiseAddr: state.machines[0].ip });
  for (const m of state.machines.slice(1)) swarmJoin(daemon(m), { RemoteAddrs: [state.machines[0].ip + ':2377'], JoinToken: state.swarm!.tokens.worker });
  for (let n = 0; n < networks; n++) createNetwork(manager, { Name: 'net' + n, Driver: 'overlay', Attachable: true });
  const images = ['nginx', 'traefik/whoami'];
  for (let s = 0; s < services; s++) {
    const nets = [{ Target: 'net' + (s % networks) }];
    if (s % 3 === 0) nets.push({ Target: 'net' + ((s + 1) % networks) });
    const ports = s % 10 === 0 ? [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 9000 + s, PublishMode: 'ingress' }] : [];
    createService(manager, {
      Name: 'svc' + s,
      Labels: {},
      TaskTemplate: { ContainerSpec: { Image: images[s % 2] }, RestartPolicy: {}, Placement: {}, Networks: nets },
      Mode: { Replicated: { Replicas: replicas } },
      UpdateConfig: {},
      RollbackConfig: {},
      EndpointSpec: { Mode: 'vip', ...(ports.length ? { Ports: ports } : {}) },
    });
  }
  state.rng = rng.state();
  return state;
}

export { Rng, profile };
`;

function bundle() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-bench-routing-'));
  const outfile = path.join(dir, 'routing-bench.cjs');
  esbuild.buildSync({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    external: ['just-bash'],
    // the bundle lives in the temp folder: fixtures are found from the sources' folder
    define: { __dirname: JSON.stringify(path.join(ROOT, 'src')) },
    logLevel: 'warning',
  });
  const mod = require(outfile);
  fs.rmSync(dir, { recursive: true, force: true });
  return mod;
}

const R = bundle();
let t0 = process.hrtime.bigint();
const state = R.buildCluster(NODES, NETWORKS, SERVICES, REPLICAS);
const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
const running = state.swarm.tasks.filter((t) => t.state === 'running').length;
console.log(`cluster: ${state.machines.length} nodes, ${state.swarm.services.length} services, ${running} running tasks (built in ${buildMs.toFixed(0)} ms)`);

const rr = new Map();
const ctx = {
  state,
  rng: new R.Rng(state.rng),
  now: new Date('2024-06-20T01:20:11Z'),
  profile: R.profile(state.profile),
  advance(key, n) {
    const i = rr.get(key) ?? 0;
    rr.set(key, (i + 1) % n);
    return i;
  },
};

// The workload: every task container asks for every service it shares a network with.
const queries = [];
for (const m of state.machines) {
  for (const c of m.containers) {
    if (!c.task || c.state !== 'running') continue;
    const mine = new Set(c.nets.map((n) => n.net));
    const targets = state.swarm.services.filter((s) => s.vips.some((v) => mine.has(v.net) && !state.swarm.networks.find((n) => n.id === v.net).ingress));
    // by Container object (what `exec` passes), every fourth by name (what `trace --from` passes)
    for (const s of targets.slice(0, 3)) queries.push({ from: { machine: m.name, container: queries.length % 4 === 3 ? c.name : c }, service: s.spec.Name });
  }
}
// a fixed pseudo-random order so consecutive decisions hit different nodes and services
for (let i = queries.length - 1; i > 0; i--) {
  const j = (i * 7919 + 13) % (i + 1);
  [queries[i], queries[j]] = [queries[j], queries[i]];
}

const { resolveName, vipService, pick, vipKey, serviceBackends, readyNode, path: routePath } = R;
const netIds = new Map(state.swarm.networks.map((n) => [n.name, n.id]));
let reachable = 0;
function decide(q) {
  const answer = resolveName(ctx, q.from, q.service); // embedded DNS: the VIP on the shared network
  if (!answer.addrs) throw new Error(`${q.service}: NXDOMAIN from ${q.from.machine}`);
  const vip = answer.addrs[0];
  const net = netIds.get(answer.network);
  const svc = vipService(state, net, vip);
  const node = readyNode(state, q.from.machine);
  const b = pick(ctx, vipKey(node.id, vip), serviceBackends(state, svc, net)); // that node's IPVS table, rr
  const p = routePath(ctx, q.from, b.ip, 'tcp', 80); // reachability, hops, TTL, RTT, who answers
  if (p.reachable) reachable++;
  return p;
}

// warm up, then measure in batches until SECONDS have passed
for (let i = 0; i < Math.min(queries.length, 20000); i++) decide(queries[i]);
reachable = 0;
let n = 0;
let qi = 0;
t0 = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < SECONDS * 1e9) {
  for (let i = 0; i < 2000; i++) {
    decide(queries[qi]);
    if (++qi === queries.length) qi = 0;
  }
  n += 2000;
  elapsed = Number(process.hrtime.bigint() - t0);
}
const rate = n / (elapsed / 1e9);
if (reachable !== n) throw new Error(`only ${reachable} of ${n} decisions reached their backend`);
console.log(`decisions: ${n} over ${(elapsed / 1e9).toFixed(2)} s (${queries.length} distinct queries, ${rr.size} IPVS tables)`);
console.log(`routing decisions/s  ${Math.round(rate)}  ≥${TARGET}  ${rate >= TARGET ? 'ok' : 'MISS'}`);
process.exitCode = rate >= TARGET ? 0 : 1;
