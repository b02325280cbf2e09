// Issue "Trust and speed" point 5, in miniature (bench/scale.cjs measures the Swarm3k size): a
// state built with the engine in the shape of Swarm3k (many nodes, services of many tasks, many
// overlays) answers every command exactly as the same state in the full layout does; commands
// that do not look at tasks or load balancers neither read nor rewrite those tables; a service
// of more replicas than dockersim simulates is refused with a clear error.
import { describe, it, expect, beforeAll } from '@jest/globals';
import fs from 'node:fs';
import { Sim } from './helpers';
import { buildScaleState } from '../bench/scale-state';
import { readState } from '../src/state/store';
import { checkConsistency } from '../src/state/consistency';
import { tasksLoaded } from '../src/state/codec';
import { withClient } from '../src/client';

const SHAPE = { nodes: 40, services: 24, tasks: 2400, networks: 8 };

let full: Sim;
let compact: Sim;

beforeAll(async () => {
  // Same seed and clock: two copies of one swarm, above and below the compact threshold.
  full = new Sim({ DOCKERSIM_SEED: 'swarm3k', DOCKERSIM_COMPACT_ABOVE: '1000000' });
  compact = new Sim({ DOCKERSIM_SEED: 'swarm3k' });
  for (const sim of [full, compact]) await buildScaleState(sim.env, SHAPE);
}, 120_000);

describe('a Swarm3k-shaped state', () => {
  it('is stored compactly above 2,000 tasks: task rows, no task containers, tables last', () => {
    const text = compact.stateBytes().toString();
    const raw = JSON.parse(text);
    expect(raw.swarm.tasks).toBeUndefined();
    expect(Object.keys(raw).slice(-3)).toEqual(['$lb', '$tasks', '$tails']);
    expect(raw.machines.every((m: { containers: unknown[] }) => m.containers.length === 0)).toBe(true);
    expect(text.length).toBeLessThan(full.stateBytes().length / 3);
    const state = readState(compact.env)!;
    expect(state.swarm!.tasks).toHaveLength(SHAPE.tasks);
    expect(checkConsistency(state)).toEqual([]);
  });

  it('answers every command as the full layout does', async () => {
    const cmds = [
      'service ls',
      'node ls',
      'network ls',
      'service ps svc0003',
      'service ps --no-trunc svc0010 svc0011',
      'node ps node0007',
      'network inspect net003',
      '-c node0005 network inspect net001',
      '-c node0005 ps -a',
      '-c node0012 inspect svc0004.1',
      'service inspect svc0002',
      'service create -d --name big --replicas 300 --network net002 nginx',
      'service scale -d svc0005=200 svc0006=3',
      'node update --availability drain node0009',
      'service update -d --image nginx:alpine svc0008',
      'service rollback -d svc0008',
      'service rm svc0001',
      'service ls',
      'node ps node0009',
      '-c node0009 ps -a',
      'network rm net007',
      'network create -d overlay --attachable late',
      '-c node0020 run -d --name probe --network late alpine sleep 1000',
      'network inspect late',
      'service ps big',
    ];
    for (const cmd of cmds) {
      const [a, b] = [await full.run(cmd), await compact.run(cmd)];
      expect([cmd, b]).toEqual([cmd, a]);
    }
    for (const sim of [full, compact]) expect(checkConsistency(readState(sim.env)!)).toEqual([]);
  }, 120_000);

  it('reads and rewrites the task table only when a command needs it', async () => {
    const sim = new Sim({ DOCKERSIM_SEED: 'swarm3k' });
    await buildScaleState(sim.env, { nodes: 30, services: 21, tasks: 2100, networks: 4 });
    const tail = (s: string) => s.slice(s.indexOf(',"$tasks":'), s.indexOf(',"$tails":'));
    const before = sim.stateBytes().toString();
    // Reading commands: no lock, nothing written, the task table not even parsed.
    for (const cmd of ['node ls', 'network ls', 'service ps svc0003']) await sim.ok(cmd);
    expect(sim.stateBytes().toString()).toBe(before);
    await withClient(sim.env, undefined, (c) => {
      c.nodeList();
      c.networkList();
      expect(tasksLoaded(c.state.swarm!)).toBe(false);
    }, { readOnly: true });
    // A network create writes the file again, the task table as it was.
    await sim.ok('network create -d overlay more');
    const after = sim.stateBytes().toString();
    expect(after).not.toBe(before);
    expect(tail(after)).toBe(tail(before));
  }, 120_000);

  it('refuses more replicas than it simulates, quickly and with a clear error', async () => {
    const t = Date.now();
    const r = await compact.run('service create -d --replicas 99999999 nginx');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error response from daemon: rpc error: code = ResourceExhausted desc = dockersim simulates at most 200000 tasks in a swarm; this service would bring it to 1000\d{5}\n$/);
    expect(await compact.run('service scale svc0002=18446744073709551615')).toMatchObject({ code: 1, stderr: expect.stringContaining('Number of replicas must be non-negative') });
    expect(Date.now() - t).toBeLessThan(5000);
    expect(fs.existsSync(compact.stateFile())).toBe(true);
  });
});
