// The routing core against states built by the real CLI (the seed lab: docker, worker01, worker02).
import { describe, it, expect, beforeAll } from '@jest/globals';
import fs from 'node:fs';
import { Sim } from './helpers';
import { Rng } from '../src/state/rng';
import { profile } from '../src/engine/profiles';
import type { Container, Machine, State } from '../src/state/schema';
import { TOOLS, path, resolveName, reverse, runTool, type RoutingContext } from '../src/routing';

const ENV = { DOCKERSIM_SEED: '1', DOCKERSIM_NOW: '2024-06-20T01:20:11Z', DOCKERSIM_ENGINE: '26.1' };

function load(sim: Sim): State {
  return JSON.parse(fs.readFileSync(sim.home + '/state.json', 'utf8')) as State;
}

/** A context whose IPVS pointers live in a Map (the engine persists them in the state). */
function ctxOf(state: State, rr = new Map<string, number>()): RoutingContext & { rr: Map<string, number> } {
  return {
    state,
    rng: new Rng(state.rng),
    now: new Date('2024-06-20T01:20:11Z'),
    profile: profile(state.profile),
    rr,
    advance(key: string, n: number) {
      const i = rr.get(key) ?? 0;
      rr.set(key, (i + 1) % n);
      return i;
    },
  };
}

function machine(state: State, name: string): Machine {
  return state.machines.find((m) => m.name === name)!;
}

function byImage(state: State, mname: string, image: string): Container {
  return machine(state, mname).containers.find((c) => c.image.startsWith(image) && !c.task)!;
}

function tasksOf(state: State, svcName: string): { c: Container; m: Machine }[] {
  const svc = state.swarm!.services.find((s) => s.spec.Name === svcName)!;
  const out: { c: Container; m: Machine }[] = [];
  for (const t of state.swarm!.tasks.filter((x) => x.service === svc.id && x.state === 'running')) {
    const node = state.swarm!.nodes.find((n) => n.id === t.node)!;
    const m = machine(state, node.machine);
    out.push({ c: m.containers.find((c) => c.id === t.container)!, m });
  }
  return out;
}

function ipOn(state: State, c: Container, netName: string): string {
  const net = state.swarm!.networks.find((n) => n.name === netName)!;
  return c.nets.find((n) => n.net === net.id)!.ip;
}

let state: State;
// the seed's two attachable-network containers: c2 on worker02 (10.0.2.2), c1 on worker01 (10.0.2.4)
let c1: Container;
let c2: Container;
let alpine: Container;
let priv: Container;
const W1 = { machine: 'worker01' } as const;

beforeAll(async () => {
  const sim = new Sim(ENV);
  await sim.threeNodeSwarm();
  await sim.ok('network create -d overlay test');
  await sim.ok('network create -d overlay --attachable test01');
  await sim.ok(['-c', 'worker02', 'container', 'run', '-d', '--network=test01', 'coolgourav147/sleeper_traceroute']);
  await sim.ok(['-c', 'worker01', 'container', 'run', '-d', '--network=test01', 'coolgourav147/sleeper_traceroute']);
  await sim.ok('service create -d --name web --network test01 --replicas 2 traefik/whoami');
  await sim.ok('service create -d --name other --network test coolgourav147/sleeper_traceroute');
  await sim.ok('service create -d --name mesh --replicas 2 -p 9000:80 nginx');
  await sim.ok('service create -d --name hostweb --publish mode=host,target=80,published=8080 nginx');
  await sim.ok(['-c', 'worker02', 'container', 'run', '-d', '--network=test01', 'alpine', 'sleep', '3600']);
  await sim.ok('network create -d overlay --internal --attachable priv');
  await sim.ok(['-c', 'worker01', 'container', 'run', '-d', '--network=priv', 'coolgourav147/sleeper_traceroute']);
  state = load(sim);
  c2 = byImage(state, 'worker02', 'coolgourav147/sleeper_traceroute');
  c1 = byImage(state, 'worker01', 'coolgourav147/sleeper_traceroute');
  alpine = byImage(state, 'worker02', 'alpine');
  priv = machine(state, 'worker01').containers.filter((c) => c.image.startsWith('coolgourav147') && !c.task)[1];
}, 60000);

