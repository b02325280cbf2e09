// The routing issue's points, end to end through the CLI on the seed topology (docker 192.168.1.221
// manager, worker01 .222, worker02 .223). Expected forms come from swarm-networking.md §7 and §9
// and the seed tutorial (overlay-network-tutorial.md); addresses and names are read from the
// engine's inspect output, never from the routing core's own answers.
import { describe, it, expect, beforeAll } from '@jest/globals';
import { Sim } from './helpers';

const MACHINES = ['docker', 'worker01', 'worker02'] as const;
const IP: Record<string, string> = { docker: '192.168.1.221', worker01: '192.168.1.222', worker02: '192.168.1.223' };
const SLEEPER = 'coolgourav147/sleeper_traceroute';

type Json = Record<string, any>;

const re = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function inspect(sim: Sim, machine: string, ref: string): Promise<Json> {
  return JSON.parse(await sim.ok(['-c', machine, 'inspect', ref]))[0];
}

async function networkInspect(sim: Sim, machine: string, net: string): Promise<Json> {
  return JSON.parse(await sim.ok(['-c', machine, 'network', 'inspect', net]))[0];
}

/** A network's address of a container (inspect NetworkSettings). */
function addrOn(ctr: Json, net: string): string {
  return ctr.NetworkSettings.Networks[net].IPAddress;
}

/** The running tasks of a service: node, container ID and inspect data. */
async function tasksOf(sim: Sim, service: string): Promise<{ node: string; id: string; ctr: Json }[]> {
  const nodes = (await sim.ok(['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.Name}} {{.Node}}']))
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  const out: { node: string; id: string; ctr: Json }[] = [];
  for (const [task, node] of nodes) {
    const ids = (await sim.ok(['-c', node, 'ps', '-q', '--filter', `name=${task}.`])).trim().split('\n').filter(Boolean);
    expect(ids).toHaveLength(1);
    out.push({ node, id: ids[0], ctr: await inspect(sim, node, ids[0]) });
  }
  return out;
}

/** The `ping -c 4` transcript of iputils as the seed shows it (§9), with its RTTs. */
function expectSeedPing(stdout: string, ip: string, minMs: number, maxMs: number): void {
  const lines = stdout.split('\n');
  expect(lines[0]).toBe(`PING ${ip} (${ip}) 56(84) bytes of data.`);
  for (let i = 1; i <= 4; i++) {
    const m = new RegExp(`^64 bytes from ${re(ip)}: icmp_seq=${i} ttl=64 time=(\\d+\\.\\d+) ms$`).exec(lines[i]);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(minMs);
    expect(Number(m![1])).toBeLessThanOrEqual(maxMs);
  }
  expect(lines[5]).toBe('');
  expect(lines[6]).toBe(`--- ${ip} ping statistics ---`);
  expect(lines[7]).toMatch(/^4 packets transmitted, 4 received, 0% packet loss, time \d+ms$/);
  expect(lines[8]).toMatch(/^rtt min\/avg\/max\/mdev = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/);
}

/** Whoami's `Hostname:` and `RemoteAddr:` lines. */
function whoami(body: string): { hostname: string; remote: string } {
  return { hostname: /^Hostname: (\S+)$/m.exec(body)?.[1] ?? '', remote: /^RemoteAddr: ([\d.]+):\d+$/m.exec(body)?.[1] ?? '' };
}

/** Four answers alternate between two distinct values (round robin over two backends). */
function expectAlternation(got: string[], both: string[]): void {
  expect(got).toHaveLength(4);
  expect(new Set(got)).toEqual(new Set(both));
  expect(got[1]).not.toBe(got[0]);
  expect(got[2]).toBe(got[0]);
  expect(got[3]).toBe(got[1]);
}

