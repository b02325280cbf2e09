import type { State, SwarmNode } from '../state/schema';
import { machineByName } from './indexes';

/** A node stays in the store (Down) after its engine left or its machine was removed. */
export function isDown(state: State, node: SwarmNode): boolean {
  return node.status === 'down' || !machineByName(state, node.machine);
}
