#!/usr/bin/env node
// `npm run demo`: walks through machines → swarm → overlay networks in a throwaway home and
// prints each command with its output, the way the seed tutorial shows them.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-demo-'));
const bin = path.join(__dirname, 'dockersim');
const env = { ...process.env, DOCKERSIM_HOME: home, DOCKERSIM_PROG: 'docker', DOCKERSIM_SEED: process.env.DOCKERSIM_SEED ?? '1' };
const prompts = { docker: '$', worker01: 'dc-ops@worker01:~$', worker02: 'dc-ops@worker02:~$' };

function sh(machine, args, { show = true } = {}) {
  const argv = machine === 'docker' ? args : ['-c', machine, ...args];
  const r = spawnSync(process.execPath, [bin, ...argv], { env, encoding: 'utf8' });
  if (show) {
    const shown = args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
    process.stdout.write(`${prompts[machine]} docker ${shown}\n${r.stdout}${r.stderr}`);
    if (!r.stdout.endsWith('\n\n')) process.stdout.write('\n');
  }
  return r.stdout;
}

try {
  sh('docker', ['network', 'ls']);
  sh('docker', ['swarm', 'init', '--advertise-addr', '192.168.1.221']);
  spawnSync(process.execPath, [bin, 'machine', 'create', 'worker01', '--ip', '192.168.1.222'], { env });
  spawnSync(process.execPath, [bin, 'machine', 'create', 'worker02', '--ip', '192.168.1.223'], { env });
  process.stdout.write('# dockersim machine create worker01 --ip 192.168.1.222 (and worker02 .223)\n\n');
  const token = sh('docker', ['swarm', 'join-token', '-q', 'worker'], { show: false }).trim();
  sh('worker01', ['swarm', 'join', '--token', token, '192.168.1.221:2377']);
  sh('worker02', ['swarm', 'join', '--token', token, '192.168.1.221:2377']);
  sh('docker', ['node', 'ls']);
  sh('docker', ['network', 'ls']);
  sh('docker', ['network', 'create', '-d', 'overlay', 'test']);
  sh('docker', ['network', 'create', '-d', 'overlay', '--attachable', 'test01']);
  sh('docker', ['network', 'ls']);
  sh('worker01', ['network', 'ls']);
  sh('docker', ['network', 'inspect', 'test01']);
  sh('worker02', ['network', 'inspect', 'docker_gwbridge']);
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}