describe('overlay networking from containers (seed: test / test01)', () => {
  const sim = new Sim();
  let c1: Json; // the worker01 container on test01
  let c2: Json; // the worker02 container on test01 (10.0.2.2 in the seed)
  let client: { node: string; id: string; ctr: Json }; // a task container of a service on test01
  let web: { node: string; id: string; ctr: Json }[];
  let other: { node: string; id: string; ctr: Json };
  let test01Id: string;

  beforeAll(async () => {
    await sim.threeNodeSwarm();
    await sim.ok('network create -d overlay test');
    await sim.ok('network create -d overlay --attachable test01');
    const id2 = (await sim.ok(['-c', 'worker02', 'container', 'run', '-d', '--network=test01', SLEEPER])).trim();
    const id1 = (await sim.ok(['-c', 'worker01', 'container', 'run', '-d', '--network=test01', SLEEPER])).trim();
    await sim.ok('service create -d --name web --network test01 --replicas 2 traefik/whoami');
    await sim.ok(['service', 'create', '-d', '--name', 'client', '--network', 'test01', SLEEPER]);
    await sim.ok(['service', 'create', '-d', '--name', 'other', '--network', 'test', SLEEPER]);
    c1 = await inspect(sim, 'worker01', id1);
    c2 = await inspect(sim, 'worker02', id2);
    [client] = await tasksOf(sim, 'client');
    web = await tasksOf(sim, 'web');
    [other] = await tasksOf(sim, 'other');
    test01Id = (await networkInspect(sim, 'docker', 'test01')).Id;
  }, 60000);

  it('addresses the two containers as the seed ifconfig shows them', () => {
    expect(addrOn(c2, 'test01')).toBe('10.0.2.2');
    expect(addrOn(c1, 'test01')).toBe('10.0.2.4');
    expect(web).toHaveLength(2);
  });

  it('pings 10.0.2.2 across the overlay from worker01 in the seed form: ttl=64, 2–3.5 ms', async () => {
    const r = await sim.run(['-c', 'worker01', 'exec', c1.Id, 'ping', '-c', '4', '10.0.2.2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expectSeedPing(r.stdout, '10.0.2.2', 2, 3.5);
  });

  it('loses every packet (exit 1) from containers that are not on test01', async () => {
    const bridged = (await sim.ok(['-c', 'worker01', 'container', 'run', '-d', SLEEPER])).trim();
    for (const [machine, id] of [
      [other.node, other.id], // a task on the other overlay
      ['worker01', bridged], // a container on the default bridge
    ]) {
      const r = await sim.run(['-c', machine, 'exec', id, 'ping', '-c', '4', '10.0.2.2']);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('bytes from');
      expect(r.stdout.startsWith('PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.\n')).toBe(true);
      expect(r.stdout).toMatch(/\n--- 10\.0\.2\.2 ping statistics ---\n4 packets transmitted, 0 received, 100% packet loss, time \d+ms\n$/);
    }
  });

  it('traceroutes 10.0.2.2 in one hop named by its PTR <container>.test01', async () => {
    const r = await sim.run(['-c', 'worker01', 'exec', c1.Id, 'traceroute', '10.0.2.2']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('traceroute to 10.0.2.2 (10.0.2.2), 30 hops max, 60 byte packets');
    const name = c2.Name.replace(/^\//, '');
    expect(lines[1]).toMatch(new RegExp(`^ 1  ${re(name)}\\.test01 \\(10\\.0\\.2\\.2\\)  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms$`));
    expect(lines).toHaveLength(2);
  });

  it('answers nslookup from a task container: VIP, tasks.<svc>, NXDOMAIN off-network (dnsutils installed)', async () => {
    const ex = (...argv: string[]) => sim.run(['-c', client.node, 'exec', client.id, ...argv]);
    expect((await ex('apt-get', 'update')).code).toBe(0);
    expect((await ex('apt-get', 'install', '-y', 'dnsutils')).code).toBe(0);
    const svc = JSON.parse(await sim.ok('service inspect web'))[0];
    const vip = svc.Endpoint.VirtualIPs.find((v: Json) => v.NetworkID === test01Id).Addr.split('/')[0];
    const head = 'Server:\t\t127.0.0.11\nAddress:\t127.0.0.11#53\n\n';

    const a = await ex('nslookup', 'web');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(`${head}Non-authoritative answer:\nName:\tweb\nAddress: ${vip}\n\n`);

    const t = await ex('nslookup', 'tasks.web');
    expect(t.code).toBe(0);
    expect(t.stdout.startsWith(`${head}Non-authoritative answer:\n`)).toBe(true);
    const addrs = [...t.stdout.matchAll(/^Name:\ttasks\.web\nAddress: ([\d.]+)$/gm)].map((m) => m[1]);
    expect(addrs.sort()).toEqual(web.map((w) => addrOn(w.ctr, 'test01')).sort());

    const nx = await ex('nslookup', 'other');
    expect(nx.code).toBe(1);
    expect(nx.stdout).toBe(`${head}** server can't find other: NXDOMAIN\n\n`);
  });

  it('answers getent hosts the same way (glibc: one line per address, exit 2 when unknown)', async () => {
    const ex = (...argv: string[]) => sim.run(['-c', client.node, 'exec', client.id, ...argv]);
    const t = await ex('getent', 'hosts', 'tasks.web');
    expect(t.code).toBe(0);
    const lines = t.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0]).sort()).toEqual(web.map((w) => addrOn(w.ctr, 'test01')).sort());
    for (const l of lines) expect(l).toMatch(/^[\d.]+\s+tasks\.web$/);
    expect((await ex('getent', 'hosts', 'other')).code).toBe(2);
  });

  it('curls <service>:80 through the VIP from a task container: round robin over the replicas, SNAT to the node LB address', async () => {
    const ex = (...argv: string[]) => sim.run(['-c', client.node, 'exec', client.id, ...argv]);
    expect((await ex('apt-get', 'install', '-y', 'curl')).code).toBe(0);
    const lb = (await networkInspect(sim, client.node, 'test01')).Containers['lb-test01'].IPv4Address.split('/')[0];
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await ex('curl', '-s', 'web:80');
      expect(r.code).toBe(0);
      const w = whoami(r.stdout);
      expect(w.remote).toBe(lb);
      got.push(w.hostname);
    }
    expectAlternation(
      got,
      web.map((w) => w.ctr.Config.Hostname),
    );
  });
});

