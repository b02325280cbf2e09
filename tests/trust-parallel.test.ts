// Issue "Trust and speed" point 1: 32 dockersim processes started together, each creating its
// own overlay network and then (second round) its own service, all succeed; all 32 are in the
// state with unique subnets, VXLAN IDs and VIPs; five times over, each time in a fresh home.
import { describe, it, expect } from '@jest/globals';
import { spawnCli, spawnCliAsync, tempHome } from './helpers';
import { readState } from '../src/state/store';
import { checkConsistency } from '../src/state/consistency';
import '../src/engine/task-containers';

const N = 32;
const ROUNDS = 5;

describe('32 parallel commands', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: 32 network creates, then 32 service creates, all land`, async () => {
      const env = { DOCKERSIM_HOME: tempHome(), DOCKERSIM_SEED: String(round) };
      expect(spawnCli(['swarm', 'init'], env).code).toBe(0);
      expect(spawnCli(['network', 'create', '-d', 'overlay', 'shared'], env).code).toBe(0);

      const nets = await Promise.all(Array.from({ length: N }, (_, i) => spawnCliAsync(['network', 'create', '-d', 'overlay', `n${i}`], env)));
      for (const r of nets) expect([r.code, r.stderr]).toEqual([0, '']);
      let state = readState(env)!;
      const overlays = state.swarm!.networks.filter((n) => /^n\d+$/.test(n.name));
      expect(overlays.map((n) => n.name).sort()).toEqual(Array.from({ length: N }, (_, i) => `n${i}`).sort());
      expect(new Set(overlays.map((n) => n.alloc!.ipam[0].Subnet)).size).toBe(N);
      expect(new Set(overlays.map((n) => n.alloc!.vni[0])).size).toBe(N);
      expect(checkConsistency(state)).toEqual([]);

      // Each service on its own network and on the shared one: 32 VIPs on one /24, all different.
      const svcs = await Promise.all(
        Array.from({ length: N }, (_, i) => spawnCliAsync(['service', 'create', '-d', '--name', `s${i}`, '--network', `n${i}`, '--network', 'shared', 'nginx'], env)),
      );
      for (const r of svcs) expect([r.code, r.stderr]).toEqual([0, '']);
      state = readState(env)!;
      const services = state.swarm!.services.filter((s) => /^s\d+$/.test(s.spec.Name));
      expect(services).toHaveLength(N);
      const shared = state.swarm!.networks.find((n) => n.name === 'shared')!;
      const vips = services.map((s) => s.vips.find((v) => v.net === shared.id)!.addr);
      expect(new Set(vips).size).toBe(N);
      expect(state.swarm!.tasks.filter((t) => t.state === 'running')).toHaveLength(N);
      expect(checkConsistency(state)).toEqual([]);
    }, 120_000);
  }
});