const from1 = () => ({ ...W1, container: c1 });

describe('addressing matches the seed', () => {
  it('puts the worker02 container at 10.0.2.2 and the worker01 container at 10.0.2.4', () => {
    expect(c2.nets[0].ip).toBe('10.0.2.2');
    expect(c1.nets[0].ip).toBe('10.0.2.4');
  });
});

describe('ping', () => {
  it('prints the seed transcript format for 10.0.2.2 across nodes: ttl=64, ~3 ms', async () => {
    const r = await TOOLS.ping(ctxOf(state), from1(), ['10.0.2.2'], '');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.');
    for (let i = 1; i <= 4; i++) {
      const m = /^64 bytes from 10\.0\.2\.2: icmp_seq=(\d+) ttl=64 time=(\d\.\d\d) ms$/.exec(lines[i]);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBe(i);
      expect(Number(m![2])).toBeGreaterThanOrEqual(2.5);
      expect(Number(m![2])).toBeLessThanOrEqual(3.3);
    }
    expect(lines[5]).toBe('');
    expect(lines[6]).toBe('--- 10.0.2.2 ping statistics ---');
    expect(lines[7]).toMatch(/^4 packets transmitted, 4 received, 0% packet loss, time 300\dms$/);
    expect(lines[8]).toMatch(/^rtt min\/avg\/max\/mdev = \d\.\d{3}\/\d\.\d{3}\/\d\.\d{3}\/0\.\d{3} ms$/);
  });

  it('honours -c and names the peer by its PTR when pinged by name', async () => {
    const r = await TOOLS.ping(ctxOf(state), from1(), ['-c', '2', c2.name], '');
    expect(r.stdout.split('\n')[0]).toBe(`PING ${c2.name} (10.0.2.2) 56(84) bytes of data.`);
    expect(r.stdout).toMatch(new RegExp(`^64 bytes from ${c2.name}\\.test01 \\(10\\.0\\.2\\.2\\): icmp_seq=1 ttl=64 time=[23]\\.\\d\\d ms$`, 'm'));
    expect(r.stdout).toContain(`--- ${c2.name} ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss`);
  });

  it('gets a sub-millisecond ttl=64 answer from the service VIP (the local lb-<net> endpoint)', async () => {
    const vip = state.swarm!.services.find((s) => s.spec.Name === 'web')!.vips[0].addr.split('/')[0];
    const r = await TOOLS.ping(ctxOf(state), from1(), ['-c', '3', 'web'], '');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`PING web (${vip}) 56(84) bytes of data.`);
    const times = [...r.stdout.matchAll(/ttl=64 time=([\d.]+) ms/g)].map((m) => Number(m[1]));
    expect(times).toHaveLength(3);
    for (const t of times) expect(t).toBeLessThan(1);
  });

  it('sees ttl=63 from another machine LAN address (via docker_gwbridge and the host) and 64 from its own host', async () => {
    const other = await TOOLS.ping(ctxOf(state), from1(), ['-c', '2', '192.168.1.223'], '');
    expect(other.stdout).toMatch(/^64 bytes from 192\.168\.1\.223: icmp_seq=1 ttl=63 time=/m);
    const own = await TOOLS.ping(ctxOf(state), from1(), ['-c', '1', '192.168.1.222'], '');
    expect(own.stdout).toMatch(/^64 bytes from 192\.168\.1\.222: icmp_seq=1 ttl=64 time=0\.\d{3} ms$/m);
    expect(own.stdout).toContain('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
  });

  it('loses everything (exit 1) to a task on a network the container is not on', async () => {
    const other = tasksOf(state, 'other')[0].c;
    const ip = ipOn(state, other, 'test');
    const r = await TOOLS.ping(ctxOf(state), from1(), ['-c', '4', ip], '');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe(`PING ${ip} (${ip}) 56(84) bytes of data.\n\n--- ${ip} ping statistics ---\n` + r.stdout.split('\n')[3] + '\n');
    expect(r.stdout).toMatch(/4 packets transmitted, 0 received, 100% packet loss, time 30\d\dms\n$/);
  });

  it('gets no answer from a stopped container (ARP fails on the overlay)', async () => {
    const s: State = JSON.parse(JSON.stringify(state));
    machine(s, 'worker02').containers.find((c) => c.id === c2.id)!.state = 'exited';
    const r = await TOOLS.ping(ctxOf(s), from1(), ['-c', '2', '10.0.2.2'], '');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('From 10.0.2.4 icmp_seq=1 Destination Host Unreachable');
    expect(r.stdout).toContain('2 packets transmitted, 0 received, +2 errors, 100% packet loss');
  });

  it('cannot leave an internal network: Network is unreachable, exit 2', async () => {
    const r = await TOOLS.ping(ctxOf(state), { ...W1, container: priv }, ['-c', '1', '192.168.1.223'], '');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('connect: Network is unreachable\n');
  });

  it('reports unknown hosts as iputils does: s20121221 on the xenial image, newer elsewhere', async () => {
    const legacy = await TOOLS.ping(ctxOf(state), from1(), ['nosuch'], '');
    expect([legacy.exitCode, legacy.stderr]).toEqual([2, 'ping: unknown host nosuch\n']);
    const nginx = tasksOf(state, 'mesh')[0];
    const modern = await TOOLS.ping(ctxOf(state), { machine: nginx.m.name, container: nginx.c }, ['nosuch'], '');
    expect([modern.exitCode, modern.stderr]).toEqual([2, 'ping: nosuch: Name or service not known\n']);
  });

  it('uses the busybox format in alpine containers', async () => {
    const r = await TOOLS.ping(ctxOf(state), { machine: 'worker02', container: alpine }, ['-c', '2', c1.name], '');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`PING ${c1.name} (10.0.2.4): 56 data bytes`);
    expect(lines[1]).toMatch(/^64 bytes from 10\.0\.2\.4: seq=0 ttl=64 time=[23]\.\d{3} ms$/);
    expect(lines[2]).toMatch(/^64 bytes from 10\.0\.2\.4: seq=1 ttl=64 time=[23]\.\d{3} ms$/);
    expect(lines.slice(3, 6)).toEqual(['', `--- ${c1.name} ping statistics ---`, '2 packets transmitted, 2 packets received, 0% packet loss']);
    expect(lines[6]).toMatch(/^round-trip min\/avg\/max = \d\.\d{3}\/\d\.\d{3}\/\d\.\d{3} ms$/);
    const bad = await TOOLS.ping(ctxOf(state), { machine: 'worker02', container: alpine }, ['nosuch'], '');
    expect([bad.exitCode, bad.stderr]).toEqual([1, "ping: bad address 'nosuch'\n"]);
  });

  it('is deterministic for the same rng state', async () => {
    const a = await TOOLS.ping(ctxOf(state), from1(), ['-c', '6', '10.0.2.2'], '');
    const b = await TOOLS.ping(ctxOf(state), from1(), ['-c', '6', '10.0.2.2'], '');
    expect(a).toEqual(b);
  });
});

