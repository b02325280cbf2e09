#!/usr/bin/env node
// `npm run demo`: replays the seed tutorial's lab (fixtures/labs/overlay-network.md) on a fresh
// simulated three-machine swarm and prints it as a terminal session.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const lab = path.join(__dirname, '..', 'fixtures', 'labs', 'overlay-network.md');
const r = spawnSync(process.execPath, [path.join(__dirname, 'dockersim'), 'lab', 'run', lab], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