describe('the routing mesh (seed nginx demo) and host-mode ports', () => {
  const sim = new Sim();
  let service: string;
  let tasks: { node: string; id: string; ctr: Json }[];

  beforeAll(async () => {
    await sim.threeNodeSwarm();
    // as in the seed, the visualizer already runs on the manager, so nginx's two tasks go to the workers (§8.1)
    await sim.ok('service create -d --name viz -p 8080:8080 --constraint node.role==manager dockersamples/visualizer');
    const id = (await sim.ok('service create -d --replicas 2 -p 9000:80 nginx')).trim();
    service = JSON.parse(await sim.ok(['service', 'inspect', id]))[0].Spec.Name;
    tasks = await tasksOf(sim, service);
    for (const t of tasks) {
      await sim.ok(['-c', t.node, 'exec', t.id, 'bash', '-c', `echo "this page from ${t.node}" > /usr/share/nginx/html/index.html`]);
    }
  }, 60000);

  it('runs the two nginx tasks on the workers, none on the manager', () => {
    expect(tasks.map((t) => t.node).sort()).toEqual(['worker01', 'worker02']);
  });

  it.each(MACHINES)('alternates the two pages on %s own address, port 9000 (per-node IPVS round robin)', async (m) => {
    const got: string[] = [];
    for (let i = 0; i < 4; i++) got.push(await sim.ok(['machine', 'ssh', m, '--', 'curl', '-s', `http://${IP[m]}:9000`]));
    expectAlternation(got, ['this page from worker01\n', 'this page from worker02\n']);
  });

  it('traces http://192.168.1.221:9000 from worker01: DNAT to the ingress-sbox, IPVS pick, VXLAN hop, redirect, the task', async () => {
    const sbox = (await networkInspect(sim, 'docker', 'docker_gwbridge')).Containers['ingress-sbox'].IPv4Address.split('/')[0];
    const sboxIngress = (await networkInspect(sim, 'docker', 'ingress')).Containers['ingress-sbox'].IPv4Address.split('/')[0];
    const lines = (await sim.ok(['trace', '--from', 'worker01', 'http://192.168.1.221:9000'])).trimEnd().split('\n');
    const at = (r: RegExp) => {
      const i = lines.findIndex((l) => r.test(l));
      expect(i).toBeGreaterThanOrEqual(0);
      return { i, m: r.exec(lines[i])! };
    };
    const dnat = at(new RegExp(`^DNAT on docker: 192\\.168\\.1\\.221:9000 → ${re(sbox)}:9000 .*ingress-sbox`));
    const ipvs = at(/^IPVS on docker's ingress-sbox \(round robin\): picks ([\d.]+) — (\S+) on (\S+); SNAT to ([\d.]+)$/);
    const picked = tasks.find((t) => addrOn(t.ctr, 'ingress') === ipvs.m[1])!;
    expect(picked).toBeDefined();
    expect(ipvs.m[2]).toBe(picked.ctr.Name.replace(/^\//, ''));
    expect(ipvs.m[3]).toBe(picked.node);
    expect(ipvs.m[4]).toBe(sboxIngress); // the backend sees the receiving node's ingress-sbox (§7.4)
    const vxlan = at(new RegExp(`^VXLAN over ingress .*docker → ${picked.node}$`));
    const redirect = at(/REDIRECT .*port 9000 → 80$/);
    const answer = at(new RegExp(`^answered by ${re(ipvs.m[2])} on ${picked.node}\\b`));
    expect([dnat.i, ipvs.i, vxlan.i, redirect.i, answer.i]).toEqual([...[dnat.i, ipvs.i, vxlan.i, redirect.i, answer.i]].sort((a, b) => a - b));
    expect(new Set([dnat.i, ipvs.i, vxlan.i, redirect.i, answer.i]).size).toBe(5);
    // tracing moves no pointer: the next connection through the manager gets the traced task
    expect(await sim.ok(['machine', 'ssh', 'worker01', '--', 'curl', '-s', 'http://192.168.1.221:9000'])).toBe(`this page from ${picked.node}\n`);
  });

  it('says so when nobody publishes the port', async () => {
    const out = await sim.ok(['trace', '--from', 'worker01', 'http://192.168.1.221:9001']);
    expect(out).toMatch(/publish/);
    expect(out).toMatch(/9001/);
    expect(out).toMatch(/refused/);
    expect(out).not.toMatch(/IPVS|DNAT/);
  });

  it('serves --publish mode=host only where the task runs; other machines refuse (curl exit 7)', async () => {
    await sim.ok('service create -d --name hostweb --publish published=8081,target=80,mode=host nginx');
    const [task] = await tasksOf(sim, 'hostweb');
    for (const from of MACHINES) {
      for (const to of MACHINES) {
        const r = await sim.run(['machine', 'ssh', from, '--', 'curl', '-sS', `http://${IP[to]}:8081`]);
        if (to === task.node) {
          expect(r.code).toBe(0);
          expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
        } else {
          expect(r.code).toBe(7);
          expect(r.stdout).toBe('');
          expect(r.stderr).toMatch(new RegExp(`^curl: \\(7\\) Failed to connect to ${re(IP[to])} port 8081 after \\d+ ms: Connection refused\\n$`));
        }
      }
    }
  });
});