describe('traceroute', () => {
  it('shows one hop across the overlay, named by PTR', async () => {
    const r = await TOOLS.traceroute(ctxOf(state), from1(), ['10.0.2.2'], '');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('traceroute to 10.0.2.2 (10.0.2.2), 30 hops max, 60 byte packets');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^ 1  ${c2.name}\\.test01 \\(10\\.0\\.2\\.2\\)  [23]\\.\\d{3} ms  [23]\\.\\d{3} ms  [23]\\.\\d{3} ms$`));
  });

  it('goes through the docker_gwbridge gateway to another machine', async () => {
    const r = await TOOLS.traceroute(ctxOf(state), from1(), ['-n', '192.168.1.223'], '');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^ 1  172\.18\.0\.1  0\.\d{3} ms  0\.\d{3} ms  0\.\d{3} ms$/);
    expect(lines[2]).toMatch(/^ 2  192\.168\.1\.223  \d\.\d{3} ms/);
    expect(lines).toHaveLength(3);
  });

  it('prints stars to the end for a network it cannot reach', async () => {
    const ip = ipOn(state, tasksOf(state, 'other')[0].c, 'test');
    const r = await TOOLS.traceroute(ctxOf(state), from1(), [ip], '');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(31);
    expect(lines[1]).toMatch(/^ 1  172\.18\.0\.1 \(172\.18\.0\.1\)/);
    expect(lines[30]).toBe('30  * * *');
  });

  it('fails on unknown hosts like traceroute 2.x', async () => {
    const r = await TOOLS.traceroute(ctxOf(state), from1(), ['nosuch'], '');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("nosuch: Name or service not known\nCannot handle \"host\" cmdline arg `nosuch' on position 1 (argc 1)\n");
  });
});

