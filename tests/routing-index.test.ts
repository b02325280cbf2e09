// The routing index (src/routing/lookup.ts): built once per state object, it must answer exactly
// what a fresh look at the state answers, hand out nothing a caller can corrupt, and be replaced
// when the state object is (or when code that edits a state in place invalidates it).
import { describe, it, expect, beforeAll } from '@jest/globals';
import fs from 'node:fs';
import { Sim } from './helpers';
import { Rng } from '../src/state/rng';
import { profile } from '../src/engine/profiles';
import type { State } from '../src/state/schema';
import { TOOLS, path, resolveName, reverse, serviceBackends, type From, type RoutingContext } from '../src/routing';
import { lookupEmbedded } from '../src/routing/dns';
import { sourceOf } from '../src/routing/addressing';
import { indexOf, invalidateIndex } from '../src/routing/lookup';

let text: string;

function ctxOf(state: State, rng: Rng, rr: Map<string, number>): RoutingContext {
  return {
    state,
    rng,
    now: new Date('2024-06-20T01:20:11Z'),
    profile: profile(state.profile),
    advance(key, n) {
      const i = rr.get(key) ?? 0;
      rr.set(key, (i + 1) % n);
      return i;
    },
  };
}

beforeAll(async () => {
  const sim = new Sim({ DOCKERSIM_ENGINE: '26.1' });
  await sim.threeNodeSwarm();
  await sim.ok('network create -d overlay test');
  await sim.ok('network create -d overlay --attachable test01');
  await sim.ok(['-c', 'worker02', 'container', 'run', '-d', '--network=test01', 'coolgourav147/sleeper_traceroute']);
  await sim.ok(['-c', 'worker01', 'container', 'run', '-d', '--network=test01', 'coolgourav147/sleeper_traceroute']);
  await sim.ok('service create -d --name web --network test01 --replicas 3 traefik/whoami');
  await sim.ok('service create -d --name rr --endpoint-mode dnsrr --network test01 --replicas 2 nginx');
  await sim.ok('service create -d --name mesh --replicas 2 -p 9000:80 nginx');
  await sim.ok('service create -d --name hostweb --publish mode=host,target=80,published=8080 nginx');
  await sim.ok('network create mybr');
  await sim.ok('container run -d --network mybr --name brweb -p 8888:80 nginx');
  await sim.ok('container run -d --network mybr --name brclient coolgourav147/sleeper_traceroute');
  text = fs.readFileSync(sim.stateFile(), 'utf8');
}, 60000);

/** Every source, a spread of targets and names: what the tools ask the routing core. */
function workload(state: State): { from: From; tool: string; args: string[] }[] {
  const froms: From[] = [];
  const ips = new Set(['127.0.0.1', '8.8.8.8', '192.168.1.1', '10.9.9.9']);
  const names = new Set(['web', 'tasks.web', 'rr', 'tasks.rr', 'mesh', 'WEB', 'web.test01', 'nosuch', 'google.com']);
  for (const m of state.machines) {
    froms.push({ machine: m.name });
    ips.add(m.ip);
    for (const c of m.containers) {
      froms.push({ machine: m.name, container: c.id });
      names.add(c.name);
      for (const n of c.nets) ips.add(n.ip);
      if (c.gw) ips.add(c.gw.ip);
    }
  }
  for (const s of state.swarm!.services) for (const v of s.vips) ips.add(v.addr.split('/')[0]);
  const out: { from: From; tool: string; args: string[] }[] = [];
  for (const from of froms) {
    for (const ip of ips) {
      out.push({ from, tool: 'ping', args: ['-c', '2', ip] });
      out.push({ from, tool: 'curl', args: ['-s', '-S', '-m', '1', `http://${ip}:80/`] });
      out.push({ from, tool: 'curl', args: ['-s', '-S', '-m', '1', `http://${ip}:9000/`] });
    }
    for (const name of names) {
      out.push({ from, tool: 'nslookup', args: [name] });
      out.push({ from, tool: 'getent', args: ['hosts', name] });
      out.push({ from, tool: 'traceroute', args: ['-q', '1', '-m', '3', name] });
      out.push({ from, tool: 'curl', args: ['-s', '-m', '1', `http://${name}:8080/`] });
    }
  }
  return out;
}

