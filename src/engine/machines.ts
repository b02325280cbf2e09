// Simulated machines (dockersim-only): each runs one engine and is also a docker context.
import type { Machine, LocalNetwork, State } from '../state/schema';
import { SCHEMA_VERSION } from '../state/schema';
import type { Rng } from '../state/rng';
import { localId, hexBytes } from '../state/ids';
import { DEFAULT_PROFILE, isProfileName } from './profiles';
import { stamp } from './time';
import { formatAddr, parseAddr } from './ip';
import { DaemonError } from './errors';

export const FIRST_MACHINE = { name: 'docker', ip: '192.168.1.221' };
const LAN = { base: parseAddr('192.168.1.0')!, first: 221 };

const BRIDGE_OPTIONS = {
  'com.docker.network.bridge.default_bridge': 'true',
  'com.docker.network.bridge.enable_icc': 'true',
  'com.docker.network.bridge.enable_ip_masquerade': 'true',
  'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
  'com.docker.network.bridge.name': 'docker0',
  'com.docker.network.driver.mtu': '1500',
};

function uuid(rng: Rng): string {
  const h = hexBytes(rng, 16).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16], 16) & 3];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function predefined(rng: Rng, created: string): LocalNetwork[] {
  const base = { created, internal: false, attachable: false, ipv6: false, labels: {}, endpoints: [] };
  return [
    { ...base, id: localId(rng), name: 'bridge', driver: 'bridge', ipam: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }], options: { ...BRIDGE_OPTIONS } },
    { ...base, id: localId(rng), name: 'host', driver: 'host', ipam: [], options: {} },
    { ...base, id: localId(rng), name: 'none', driver: 'null', ipam: [], options: {} },
  ];
}

export function newMachine(rng: Rng, now: Date, name: string, ip: string, clock?: { clock?: string }): Machine {
  const created = stamp(now, rng, clock);
  return { name, ip, user: 'docker', engineId: uuid(rng), created, poolCursor: 1, networks: predefined(rng, created), images: [], containers: [] };
}

/** The state of a fresh home: one machine `docker`, not in a swarm. */
export function freshState(rng: Rng, now: Date, env: NodeJS.ProcessEnv): State {
  const requested = env.DOCKERSIM_ENGINE;
  const clock: { clock?: string } = {};
  const machine = newMachine(rng, now, FIRST_MACHINE.name, FIRST_MACHINE.ip, clock);
  return {
    schemaVersion: SCHEMA_VERSION,
    profile: requested && isProfileName(requested) ? requested : DEFAULT_PROFILE,
    rng: rng.state(),
    clock: clock.clock,
    context: FIRST_MACHINE.name,
    machines: [machine],
    swarm: null,
    __internal__: {},
  };
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function createMachine(state: State, rng: Rng, now: Date, name: string, ip?: string): Machine {
  if (!NAME_RE.test(name) || name.length > 63) {
    throw new DaemonError(`invalid machine name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`, 400);
  }
  if (state.machines.some((m) => m.name === name)) throw new DaemonError(`machine "${name}" already exists`, 409);
  if (name === 'default') throw new DaemonError('"default" is a reserved context name', 400);
  let addr = ip;
  if (addr !== undefined) {
    if (parseAddr(addr) === null) throw new DaemonError(`invalid IP address: ${addr}`, 400);
    const owner = state.machines.find((m) => m.ip === addr);
    if (owner) throw new DaemonError(`IP address ${addr} is already used by machine "${owner.name}"`, 409);
  } else {
    const used = new Set(state.machines.map((m) => m.ip));
    for (let host = LAN.first; host < 255 && addr === undefined; host++) {
      if (!used.has(formatAddr(LAN.base + host))) addr = formatAddr(LAN.base + host);
    }
    for (let host = 2; host < LAN.first && addr === undefined; host++) {
      if (!used.has(formatAddr(LAN.base + host))) addr = formatAddr(LAN.base + host);
    }
    if (addr === undefined) throw new DaemonError('no free address left in 192.168.1.0/24', 409);
  }
  const machine = newMachine(rng, now, name, addr, state);
  state.machines.push(machine);
  return machine;
}
