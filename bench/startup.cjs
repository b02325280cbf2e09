#!/usr/bin/env node
// Start-up cost: median wall time of `dockersim network ls` on the seed topology (the overlay
// lab: three machines in a swarm) over the median of `node -e 0`, runs interleaved in the same
// process so that the machine's noise hits both alike (BENCH_RUNS, default 25). Output is piped,
// as a script capturing it would. Also `--version` (no state) and `node ls`, for reference.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bin, median, timed, line } = require('./lib.cjs');

const RUNS = Math.max(20, Number(process.env.BENCH_RUNS || 25));

function main() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-bench-startup-'));
  const env = { ...process.env, DOCKERSIM_HOME: home, DOCKERSIM_SEED: '1' };
  delete env.NODE_OPTIONS;
  try {
    timed([bin, 'lab', 'up', 'overlay'], env);
    const cases = {
      'node -e 0': ['-e', '0'],
      'dockersim network ls': [bin, 'network', 'ls'],
      'dockersim --version': [bin, '--version'],
      'dockersim node ls': [bin, 'node', 'ls'],
    };
    const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (let i = 0; i < RUNS; i++) for (const [k, args] of Object.entries(cases)) samples[k].push(timed(args, env).ms);
    const base = median(samples['node -e 0']);
    let ok = true;
    line(`startup: node -e 0 (median of ${RUNS})`, `${base.toFixed(1)} ms`, '-');
    for (const k of Object.keys(cases).slice(1)) {
      const m = median(samples[k]);
      const ratio = m / base;
      const target = k === 'dockersim network ls' ? 1.3 : undefined;
      line(`startup: ${k}`, `${m.toFixed(1)} ms`, '-');
      ok = line(`startup: ${k} ÷ node -e 0`, `${ratio.toFixed(2)}×`, target ? `≤ ${target}×` : '-', target ? ratio <= target : undefined) && ok;
    }
    return ok;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main() ? 0 : 1;
module.exports = { main };
