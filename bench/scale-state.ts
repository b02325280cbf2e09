// Builds a Swarm3k-size state directly with the engine (bench/scale.cjs bundles and runs this):
// NODES machines in one swarm (the first a manager), NETWORKS overlays (/20 subnets, so two
// services of 150 tasks fit on each), SERVICES replicated services of TASKS/SERVICES replicas,
// service i on network i mod NETWORKS. Services are created in batches, one transaction each,
// the way a long-lived cluster's file grows.
//
// usage (bundled by bench/scale.cjs): node scale-state.cjs HOME NODES SERVICES TASKS NETWORKS
import { transact } from '../src/state/store';
import { Daemon } from '../src/engine/daemon';
import { freshState, createMachine } from '../src/engine/machines';
import { swarmInit, swarmJoin } from '../src/engine/swarm';
import { createNetwork } from '../src/engine/networks';
import { createService } from '../src/engine/services';
import type { State } from '../src/state/schema';
import type { Session } from '../src/state/store';

export interface ScaleShape {
  nodes: number;
  services: number;
  tasks: number;
  networks: number;
}

const machineIp = (i: number) => `192.168.${1 + Math.floor(i / 250)}.${(i % 250) + 2}`;
const daemonOf = (session: Session, name = 'docker') => new Daemon(session, session.state.machines.find((m) => m.name === name)!);

/** Writes a state of `shape` into `env`'s home; `log` gets the time each step took. */
export async function buildScaleState(env: NodeJS.ProcessEnv, shape: ScaleShape, log: (line: string) => void = () => {}): Promise<void> {
  const { nodes: NODES, services: SERVICES, tasks: TASKS, networks: NETWORKS } = shape;
  const t0 = Date.now();
  await transact(env, freshState, (session) => {
    const state: State = session.state;
    state.machines[0].ip = machineIp(0);
    for (let i = 1; i < NODES; i++) createMachine(state, session.rng, session.now, `node${String(i).padStart(4, '0')}`, machineIp(i));
    const manager = daemonOf(session);
    swarmInit(manager, { AdvertiseAddr: machineIp(0) });
    const token = state.swarm!.tokens.worker;
    for (const m of state.machines.slice(1)) swarmJoin(new Daemon(session, m), { RemoteAddrs: [`${machineIp(0)}:2377`], JoinToken: token });
    for (let i = 0; i < NETWORKS; i++) {
      const subnet = `10.${16 + (i >> 4)}.${(i & 15) << 4}.0/20`;
      createNetwork(manager, { Name: `net${String(i).padStart(3, '0')}`, Driver: 'overlay', Attachable: true, IPAM: { Config: [{ Subnet: subnet }] } });
    }
  });
  log(`machines, swarm, networks: ${Date.now() - t0} ms`);
  const per = Math.round(TASKS / SERVICES);
  const BATCH = 50;
  for (let first = 0; first < SERVICES; first += BATCH) {
    const t1 = Date.now();
    await transact(env, freshState, (session) => {
      const manager = daemonOf(session);
      for (let i = first; i < Math.min(SERVICES, first + BATCH); i++) {
        createService(manager, {
          Name: `svc${String(i).padStart(4, '0')}`,
          Labels: {},
          TaskTemplate: { ContainerSpec: { Image: i % 3 ? 'nginx' : 'traefik/whoami' }, Networks: NETWORKS ? [{ Target: `net${String(i % NETWORKS).padStart(3, '0')}` }] : [] },
          Mode: { Replicated: { Replicas: per } },
        });
      }
    });
    log(`services ${first}..${Math.min(SERVICES, first + BATCH) - 1}: ${Date.now() - t1} ms`);
  }
  log(`total ${Date.now() - t0} ms`);
}

if (require.main === module) {
  const [home, nodes, services, tasks, networks] = process.argv.slice(2);
  const env: NodeJS.ProcessEnv = { DOCKERSIM_HOME: home, DOCKERSIM_SEED: 'swarm3k', DOCKERSIM_NOW: '2024-06-20T01:20:11Z' };
  buildScaleState(env, { nodes: Number(nodes), services: Number(services), tasks: Number(tasks), networks: Number(networks) }, (l) => process.stderr.write(l + '\n')).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
