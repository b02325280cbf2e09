#!/usr/bin/env node
// Scale: a Swarm3k-size state (3,000 nodes, 1,000 services, 150,000 tasks, 500 overlays) and one
// a tenth of it, built directly with the engine (bench/scale-state.ts), then the same commands on
// both, each the median of BENCH_SCALE_RUNS (default 5) fresh processes; mutating commands run
// on a fresh copy of the state each time. Reports medians, peak RSS, the state file's size and
// each command's full-size ÷ tenth-size ratio. BENCH_SCALE_KEEP=dir keeps (and reuses) the states.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bin, median, timed, line, buildScaleState } = require('./lib.cjs');

const RUNS = Number(process.env.BENCH_SCALE_RUNS || 5);
const FULL = { nodes: 3000, services: 1000, tasks: 150000, networks: 500 };
const TENTH = { nodes: 300, services: 100, tasks: 15000, networks: 50 };

// Both sizes have 150-task services, so the same commands mean the same work per service.
const COMMANDS = [
  { name: 'node ls', args: ['node', 'ls'], target: 1000 },
  { name: 'service ls', args: ['service', 'ls'], target: 1000 },
  { name: 'service ps <svc>', args: ['service', 'ps', 'svc0042'], target: 1000 },
  { name: 'network ls', args: ['network', 'ls'] },
  { name: 'network inspect', args: ['network', 'inspect', 'net007'] },
  { name: 'service create --replicas 1000', args: ['service', 'create', '-d', '--name', 'bench', '--replicas', '1000', '--network', 'net001', 'nginx'], target: 2000, writes: true },
  { name: 'service scale', args: ['service', 'scale', '-d', 'svc0007=300'], writes: true },
];

function measure(dir) {
  const file = path.join(dir, 'state.json');
  const pristine = fs.readFileSync(file);
  const env = { ...process.env, DOCKERSIM_HOME: dir };
  delete env.NODE_OPTIONS;
  const out = {};
  for (const c of COMMANDS) {
    const ms = [];
    let rss = 0;
    for (let i = 0; i < RUNS; i++) {
      if (c.writes) fs.writeFileSync(file, pristine);
      const r = timed([bin, ...c.args], env, { withRss: true });
      ms.push(r.ms);
      rss = Math.max(rss, r.rssKiB);
    }
    if (c.writes) fs.writeFileSync(file, pristine);
    out[c.name] = { ms: median(ms), rssMiB: rss / 1024 };
  }
  return { out, bytes: pristine.length };
}

function main() {
  const keep = process.env.BENCH_SCALE_KEEP;
  const base = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-bench-scale-'));
  try {
    const fullDir = path.join(base, 'full');
    const tenthDir = path.join(base, 'tenth');
    buildScaleState(tenthDir, TENTH);
    buildScaleState(fullDir, FULL);
    const tenth = measure(tenthDir);
    const full = measure(fullDir);
    let ok = true;
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    for (const c of COMMANDS) {
      const f = full.out[c.name];
      const t = tenth.out[c.name];
      ok = line(`scale: ${c.name} (150k tasks)`, s(f.ms), c.target ? `≤ ${c.target / 1000} s` : '-', c.target ? f.ms <= c.target : undefined) && ok;
      line(`scale: ${c.name} (15k tasks)`, s(t.ms), '-');
      ok = line(`scale: ${c.name} full ÷ tenth`, `${(f.ms / t.ms).toFixed(1)}×`, '≤ 12×', f.ms / t.ms <= 12) && ok;
    }
    const peak = Math.max(...Object.values(full.out).map((x) => x.rssMiB));
    ok = line('scale: peak RSS (150k tasks, any command)', `${peak.toFixed(0)} MiB`, '≤ 600 MiB', peak <= 600) && ok;
    ok = line('scale: state file (150k tasks)', `${(full.bytes / 1e6).toFixed(1)} MB`, '≤ 60 MB', full.bytes <= 60e6) && ok;
    line('scale: state file (15k tasks)', `${(tenth.bytes / 1e6).toFixed(1)} MB`, '-');
    return ok;
  } finally {
    if (!keep) fs.rmSync(base, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main() ? 0 : 1;
module.exports = { main };
