#!/usr/bin/env node
// `npm run bench`: every figure of the benches, one line each — `name  value  target  ok|MISS`.
// Start-up (bench/startup.cjs: ratios to `node -e 0` measured in the same run, since these
// machines are noisy) and scale (bench/scale.cjs: a Swarm3k-size state and a tenth of it).
// BENCH_ONLY=startup|scale runs one of them. Exit status 1 when a figure misses its target.
'use strict';
const only = process.env.BENCH_ONLY;
let ok = true;
console.log(`${'figure'.padEnd(50)} ${'value'.padStart(12)}   ${'target'.padEnd(10)} verdict`);
if (!only || only === 'startup') ok = require('./startup.cjs').main() && ok;
if (!only || only === 'scale') ok = require('./scale.cjs').main() && ok;
process.exitCode = ok ? 0 : 1;
