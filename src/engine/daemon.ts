// One machine's engine, bound to the cluster state of the current command. Every engine
// operation takes a Daemon: it knows which machine it runs on, the profile, the clock and RNG.
import type { Session } from '../state/store';
import type { Machine, Swarm, SwarmNode } from '../state/schema';
import { profile, type Profile } from './profiles';
import { stamp } from './time';
import { NOT_SWARM_MANAGER, WORKER_NOT_MANAGER, unavailable } from './errors';
import { machineByName, readyNodeOf } from './indexes';

export class Daemon {
  readonly profile: Profile;
  constructor(
    readonly session: Session,
    readonly machine: Machine,
  ) {
    this.profile = profile(session.state.profile);
  }

  get state() {
    return this.session.state;
  }
  get rng() {
    return this.session.rng;
  }
  get now() {
    return this.session.now;
  }

  /** A fresh timestamp for an object written now. */
  stamp(): string {
    return stamp(this.now, this.rng, this.state);
  }

  /** This machine's swarm node, if it is in the swarm. */
  node(): SwarmNode | undefined {
    const swarm = this.state.swarm;
    return swarm ? readyNodeOf(swarm, this.machine.name) : undefined;
  }

  /** The swarm as a manager sees it, or the daemon's error for workers and non-swarm engines. */
  manager(): { swarm: Swarm; node: SwarmNode } {
    const swarm = this.state.swarm;
    const node = this.node();
    if (!swarm || !node) throw unavailable(NOT_SWARM_MANAGER);
    if (node.role !== 'manager') throw unavailable(WORKER_NOT_MANAGER);
    return { swarm, node };
  }

  /** Bumps the swarm's raft index and returns it (Version.Index of the object written). */
  touch(swarm: Swarm): number {
    swarm.index += 1 + this.rng.int(3);
    return swarm.index;
  }

  machineByName(name: string): Machine | undefined {
    return machineByName(this.state, name);
  }
}
