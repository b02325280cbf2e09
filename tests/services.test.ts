// Issue "Swarm services": each "What must be shown" point, expectations from
// docker-cli-output.md §1.5, §1.6, §3.1, §3.2, §4 and swarm-networking.md §1.4, §7, §8.
import { describe, it, expect } from '@jest/globals';
import { Sim, screen } from './helpers';
import { BufferIo } from '../src/cli/io';
import { run } from '../src/main';

const SEED_DIGEST = 'sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219';

async function seedLab(env: NodeJS.ProcessEnv = {}) {
  const sim = new Sim(env);
  await sim.threeNodeSwarm();
  await sim.ok('network create -d overlay test');
  return sim;
}

async function seedServices(sim: Sim) {
  expect((await sim.ok('service create -d --name viz -p 8080:8080 --constraint node.role==manager dockersamples/visualizer')).trim()).toMatch(/^[0-9a-z]{25}$/);
  const id = (await sim.ok('service create -d --network test coolgourav147/sleeper_traceroute')).trim();
  expect(id).toMatch(/^[0-9a-z]{25}$/);
  return id;
}

describe('1. service create and service ls (§1.5)', () => {
  it('matches the seed-lab table apart from the generated ID and name', async () => {
    const sim = await seedLab();
    const id = await seedServices(sim);
    const name = JSON.parse(await sim.ok(['service', 'inspect', id]))[0].Spec.Name;
    const pad = (s: string, w: number) => s.padEnd(w);
    const nameW = Math.max(10, name.length + 3, 'viz'.length + 3);
    const expected =
      `ID             ${pad('NAME', nameW)}MODE         REPLICAS   IMAGE                                     PORTS\n` +
      `${id.slice(0, 12)}   ${pad(name, nameW)}replicated   1/1        coolgourav147/sleeper_traceroute:latest   \n` +
      `${'*'.repeat(0)}`;
    const out = await sim.ok('service ls');
    const lines = out.split('\n');
    expect(lines[0] + '\n').toBe(expected.split('\n')[0] + '\n');
    const mine = lines.find((l) => l.startsWith(id.slice(0, 12)))!;
    expect(mine).toBe(`${id.slice(0, 12)}   ${pad(name, nameW)}replicated   1/1        coolgourav147/sleeper_traceroute:latest   `);
    const viz = lines.find((l) => l.includes(' viz '))!;
    expect(viz).toMatch(new RegExp(`^[0-9a-z]{12}   ${pad('viz', nameW)}replicated   1/1        dockersamples/visualizer:latest           \\*:8080->8080/tcp$`));
    expect(name).toMatch(/^[a-z]+_[a-z]+$/);
  });
});

describe('2. service ps (§1.6)', () => {
  it('shows one running task on a worker with the exact trailing spaces; 70 s later "about a minute ago"', async () => {
    const sim = await seedLab();
    const id = await seedServices(sim);
    const name = JSON.parse(await sim.ok(['service', 'inspect', id]))[0].Spec.Name;
    const later = await sim.ok(['service', 'ps', id], { env: { DOCKERSIM_NOW: '2024-06-20T01:21:21Z' } });
    const [head, row, end] = later.split('\n');
    const nameW = Math.max(10, `${name}.1`.length + 3);
    expect(head).toBe(`ID             ${'NAME'.padEnd(nameW)}IMAGE                                     NODE       DESIRED STATE   CURRENT STATE                ERROR     PORTS`);
    expect(row).toMatch(new RegExp(`^[0-9a-z]{12}   ${`${name}.1`.padEnd(nameW).replace('.', '\\.')}coolgourav147/sleeper_traceroute:latest   worker0[12]   Running         Running about a minute ago {13}$`));
    expect(end).toBe('');
  });
});