describe('embedded DNS', () => {
  it('resolves a service to its VIP on the shared network and tasks.<svc> to the task IPs', () => {
    const ctx = ctxOf(state);
    const svc = state.swarm!.services.find((s) => s.spec.Name === 'web')!;
    expect(resolveName(ctx, from1(), 'web')).toEqual({ addrs: [svc.vips[0].addr.split('/')[0]], ttl: 600, network: 'test01' });
    const tasks = tasksOf(state, 'web').map((t) => ipOn(state, t.c, 'test01')).sort();
    const r = resolveName(ctx, from1(), 'tasks.web');
    expect('addrs' in r && [...r.addrs].sort()).toEqual(tasks);
  });

  it('resolves container names (standalone and task containers) and name.network', () => {
    const ctx = ctxOf(state);
    expect(resolveName(ctx, from1(), c2.name)).toMatchObject({ addrs: ['10.0.2.2'], ttl: 600 });
    expect(resolveName(ctx, from1(), `${c2.name}.test01`)).toMatchObject({ addrs: ['10.0.2.2'] });
    expect(resolveName(ctx, from1(), c2.id.slice(0, 12))).toMatchObject({ addrs: ['10.0.2.2'] });
    const t = tasksOf(state, 'web')[0].c;
    expect(resolveName(ctx, from1(), t.name)).toMatchObject({ addrs: [ipOn(state, t, 'test01')] });
  });

  it('never resolves names from networks the asker is not on', () => {
    const ctx = ctxOf(state);
    expect(resolveName(ctx, from1(), 'other')).toEqual({ nxdomain: true });
    expect(resolveName(ctx, from1(), tasksOf(state, 'other')[0].c.name)).toEqual({ nxdomain: true });
    expect(resolveName(ctx, from1(), 'nosuch')).toEqual({ nxdomain: true });
  });

  it('keeps no records on ingress (a routing-only network)', () => {
    const t = tasksOf(state, 'mesh')[0];
    expect(resolveName(ctxOf(state), { machine: t.m.name, container: t.c }, 'mesh')).toEqual({ nxdomain: true });
  });

  it('answers PTR queries with <container>.<network>', () => {
    expect(reverse(ctxOf(state), '10.0.2.2', from1())).toBe(`${c2.name}.test01`);
    const t = tasksOf(state, 'web')[0].c;
    expect(reverse(ctxOf(state), ipOn(state, t, 'test01'), from1())).toBe(`${t.name}.test01`);
  });

  it('shuffles several answers with the rng', () => {
    const seen = new Set<string>();
    const ctx = ctxOf(state);
    for (let i = 0; i < 20; i++) {
      const r = resolveName(ctx, from1(), 'tasks.web');
      if ('addrs' in r) seen.add(r.addrs.join(','));
    }
    expect(seen.size).toBe(2);
  });

  it('prints nslookup, dig +short and getent hosts answers', async () => {
    const ctx = ctxOf(state);
    const ns = await TOOLS.nslookup(ctx, from1(), [c2.name], '');
    expect(ns).toEqual({ stdout: `Server:\t\t127.0.0.11\nAddress:\t127.0.0.11#53\n\nNon-authoritative answer:\nName:\t${c2.name}\nAddress: 10.0.2.2\n\n`, stderr: '', exitCode: 0 });
    const nx = await TOOLS.nslookup(ctx, from1(), ['nosuch'], '');
    expect(nx).toEqual({ stdout: "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11#53\n\n** server can't find nosuch: NXDOMAIN\n\n", stderr: '', exitCode: 1 });
    const tasks = tasksOf(state, 'web').map((t) => ipOn(state, t.c, 'test01')).sort();
    const dig = await TOOLS.dig(ctx, from1(), ['+short', 'tasks.web'], '');
    expect(dig.stdout.trim().split('\n').sort()).toEqual(tasks);
    const ge = await TOOLS.getent(ctx, from1(), ['hosts', c2.name], '');
    expect(ge).toEqual({ stdout: `10.0.2.2        ${c2.name}\n`, stderr: '', exitCode: 0 });
    const gx = await TOOLS.getent(ctx, from1(), ['hosts', 'nosuch'], '');
    expect(gx.exitCode).toBe(2);
    const ext = await TOOLS.nslookup(ctx, from1(), ['google.com'], '');
    expect(ext.stdout).toContain('Non-authoritative answer:\nName:\tgoogle.com\nAddress: ');
    const rev = await TOOLS.dig(ctx, from1(), ['+short', '-x', '10.0.2.2'], '');
    expect(rev.stdout).toBe(`${c2.name}.test01.\n`);
  });
});

