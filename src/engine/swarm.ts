// Swarm membership: init, join, leave, join tokens (moby daemon/cluster, swarmkit ca).
import type { Machine, Swarm, SwarmNetwork, SwarmNode } from '../state/schema';
import { hexBytes, joinToken, swarmId } from '../state/ids';
import type { Daemon } from './daemon';
import { ALREADY_IN_SWARM, DaemonError, NOT_IN_SWARM, badRequest, unavailable } from './errors';
import { addBridgeEndpoint, addLocalNetwork, addSwarmNetwork, newLoadBalancer } from './networks';
import { serialAlloc } from './ipam';
import { parseAddr, parsePrefix } from './ip';
import { isDown as nodeDown } from './node-state';
import { dissolveSwarm, reconcileAll } from './orchestrator';
import { noteDeparted } from './indexes';


export const SWARM_PORT = 2377;

const GWBRIDGE_OPTIONS = {
  'com.docker.network.bridge.enable_icc': 'false',
  'com.docker.network.bridge.enable_ip_masquerade': 'true',
  'com.docker.network.bridge.name': 'docker_gwbridge',
};

export interface InitRequest {
  AdvertiseAddr?: string;
  Availability?: 'active' | 'pause' | 'drain';
  DefaultAddrPool?: string[];
  SubnetSize?: number;
}

/** moby daemon/cluster/swarm.go validateDefaultAddrPool, with its messages. */
function addrPoolOf(req: InitRequest): Swarm['addrPool'] {
  if (!req.DefaultAddrPool?.length) return undefined;
  const size = req.SubnetSize || 24;
  if (size > 29) throw badRequest(`subnet size is out of range: ${size}`);
  const pools = req.DefaultAddrPool.map((p) => p.trim());
  for (const p of pools) {
    const prefix = parsePrefix(p);
    if (!prefix) throw badRequest(`invalid base pool ${p}: invalid CIDR address: ${p}`);
    if (size < prefix.bits) throw badRequest(`invalid CIDR: "${p}". Subnet size is too small for pool: ${size}`);
  }
  return { pools, size };
}

function advertiseIp(d: Daemon, addr: string | undefined): string {
  if (!addr) return d.machine.ip;
  const host = addr.replace(/:\d+$/, '');
  if (parseAddr(host) === null) {
    throw badRequest(`advertise address must be a non-zero IP address or network interface (with optional port number)`);
  }
  return host;
}

export function swarmInit(d: Daemon, req: InitRequest): string {
  if (d.node()) throw unavailable(ALREADY_IN_SWARM);
  if (d.state.swarm) {
    throw new DaemonError('dockersim simulates one swarm: this machine can join the existing one with "swarm join"', 503);
  }
  advertiseIp(d, req.AdvertiseAddr);
  const addrPool = addrPoolOf(req);
  const created = d.stamp();
  const caDigest = hexBytes(d.rng, 32);
  const swarm: Swarm = {
    id: swarmId(d.rng),
    created,
    updated: created,
    version: 0,
    index: 8,
    caDigest,
    tokens: { worker: '', manager: '' },
    nodes: [],
    networks: [],
    lastVni: 4095,
    subnetCursor: 0,
    ...(addrPool ? { addrPool } : {}),
    services: [],
    tasks: [],
  };
  const digest = Buffer.from(caDigest, 'hex');
  swarm.tokens.worker = joinToken(d.rng, digest);
  swarm.tokens.manager = joinToken(d.rng, digest);
  swarm.version = d.touch(swarm);
  d.state.swarm = swarm;
  const node = addNode(d, swarm, d.machine, 'manager', req.Availability ?? 'active');
  node.leader = true;
  addSwarmNetwork(d, swarm, {
    name: 'ingress',
    attachable: false,
    internal: false,
    ingress: true,
    ipv6: false,
    labels: {},
    options: {},
    requested: [],
  });
  enterSwarm(d, swarm, d.machine, node);
  return node.id;
}

function addNode(d: Daemon, swarm: Swarm, machine: Machine, role: SwarmNode['role'], availability: SwarmNode['availability']): SwarmNode {
  const created = d.stamp();
  const node: SwarmNode = {
    id: swarmId(d.rng),
    machine: machine.name,
    role,
    availability,
    leader: false,
    status: 'ready',
    created,
    updated: created,
    version: d.touch(swarm),
    labels: {},
  };
  swarm.nodes.push(node);
  return node;
}

function ingressOf(swarm: Swarm): SwarmNetwork | undefined {
  return swarm.networks.find((n) => n.ingress);
}