describe('3. service inspect', () => {
  it('--pretty equals the §3.2 seed example apart from ID and name', async () => {
    const sim = await seedLab();
    const id = await seedServices(sim);
    const name = JSON.parse(await sim.ok(['service', 'inspect', id]))[0].Spec.Name;
    const expected =
      `\nID:\t\t${id}\nName:\t\t${name}\nService Mode:\tReplicated\n Replicas:\t1\nPlacement:\nUpdateConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Update order:      stop-first\nRollbackConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Rollback order:    stop-first\nContainerSpec:\n Image:\t\tcoolgourav147/sleeper_traceroute:latest@${SEED_DIGEST}\n Init:\t\tfalse\nResources:\nNetworks: test \nEndpoint Mode:\tvip\n\n`;
    expect(await sim.ok(['service', 'inspect', id, '--pretty'])).toBe(expected);
  });

  it('JSON pins the seed digest and has the VIP on test (10.0.1.2/24, §1.4)', async () => {
    const sim = await seedLab();
    const id = await seedServices(sim);
    const [svc] = JSON.parse(await sim.ok(['service', 'inspect', id]));
    expect(svc.Spec.TaskTemplate.ContainerSpec.Image).toBe(`coolgourav147/sleeper_traceroute:latest@${SEED_DIGEST}`);
    const [test] = JSON.parse(await sim.ok('network inspect test'));
    expect(svc.Endpoint).toEqual({ Spec: { Mode: 'vip' }, VirtualIPs: [{ NetworkID: test.Id, Addr: '10.0.1.2/24' }] });
    expect(svc.Spec.TaskTemplate.Networks).toEqual([{ Target: test.Id }]);
    expect(Object.keys(svc)).toEqual(['ID', 'Version', 'CreatedAt', 'UpdatedAt', 'Spec', 'Endpoint']);
    expect(svc.Spec.UpdateConfig).toEqual({ Parallelism: 1, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' });
  });
});

describe('4. service scale', () => {
  it('on a wide terminal ends with the seed\'s screen (§4.3)', async () => {
    const sim = await seedLab();
    const id = await seedServices(sim);
    const io = new BufferIo();
    io.isTTY = true;
    io.columns = 120;
    expect(await run(['service', 'scale', `${id}=3`], sim.env, io, 'docker')).toBe(0);
    const bar = '[==================================================>]';
    expect(screen(io.stdout)).toBe(
      `${id} scaled to 3\noverall progress: 3 out of 3 tasks \n1/3: running   ${bar} \n2/3: running   ${bar} \n3/3: running   ${bar} \nverify: Service ${id} converged \n`,
    );
  });

  it('piped prints the line-per-message form, one line per state change (§4.4)', async () => {
    const sim = await seedLab();
    const id = await seedServices(sim);
    const out = await sim.ok(['service', 'scale', `${id}=3`]);
    const waits = [5, 4, 3, 2, 1].map((n) => `verify: Waiting ${n} seconds to verify that tasks are stable...\n`).join('');
    expect(out).toBe(`${id} scaled to 3\noverall progress: 0 out of 3 tasks\n1/3:  \n2/3:  \n3/3:  \noverall progress: 3 out of 3 tasks\n${waits}verify: Service ${id} converged\n`);
  });

  it('then runs three tasks on three nodes, the first keeping its node (§8.1, §8.2)', async () => {
    const sim = await seedLab();
    const id = await seedServices(sim);
    const nodeOf = async (slot: number) =>
      (await sim.ok(['service', 'ps', id, '--filter', `name=.${slot}$`, '--format', '{{.Node}}'])).trim();
    const first = await nodeOf(1);
    await sim.ok(['service', 'scale', '-d', `${id}=3`]);
    expect(await nodeOf(1)).toBe(first);
    const nodes = (await sim.ok(['service', 'ps', id, '--format', '{{.Node}}'])).trim().split('\n');
    expect(new Set(nodes)).toEqual(new Set(['docker', 'worker01', 'worker02']));
    // Addresses on test: VIP .2, task .3, LB of its node .4, two new tasks .5/.6, their LBs .7/.8.
    const addrs = (await sim.ok(['service', 'ps', id, '--format', '{{.ID}}'])).trim();
    expect(addrs.split('\n')).toHaveLength(3);
  });
});

describe('5. task containers and network visibility', () => {
  it('the overlay shows on the worker running the task, and goes with service rm', async () => {
    const sim = await seedLab();
    const id = await seedServices(sim);
    const node = (await sim.ok(['service', 'ps', id, '--format', '{{.Node}}'])).trim();
    const other = node === 'worker01' ? 'worker02' : 'worker01';
    expect(await sim.ok(['-c', node, 'network', 'ls', '--format', '{{.Name}}'])).toContain('test\n');
    expect(await sim.ok(['-c', other, 'network', 'ls', '--format', '{{.Name}}'])).not.toContain('test\n');
    const task = (await sim.ok(['service', 'ps', id, '--no-trunc', '--format', '{{.Name}}.{{.ID}}'])).trim();
    const row = (await sim.ok(['-c', node, 'container', 'ls'])).split('\n')[1];
    expect(row).toMatch(new RegExp(`^[0-9a-f]{12}   coolgourav147/sleeper_traceroute:latest   "sleep 3600"   Less than a second ago   Up Less than a second             ${task.replace(/\./g, '\\.')}$`));
    await sim.ok(['service', 'rm', id]);
    expect(await sim.ok(['-c', node, 'container', 'ls', '-a', '-q'])).toBe('');
    expect(await sim.ok(['-c', node, 'network', 'ls', '--format', '{{.Name}}'])).not.toContain('test\n');
  });
});

describe('6. ingress publishing', () => {
  it('--replicas 2 -p 9000:80 nginx lands on both workers, PORTS *:9000->80/tcp, VIP and tasks on ingress', async () => {
    const sim = await seedLab();
    await seedServices(sim);
    const sleeper = (await sim.ok('service ls -q --filter name=_')).trim();
    await sim.ok(['service', 'rm', sleeper]);
    const id = (await sim.ok('service create -d --replicas 2 -p 9000:80 nginx')).trim();
    const nodes = (await sim.ok(['service', 'ps', id, '--format', '{{.Node}}'])).trim().split('\n').sort();
    expect(nodes).toEqual(['worker01', 'worker02']);
    const row = (await sim.ok('service ls')).split('\n').find((l) => l.startsWith(id.slice(0, 12)))!;
    expect(row).toMatch(/replicated   2\/2        nginx:latest   {8,}\*:9000->80\/tcp$/);
    const [svc] = JSON.parse(await sim.ok(['service', 'inspect', id]));
    const [ingress] = JSON.parse(await sim.ok('network inspect ingress'));
    // Ingress: gw .1, node LBs .2 .3 .4, viz VIP .5 and task .6, nginx VIP .7 (§1.4 worked example).
    expect(svc.Endpoint.VirtualIPs).toEqual([{ NetworkID: ingress.Id, Addr: '10.0.0.7/24' }]);
    expect(svc.Endpoint.Ports).toEqual([{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 9000, PublishMode: 'ingress' }]);
  });
});

describe('published ports as docker/cli reads them (opts.PortOpt, service/update.go updatePorts)', () => {
  it('a host-port range for one target publishes each port; --publish-rm removes by target port; the result is sorted', async () => {
    const sim = await seedLab();
    const id = (await sim.ok('service create -d --replicas 1 -p 8000-8001:80 -p published=7000,target=53,protocol=udp nginx')).trim();
    const ports = async () => JSON.parse(await sim.ok(['service', 'inspect', id]))[0].Spec.EndpointSpec.Ports;
    expect(await ports()).toEqual([
      { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8000, PublishMode: 'ingress' },
      { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8001, PublishMode: 'ingress' },
      { Protocol: 'udp', TargetPort: 53, PublishedPort: 7000, PublishMode: 'ingress' },
    ]);
    // --publish-rm 8000 names a target port no entry has: nothing goes; 80 removes both.
    await sim.ok(['service', 'update', '-d', '--publish-rm', '8000', id]);
    expect((await ports()).length).toBe(3);
    await sim.ok(['service', 'update', '-d', '--publish-rm', '80', '--publish-add', '9090:8080', id]);
    // sorted by "published:target/protocol/mode" as strings: "7000:53/udp/ingress" < "9090:8080/tcp/ingress"
    expect(await ports()).toEqual([
      { Protocol: 'udp', TargetPort: 53, PublishedPort: 7000, PublishMode: 'ingress' },
      { Protocol: 'tcp', TargetPort: 8080, PublishedPort: 9090, PublishMode: 'ingress' },
    ]);
  });
});

describe('7. drain and global services', () => {
  it('drain moves tasks off worker01 leaving a Shutdown history row', async () => {
    const sim = await seedLab();
    const id = (await sim.ok('service create -d --replicas 3 --name web nginx')).trim();
    expect((await sim.ok(['service', 'ps', id, '--format', '{{.Node}}'])).trim().split('\n').sort()).toEqual(['docker', 'worker01', 'worker02']);
    expect(await sim.ok('node update --availability drain worker01')).toBe('worker01\n');
    const rows = (await sim.ok(['service', 'ps', id, '--format', '{{.Name}} {{.Node}} {{.DesiredState}} {{.CurrentState}}'])).trim().split('\n');
    expect(rows.filter((r) => r.includes(' worker01 '))).toEqual([expect.stringMatching(/^web\.\d worker01 Shutdown Shutdown less than a second ago$/)]);
    expect(rows.filter((r) => r.includes('Running Running'))).toHaveLength(3);
    const table = await sim.ok(['service', 'ps', id]);
    expect(table).toMatch(/\n[0-9a-z]{12} {4}\\_ web\.\d {3}nginx:latest {3}worker01 {3}Shutdown {8}Shutdown less than a second ago/);
  });

  it('a global service runs one task per active node, named by node ID', async () => {
    const sim = await seedLab();
    const id = (await sim.ok('service create -d --mode global alpine sleep 1d')).trim();
    const rows = (await sim.ok(['service', 'ps', id, '--format', '{{.Name}} {{.Node}}'])).trim().split('\n');
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toMatch(/^[a-z]+_[a-z]+\.[0-9a-z]{25} (docker|worker01|worker02)$/);
    const row = (await sim.ok('service ls')).split('\n')[1];
    expect(row).toMatch(/ global {4}3\/3 {8}alpine:latest {3}$/);
  });
});

describe('rolling update and rollback', () => {
  it('replaces every task in its slot on its node, with history rows, and rollback restores the image', async () => {
    const sim = await seedLab();
    await sim.ok('service create -d --name web --replicas 3 nginx');
    const before = await sim.ok(['service', 'ps', 'web', '--format', '{{.Name}} {{.Node}}']);
    expect(await sim.ok('service update -d --image nginx:alpine web')).toBe('web\n');
    const rows = (await sim.ok(['service', 'ps', 'web', '--format', '{{.Name}} {{.Image}} {{.Node}} {{.DesiredState}}'])).trim().split('\n');
    expect(rows).toHaveLength(6);
    for (const line of before.trim().split('\n')) {
      const [name, node] = line.split(' ');
      expect(rows).toContain(`${name} nginx:alpine ${node} Running`);
      expect(rows).toContain(`${name} nginx:latest ${node} Shutdown`);
    }
    const [svc] = JSON.parse(await sim.ok('service inspect web'));
    expect(svc.UpdateStatus).toMatchObject({ State: 'completed', Message: 'update completed' });
    expect(svc.PreviousSpec.TaskTemplate.ContainerSpec.Image).toMatch(/^nginx:latest@sha256:/);
    expect(await sim.ok('service rollback -d web')).toBe('web\n');
    const [back] = JSON.parse(await sim.ok('service inspect web'));
    expect(back.Spec.TaskTemplate.ContainerSpec.Image).toMatch(/^nginx:latest@sha256:/);
    expect(back.UpdateStatus).toMatchObject({ State: 'rollback_completed', Message: 'rollback completed' });
  });
});

describe('8. errors', () => {
  it('scale specifier, bad number, global scale, network in use, missing service', async () => {
    const sim = await seedLab();
    const id = await seedServices(sim);
    const g = (await sim.ok('service create -d --mode global --name mon alpine sleep 1d')).trim();
    expect(g).toMatch(/^[0-9a-z]{25}$/);
    let r = await sim.run('service scale foo=x');
    expect([r.code, r.stderr]).toEqual([1, 'foo: invalid replicas value x: strconv.ParseUint: parsing "x": invalid syntax\n']);
    r = await sim.run('service scale mon=2');
    expect([r.code, r.stderr]).toEqual([1, 'mon: scale can only be used with replicated or replicated-job mode\n']);
    r = await sim.run('service scale nope=2');
    expect([r.code, r.stderr]).toEqual([1, 'nope: Error response from daemon: service nope not found\n']);
    const [test] = JSON.parse(await sim.ok('network inspect test'));
    r = await sim.run('network rm test');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error response from daemon: rpc error: code = FailedPrecondition desc = network ${test.Id} is in use by service ${id}\nexit status 1\n`);
    r = await sim.run('service inspect nope');
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '[]\n', 'Error: no such service: nope\n']);
    r = await sim.run('service ps nope');
    expect([r.code, r.stderr]).toEqual([1, 'no such service: nope\n']);
    r = await sim.run('service create --name viz nginx');
    expect(r.stderr).toBe('Error response from daemon: rpc error: code = AlreadyExists desc = name conflicts with an existing object: service viz already exists\n');
    r = await sim.run('service create --network bridge nginx');
    expect(r.stderr).toBe('Error response from daemon: The network bridge cannot be used with services. Only networks scoped to the swarm can be used, such as those created with the overlay driver.\n');
    r = await sim.run('service create --mode bogus nginx');
    expect([r.code, r.stderr]).toEqual([1, 'Unknown mode: bogus, only replicated and global supported\n']);
  });

  it('an impossible constraint leaves the task pending with "no suitable node"', async () => {
    const sim = await seedLab();
    const id = (await sim.ok('service create -d --constraint node.role==nobody --name big nginx')).trim();
    const row = (await sim.ok(['service', 'ps', id])).split('\n')[1];
    expect(row).toMatch(/^[0-9a-z]{12} {3}big\.1 {5}nginx:latest {13}Running {9}Pending less than a second ago {3}"no suitable node \(scheduling …" {3}$/);
    const full = await sim.ok(['service', 'ps', '--no-trunc', '--format', '{{.Error}}', id]);
    expect(full).toBe('"no suitable node (scheduling constraints not satisfied on 3 nodes)"\n');
  });

  it('an unknown image warns that the digest could not be recorded, and its tasks are rejected', async () => {
    const sim = await seedLab();
    const r = await sim.run('service create -d --name ghost nosuchimage');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'image nosuchimage:latest could not be accessed on a registry to record\nits digest. Each node will access nosuchimage:latest independently,\npossibly leading to different nodes running different\nversions of the image.\n\n',
    );
    const err = await sim.ok(['service', 'ps', '--no-trunc', '--format', '{{.CurrentState}}|{{.Error}}', 'ghost']);
    expect(err).toBe('Rejected less than a second ago|"No such image: nosuchimage:latest"\n');
  });
});