describe('the routing mesh (seed nginx demo)', () => {
  it('alternates between the two tasks from every node address, serving each task own index.html', async () => {
    const s: State = JSON.parse(JSON.stringify(state));
    const tasks = tasksOf(s, 'mesh');
    expect(tasks).toHaveLength(2);
    for (const t of tasks) t.c.fs['/usr/share/nginx/html/index.html'] = `this page from ${t.m.name}\n`;
    const pages = new Set(tasks.map((t) => `this page from ${t.m.name}\n`));
    const ctx = ctxOf(s);
    for (const ip of ['192.168.1.221', '192.168.1.222', '192.168.1.223']) {
      const got: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await TOOLS.curl(ctx, { machine: 'worker01', container: c1 }, ['-s', `http://${ip}:9000`], '');
        expect(r.exitCode).toBe(0);
        got.push(r.stdout);
      }
      expect(new Set(got)).toEqual(pages);
      expect(got[0]).not.toBe(got[1]);
      expect(got[2]).toBe(got[0]);
      expect(got[3]).toBe(got[1]);
    }
    // one IPVS table per node and port
    expect([...ctx.rr.keys()].sort()).toEqual(s.swarm!.nodes.map((n) => `ingress:${n.id}:9000`).sort());
  });

  it('DNATs to the receiving node ingress-sbox: the backend sees its ingress address', () => {
    const ctx = ctxOf(state);
    const ingress = state.swarm!.networks.find((n) => n.ingress)!;
    for (const m of state.machines) {
      const node = state.swarm!.nodes.find((n) => n.machine === m.name)!;
      const p = path(ctx, { machine: 'docker' }, m.ip, 'tcp', 9000);
      expect(p.reachable).toBe(true);
      expect(p.via).toBe('ingress');
      expect(p.clientIp).toBe(ingress.alloc!.lb[node.id].ip);
      expect(p.backendPort).toBe(80);
      expect(p.backend?.network).toBe('ingress');
    }
  });

  it('serves the image index.html and nginx 404 pages', async () => {
    const ctx = ctxOf(state);
    const ok = await TOOLS.curl(ctx, { machine: 'docker' }, ['http://192.168.1.222:9000/'], '');
    expect(ok.stdout).toContain('<title>Welcome to nginx!</title>');
    const missing = await TOOLS.curl(ctx, { machine: 'docker' }, ['-i', 'http://192.168.1.222:9000/nope.html'], '');
    expect(missing.stdout).toMatch(/^HTTP\/1\.1 404 Not Found\r\nServer: nginx\/1\.27\.3\r\n/);
    expect(missing.stdout).toContain('<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>');
    const code = await TOOLS.curl(ctx, { machine: 'docker' }, ['-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://192.168.1.222:9000/nope.html'], '');
    expect(code).toEqual({ stdout: '404', stderr: '', exitCode: 0 });
  });
});

