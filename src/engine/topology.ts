// Named starting points for labs (fixtures/topologies): machines, and which of them form a swarm.
import type { State } from '../state/schema';
import type { Rng } from '../state/rng';
import type { Session } from '../state/store';
import { fixtureJson, fixturesDir } from '../fixtures';
import { freshState, createMachine } from './machines';
import { Daemon } from './daemon';
import { swarmInit, swarmJoin } from './swarm';
import fs from 'node:fs';
import path from 'node:path';

export interface Topology {
  description: string;
  machines: Array<{ name: string; ip: string; user: string; swarm?: 'manager' | 'worker' }>;
}

export function topologyNames(): string[] {
  return fs
    .readdirSync(path.join(fixturesDir(), 'topologies'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function loadTopology(name: string): Topology | undefined {
  return topologyNames().includes(name) ? fixtureJson<Topology>(`topologies/${name}.json`) : undefined;
}

/** A fresh state laid out as `topo`: the first machine exists already; swarm formed in order. */
export function buildTopology(topo: Topology, rng: Rng, now: Date, env: NodeJS.ProcessEnv): State {
  const state = freshState(rng, now, env);
  const [first, ...others] = topo.machines;
  Object.assign(state.machines[0], { name: first.name, ip: first.ip, user: first.user });
  state.context = first.name;
  for (const m of others) createMachine(state, rng, now, m.name, m.ip).user = m.user;
  const session: Session = { state, rng, now, env, file: '' };
  const daemon = (name: string) => new Daemon(session, state.machines.find((x) => x.name === name)!);
  const manager = topo.machines.find((m) => m.swarm === 'manager');
  if (manager) {
    swarmInit(daemon(manager.name), { AdvertiseAddr: manager.ip });
    for (const m of topo.machines) {
      if (!m.swarm || m === manager) continue;
      const token = m.swarm === 'manager' ? state.swarm!.tokens.manager : state.swarm!.tokens.worker;
      swarmJoin(daemon(m.name), { RemoteAddrs: [`${manager.ip}:2377`], JoinToken: token });
    }
  }
  state.rng = rng.state();
  return state;
}