describe('the routing index', () => {
  it('answers a long mixed workload exactly as a fresh state object does, call after call', async () => {
    const warm = JSON.parse(text) as State;
    const w = workload(warm);
    const rngA = new Rng(warm.rng);
    const rngB = new Rng(warm.rng);
    const rrA = new Map<string, number>();
    const rrB = new Map<string, number>();
    const warmCtx = ctxOf(warm, rngA, rrA);
    const codes = new Map<number, number>();
    for (const round of [0, 1]) {
      for (const step of w) {
        const a = await TOOLS[step.tool](warmCtx, step.from, step.args, '');
        codes.set(a.exitCode, (codes.get(a.exitCode) ?? 0) + 1);
        // a new state object per call: a new index, built from scratch
        const b = await TOOLS[step.tool](ctxOf(JSON.parse(text), rngB, rrB), step.from, step.args, '');
        if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`round ${round}: ${step.tool} ${step.args.join(' ')} from ${JSON.stringify(step.from)} differs:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
      }
    }
    expect([...rrA]).toEqual([...rrB]);
    // the workload is varied: answers, refusals, timeouts, unknown names
    expect(codes.get(0)).toBeGreaterThan(1000);
    expect([...codes.keys()].length).toBeGreaterThanOrEqual(4);
    expect(rrA.size).toBeGreaterThan(3);
  }, 60000);

  it('is built once per state object and reused', () => {
    const s = JSON.parse(text) as State;
    expect(indexOf(s)).toBe(indexOf(s));
    expect(indexOf(JSON.parse(text))).not.toBe(indexOf(s));
    const from = { machine: 'worker01', container: s.machines[1].containers[0].id };
    expect(sourceOf(s, from)).toBe(sourceOf(s, from));
  });

  it('hands out copies callers may reorder (DNS answers, IPVS backends)', () => {
    const s = JSON.parse(text) as State;
    const ctx = ctxOf(s, new Rng(s.rng), new Map());
    const c = s.machines.find((m) => m.name === 'worker01')!.containers[0];
    const src = sourceOf(s, { machine: 'worker01', container: c });
    const first = lookupEmbedded(s, src, 'tasks.web')!;
    expect(first.addrs).toHaveLength(3);
    const sorted = [...first.addrs];
    first.addrs.reverse().push('1.2.3.4');
    expect(lookupEmbedded(s, src, 'tasks.web')!.addrs).toEqual(sorted);
    const web = s.swarm!.services.find((x) => x.spec.Name === 'web')!;
    const net = web.vips[0].net;
    const b = serviceBackends(s, web, net);
    b.length = 0;
    expect(serviceBackends(s, web, net)).toHaveLength(3);
    // shuffled answers still hold every task
    for (let i = 0; i < 5; i++) {
      const r = resolveName(ctx, { machine: 'worker01', container: c }, 'tasks.web');
      expect('addrs' in r && [...r.addrs].sort()).toEqual([...sorted].sort());
    }
  });

  it('sees an in-place change only after invalidateIndex (the documented invariant)', async () => {
    const s = JSON.parse(text) as State;
    const ctx = ctxOf(s, new Rng(s.rng), new Map());
    const c1 = s.machines.find((m) => m.name === 'worker01')!.containers[0];
    const c2 = s.machines.find((m) => m.name === 'worker02')!.containers[0];
    const ip = c2.nets[0].ip;
    expect(path(ctx, { machine: 'worker01', container: c1 }, ip, 'icmp').reachable).toBe(true);
    expect(reverse(ctx, ip)).toBe(`${c2.name}.test01`);
    c2.state = 'exited';
    invalidateIndex(s);
    const p = path(ctx, { machine: 'worker01', container: c1 }, ip, 'icmp');
    expect([p.reachable, p.failure]).toEqual([false, 'host-unreachable']);
    expect(reverse(ctx, ip)).toBeUndefined();
    const r = await TOOLS.nslookup(ctx, { machine: 'worker01', container: c1 }, [c2.name], '');
    expect(r.exitCode).toBe(1);
  });
});