describe('VIP load balancing', () => {
  it('round-robins curl to a VIP across the tasks and SNATs to the node LB address', async () => {
    const ctx = ctxOf(state);
    const lb = state.swarm!.networks.find((n) => n.name === 'test01')!.alloc!.lb;
    const w1 = state.swarm!.nodes.find((n) => n.machine === 'worker01')!;
    const hostnames = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const r = await TOOLS.curl(ctx, from1(), ['-s', 'http://web/'], '');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^RemoteAddr: ${lb[w1.id].ip.replace(/\./g, '\\.')}:\\d+$`, 'm'));
      expect(r.stdout).toContain('GET / HTTP/1.1\r\nHost: web\r\nUser-Agent: curl/7.47.0\r\nAccept: */*\r\n\r\n');
      hostnames.add(/^Hostname: (\w+)$/m.exec(r.stdout)![1]);
    }
    expect(hostnames).toEqual(new Set(tasksOf(state, 'web').map((t) => t.c.hostname)));
    const vip = state.swarm!.services.find((s) => s.spec.Name === 'web')!.vips[0].addr.split('/')[0];
    expect([...ctx.rr.keys()]).toEqual([`vip:${w1.id}:${vip}`]);
  });
});

describe('published ports', () => {
  it('answers host-mode ports only on the node running the task', async () => {
    const t = tasksOf(state, 'hostweb')[0];
    const ctx = ctxOf(state);
    for (const m of state.machines) {
      const r = await TOOLS.curl(ctx, { machine: 'docker' }, ['-s', '-S', `http://${m.ip}:8080/`], '');
      if (m.name === t.m.name) expect(r.stdout).toContain('Welcome to nginx!');
      else {
        expect(r.exitCode).toBe(7);
        expect(r.stderr).toMatch(new RegExp(`^curl: \\(7\\) Failed to connect to ${m.ip.replace(/\./g, '\\.')} port 8080 after \\d+ ms: Connection refused\\n$`));
      }
    }
  });

  it('refuses connections to ports nothing listens on (curl exit 7)', async () => {
    const t = tasksOf(state, 'mesh').find((x) => x.m.name === 'docker') ?? tasksOf(state, 'mesh')[0];
    const ip = ipOn(state, t.c, 'ingress');
    const r = await TOOLS.curl(ctxOf(state), { machine: t.m.name, container: t.c }, [`${ip}:81`], '');
    expect(r).toEqual({ stdout: '', stderr: `curl: (7) Failed to connect to ${ip} port 81 after 0 ms: Couldn't connect to server\n`, exitCode: 7 });
    const silent = await TOOLS.curl(ctxOf(state), { machine: t.m.name, container: t.c }, ['-s', `${ip}:81`], '');
    expect(silent).toEqual({ stdout: '', stderr: '', exitCode: 7 });
    const unknown = await TOOLS.curl(ctxOf(state), { machine: t.m.name, container: t.c }, ['http://nosuch/'], '');
    expect(unknown).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: nosuch\n', exitCode: 6 });
  });

  it('runs through runTool with shell-style errors', async () => {
    const r = await runTool(ctxOf(state), 'nosuchtool', W1, [], '');
    expect(r.exitCode).toBe(127);
  });
});
