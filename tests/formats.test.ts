// Issue "--format, --filter, -q and completion": docker's templates over the seed topology,
// filters with docker's keys and errors, and shell completion driven by a real bash.
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Sim, BIN } from './helpers';

async function seed() {
  const sim = new Sim({ DOCKERSIM_ENGINE: '26.1' });
  await sim.threeNodeSwarm();
  await sim.ok('network create -d overlay test');
  await sim.ok('network create -d overlay --attachable test01');
  await sim.ok('service create -d --name viz -p 8080:8080 --constraint node.role==manager dockersamples/visualizer');
  await sim.ok('service create -d --name funny_easley --network test coolgourav147/sleeper_traceroute');
  return sim;
}

describe('--format on the seed topology (§7)', () => {
  it('network inspect templates', async () => {
    const sim = await seed();
    expect(await sim.ok(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}', 'test01'])).toBe('10.0.2.0/24 10.0.2.1\n');
    expect(await sim.ok(['network', 'inspect', '-f', '{{json .Options}}', 'test01'])).toBe('{"com.docker.network.driver.overlay.vxlanid_list":"4098"}\n');
  });

  it('service ls custom formats, with docker\'s header and tabwriter for table', async () => {
    const sim = await seed();
    expect(await sim.ok(['service', 'ls', '--format', '{{.Name}}: {{.Replicas}}'])).toBe('funny_easley: 1/1\nviz: 1/1\n');
    expect(await sim.ok(['service', 'ls', '--format', 'table {{.Name}}\\t{{.Ports}}'])).toBe(
      'NAME           PORTS\nfunny_easley   \nviz            *:8080->8080/tcp\n',
    );
  });

  it('container inspect over the networks map', async () => {
    const sim = await seed();
    const id = (await sim.ok(['-c', 'worker02', 'run', '-d', '--network=test01', 'coolgourav147/sleeper_traceroute'])).trim();
    const out = await sim.ok(['-c', 'worker02', 'container', 'inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}', id]);
    expect(out).toBe('test01=10.0.2.2 \n');
  });

  it('node ls --format json prints one object per line with sorted keys (§7.2)', async () => {
    const sim = await seed();
    const lines = (await sim.ok('node ls --format json')).trim().split('\n');
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0]);
    expect(Object.keys(first)).toEqual(['Availability', 'EngineVersion', 'Hostname', 'ID', 'ManagerStatus', 'Self', 'Status', 'TLSStatus']);
    expect(lines[0]).toBe(
      `{"Availability":"Active","EngineVersion":"26.1.4","Hostname":"docker","ID":"${first.ID}","ManagerStatus":"Leader","Self":true,"Status":"Ready","TLSStatus":"Ready"}`,
    );
  });

  it('network ls --format json keys are sorted like §7.2\'s example', async () => {
    const sim = await seed();
    const line = (await sim.ok('network ls --format json --filter name=^bridge$')).trim();
    expect(Object.keys(JSON.parse(line))).toEqual(['CreatedAt', 'Driver', 'ID', 'IPv4', 'IPv6', 'Internal', 'Labels', 'Name', 'Scope']);
  });

  it('a missing field fails like docker (exit 1, nothing on stdout)', async () => {
    const sim = await seed();
    const r = await sim.run(['network', 'ls', '--format', '{{.Foo}}']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('failed to execute template: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *network.networkContext\n');
    const p = await sim.run(['network', 'ls', '--format', '{{.ID']);
    expect([p.code, p.stderr]).toEqual([1, 'failed to parse template: template: :1: unclosed action\n']);
  });
});

describe('--filter with docker\'s keys', () => {
  it('network ls, ps, service ps, node ls', async () => {
    const sim = await seed();
    expect(await sim.ok(['network', 'ls', '-f', 'driver=overlay', '-f', 'name=test', '--format', '{{.Name}}'])).toBe('test\ntest01\n');
    await sim.run(['-c', 'worker02', 'run', '-d', '--network=test', 'coolgourav147/sleeper_traceroute']);
    const created = await sim.ok(['-c', 'worker02', 'ps', '-a', '-f', 'status=created', '--format', '{{.Status}}']);
    expect(created).toBe('Created\n');
    expect(await sim.ok(['service', 'ps', '-f', 'desired-state=running', '--format', '{{.Name}}', 'funny_easley'])).toBe('funny_easley.1\n');
    expect(await sim.ok(['node', 'ls', '-f', 'role=worker', '--format', '{{.Hostname}}'])).toBe('worker01\nworker02\n');
  });

  it('a bad key is the daemon\'s invalid filter error, exit 1', async () => {
    const sim = await seed();
    for (const argv of [['network', 'ls', '-f', 'foo=bar'], ['node', 'ls', '-f', 'foo=bar'], ['service', 'ls', '-f', 'foo=bar'], ['ps', '-f', 'foo=bar']]) {
      const r = await sim.run(argv);
      expect([r.code, r.stderr]).toEqual([1, "Error response from daemon: invalid filter 'foo'\n"]);
    }
  });
});

describe('shell completion', () => {
  it('bash completes commands and live network names', async () => {
    const sim = await seed();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-bin-'));
    fs.symlinkSync(BIN, path.join(dir, 'dockersim'));
    const script = [
      'source <(dockersim completion bash)',
      'COMP_WORDS=(dockersim net); COMP_CWORD=1; _dockersim_complete; echo "${COMPREPLY[*]}"',
      'COMP_WORDS=(dockersim network inspect t); COMP_CWORD=3; _dockersim_complete; echo "${COMPREPLY[*]}"',
      'COMP_WORDS=(dockersim -c ""); COMP_CWORD=2; _dockersim_complete; echo "${COMPREPLY[*]}"',
    ].join('\n');
    const r = spawnSync('bash', ['-c', script], { env: { ...sim.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
    expect(r.stdout).toBe('network\ntest test01\ndocker worker01 worker02\n');
  }, 30_000);
});
