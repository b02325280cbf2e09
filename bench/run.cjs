#!/usr/bin/env node
// `npm run bench`: every figure of the benches, one line each — `name  value  target  ok|MISS`.
// Start-up (bench/startup.cjs: ratios to `node -e 0` measured in the same run, since these
// machines are noisy), scale (bench/scale.cjs: a Swarm3k-size state and a tenth of it) and the
// daemon path (bench/daemon.cjs: the real docker CLI against `dockersim daemon`, as a ratio to
// `docker --version`). BENCH_ONLY=startup|scale|daemon runs one of them. Exit status 1 when a
// figure misses its target.
'use strict';
const only = process.env.BENCH_ONLY;
const want = (name) => !only || only === name;

async function main() {
  let ok = true;
  console.log(`${'figure'.padEnd(50)} ${'value'.padStart(12)}   ${'target'.padEnd(10)} verdict`);
  if (want('startup')) ok = require('./startup.cjs').main() && ok;
  if (want('scale')) ok = require('./scale.cjs').main() && ok;
  if (want('daemon')) ok = (await require('./daemon.cjs').main()) && ok;
  return ok;
}

main().then(
  (ok) => (process.exitCode = ok ? 0 : 1),
  (e) => {
    console.error(e.message);
    process.exitCode = 1;
  },
);