/** What a node gets on entering the swarm: docker_gwbridge, the ingress sandbox, its ingress LB address. */
function enterSwarm(d: Daemon, swarm: Swarm, machine: Machine, node: SwarmNode): void {
  let gw = machine.networks.find((n) => n.name === 'docker_gwbridge');
  if (!gw) {
    gw = addLocalNetwork(d, machine, {
      name: 'docker_gwbridge',
      driver: 'bridge',
      internal: false,
      attachable: false,
      ipv6: false,
      options: { ...GWBRIDGE_OPTIONS },
      labels: {},
      requested: [],
    });
  }
  const ingress = ingressOf(swarm);
  if (ingress?.alloc) {
    const ip = serialAlloc(d.state, ingress.alloc);
    if (ip) ingress.alloc.lb[node.id] = newLoadBalancer(d, ingress.id, node.id, ip);
  }
  if (!gw.endpoints.some((e) => e.key === 'ingress-sbox')) addBridgeEndpoint(d, gw, 'ingress-sbox', 'gateway_ingress-sbox');
}

export interface JoinRequest {
  RemoteAddrs: string[];
  JoinToken: string;
  AdvertiseAddr?: string;
  Availability?: 'active' | 'pause' | 'drain';
}

const TOKEN_RE = /^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$/;

export function swarmJoin(d: Daemon, req: JoinRequest): SwarmNode['role'] {
  if (d.node()) throw unavailable(ALREADY_IN_SWARM);
  const remote = req.RemoteAddrs[0] ?? '';
  const host = remote.replace(/:\d+$/, '');
  const swarm = d.state.swarm;
  const target = d.state.machines.find((m) => m.ip === host || m.name === host);
  const targetNode = swarm?.nodes.find((n) => n.machine === target?.name);
  if (!swarm || !target || !targetNode || targetNode.role !== 'manager' || target === d.machine) {
    throw unavailable(
      'Timeout was reached before node joined. The attempt to join the swarm will continue in the background. Use the "docker info" command to see the current swarm status of your node.',
    );
  }
  if (!TOKEN_RE.test(req.JoinToken)) throw badRequest('invalid join token');
  const role = req.JoinToken === swarm.tokens.manager ? 'manager' : req.JoinToken === swarm.tokens.worker ? 'worker' : null;
  if (!role) throw badRequest('rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster');
  advertiseIp(d, req.AdvertiseAddr);
  const node = addNode(d, swarm, d.machine, role, req.Availability ?? 'active');
  enterSwarm(d, swarm, d.machine, node);
  reconcileAll(d, swarm);
  return role;
}

export function swarmLeave(d: Daemon, force: boolean): void {
  const swarm = d.state.swarm;
  const node = d.node();
  if (!swarm || !node) throw unavailable(NOT_IN_SWARM);
  const managers = swarm.nodes.filter((n) => n.role === 'manager' && !nodeDown(d.state, n));
  if (node.role === 'manager' && !force) {
    let msg = 'You are attempting to leave the swarm on a node that is participating as a manager. ';
    if (managers.length <= 1) {
      msg += 'Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.';
      throw unavailable(msg);
    }
    const quorum = Math.floor(managers.length / 2) + 1;
    if (managers.length - 1 < quorum) {
      msg += `Removing this node leaves ${managers.length - 1} managers out of ${managers.length}. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with \`--force-new-cluster\`. Use \`--force\` to suppress this message.`;
      throw unavailable(msg);
    }
  }
  leaveMachine(d, swarm, node);
  reconcileAll(d, swarm);
  if (!swarm.nodes.some((n) => n.role === 'manager' && !nodeDown(d.state, n))) {
    // The last manager is gone: the swarm's state goes with it; the other engines are cut off,
    // and leave it as `swarm leave` would: task containers stop, overlay attachments go.
    dissolveSwarm(d, swarm);
    d.state.swarm = null;
  }
}


function leaveMachine(d: Daemon, swarm: Swarm, node: SwarmNode): void {
  for (const net of swarm.networks) {
    if (net.alloc?.lb[node.id]) delete net.alloc.lb[node.id];
  }
  const gw = d.machine.networks.find((n) => n.name === 'docker_gwbridge');
  if (gw) gw.endpoints = gw.endpoints.filter((e) => e.key !== 'ingress-sbox');
  if (node.role === 'manager') {
    noteDeparted(swarm, node);
    swarm.nodes = swarm.nodes.filter((n) => n !== node);
    if (node.leader) {
      const next = swarm.nodes.find((n) => n.role === 'manager');
      if (next) next.leader = true;
    }
  } else {
    node.status = 'down';
    node.updated = d.stamp();
    node.version = d.touch(swarm);
  }
}

export function rotateToken(d: Daemon, role: 'worker' | 'manager'): void {
  const { swarm } = d.manager();
  swarm.tokens[role] = joinToken(d.rng, Buffer.from(swarm.caDigest, 'hex'));
  swarm.updated = d.stamp();
  swarm.version = d.touch(swarm);
}
