// `lab up`: the state reset to a named topology, under the state lock.
import { resetState, transact } from '../state/store';
import { buildTopology, loadTopology } from '../engine/topology';

export async function labUp(env: NodeJS.ProcessEnv, name: string): Promise<void> {
  const topo = loadTopology(name);
  if (!topo) throw new Error(`unknown topology "${name}"`);
  await resetState(env);
  await transact(env, (rng, now, e) => buildTopology(topo, rng, now, e), () => undefined);
}
