// Invariants every state a command leaves behind must hold (the crash and fuzz tests check them
// after every command). Each problem is one line of text; an empty list means consistent.
//
// - IDs are unique (machines by name and IP, nodes, networks, services, tasks, containers and
//   their names per machine), and `context` names a machine;
// - swarm networks: no two allocated subnets overlap, no VXLAN ID is used twice, VNIs and the
//   allocator's cursor are in range;
// - no overlay address is held twice (gateway, service VIPs, task attachments, node load
//   balancers, attached containers), no bridge address twice (gateway, endpoints), and every
//   address is inside its network's subnet;
// - every task names an existing service and a template version it has; a task that is meant to
//   run and is assigned names an existing node (history tasks may name removed nodes: docker
//   keeps them and prints the node's ID); a task container names an existing task;
// - every endpoint's network exists: container attachments name a network of their machine or
//   of the swarm, bridge endpoints name a container of the machine (or the ingress sandbox),
//   task attachments, VIPs and load balancers name swarm networks and nodes that exist.
// The check reads a machine's task containers as commands see them (rebuilt where the file
// leaves them out), so it is meant for tests and tools, not for every command.
import type { IpamConfig, State } from './schema';

interface Prefix {
  addr: number;
  bits: number;
}

function parseAddr(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

function parsePrefix(s: string | undefined): Prefix | null {
  if (!s) return null;
  const [a, b] = s.split('/');
  const addr = parseAddr(a);
  const bits = Number(b);
  if (addr === null || !/^\d{1,2}$/.test(b ?? '') || bits > 32) return null;
  return { addr, bits };
}

const maskOf = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);
const inside = (p: Prefix, a: number) => ((a & maskOf(p.bits)) >>> 0) === ((p.addr & maskOf(p.bits)) >>> 0);
const overlap = (a: Prefix, b: Prefix) => inside(a.bits <= b.bits ? a : b, (a.bits <= b.bits ? b : a).addr);

const VNI_FIRST = 4096;
const VNI_LAST = 16777215;

export function checkConsistency(state: State): string[] {
  const problems: string[] = [];
  const bad = (msg: string) => problems.push(msg);
  const dupes = <T>(items: T[], key: (x: T) => string, what: string) => {
    const seen = new Set<string>();
    for (const x of items) {
      const k = key(x);
      if (seen.has(k)) bad(`duplicate ${what} ${k}`);
      seen.add(k);
    }
  };

  dupes(state.machines, (m) => m.name, 'machine');
  dupes(state.machines, (m) => m.ip, 'machine IP');
  if (!state.machines.some((m) => m.name === state.context)) bad(`context ${state.context} names no machine`);

  const swarm = state.swarm;
  const swarmNets = new Map((swarm?.networks ?? []).map((n) => [n.id, n]));
  const subnetOf = (cfg: IpamConfig[] | undefined) => parsePrefix(cfg?.[0]?.Subnet);

  /** address → holder, per network; reports a second holder and addresses outside the subnet. */
  const holders = new Map<string, Map<number, string>>();
  const hold = (netId: string, subnet: Prefix | null, ip: string, holder: string) => {
    if (!ip) return;
    const a = parseAddr(ip.split('/')[0]);
    if (a === null) return bad(`${holder}: bad address ${ip} on ${netId}`);
    if (subnet && !inside(subnet, a)) bad(`${holder}: address ${ip} outside the subnet of ${netId}`);
    let m = holders.get(netId);
    if (!m) holders.set(netId, (m = new Map()));
    const other = m.get(a);
    if (other !== undefined && other !== holder) bad(`address ${ip} on ${netId} held by ${other} and ${holder}`);
    m.set(a, holder);
  };

  for (const m of state.machines) {
    dupes(m.networks, (n) => n.id, `network on ${m.name}:`);
    dupes(m.networks, (n) => n.name, `network name on ${m.name}:`);
    dupes(m.containers, (c) => c.id, `container on ${m.name}:`);
    dupes(m.containers, (c) => c.name, `container name on ${m.name}:`);
    const local = new Map(m.networks.map((n) => [n.id, n]));
    const containers = new Set(m.containers.map((c) => c.id));
    const prefixes = m.networks.flatMap((n) => n.ipam.map((c) => ({ n, p: parsePrefix(c.Subnet) }))).filter((x) => x.p);
    for (let i = 0; i < prefixes.length; i++) {
      for (let j = i + 1; j < prefixes.length; j++) {
        if (overlap(prefixes[i].p!, prefixes[j].p!)) bad(`${m.name}: networks ${prefixes[i].n.name} and ${prefixes[j].n.name} overlap`);
      }
    }
    for (const n of m.networks) {
      const subnet = subnetOf(n.ipam);
      const key = `${m.name}/${n.name}`;
      for (const c of n.ipam) if (c.Gateway) hold(key, parsePrefix(c.Subnet), c.Gateway, 'gateway');
      for (const e of n.endpoints) {
        if (e.key !== 'ingress-sbox' && !containers.has(e.key)) bad(`${key}: endpoint of unknown container ${e.key}`);
        hold(key, subnet, e.ip, `endpoint ${e.key}`);
      }
    }
    for (const c of m.containers) {
      for (const a of c.nets) {
        const ln = local.get(a.net);
        const sn = swarmNets.get(a.net);
        if (!ln && !sn) {
          bad(`${m.name}: container ${c.name} is attached to unknown network ${a.net}`);
          continue;
        }
        if (ln) {
          if (!ln.endpoints.some((e) => e.key === c.id && e.ip === a.ip) && c.state === 'running') bad(`${m.name}: container ${c.name} has no endpoint on ${ln.name}`);
          continue;
        }
        const holder = c.task ? `task ${c.task}` : `container ${m.name}/${c.name}`;
        hold(sn!.id, subnetOf(sn!.alloc?.ipam), a.ip, holder);
      }
      if (c.gw) {
        const gw = m.networks.find((n) => n.name === 'docker_gwbridge');
        if (!gw) bad(`${m.name}: container ${c.name} has a gateway endpoint but there is no docker_gwbridge`);
        else if (!gw.endpoints.some((e) => e.key === c.id && e.ip === c.gw!.ip)) bad(`${m.name}: container ${c.name}'s gateway endpoint is missing`);
      }
      if (c.task && swarm && !swarm.tasks.some((t) => t.id === c.task)) bad(`${m.name}: container ${c.name} of unknown task ${c.task}`);
    }
  }

  if (!swarm) return problems;
  dupes(swarm.nodes, (n) => n.id, 'node');
  dupes(swarm.networks, (n) => n.id, 'swarm network');
  dupes(swarm.networks, (n) => n.name, 'swarm network name');
  dupes(swarm.services, (s) => s.id, 'service');
  dupes(swarm.services, (s) => s.spec.Name, 'service name');
  dupes(swarm.tasks, (t) => t.id, 'task');
  const nodes = new Set(swarm.nodes.map((n) => n.id));
  const services = new Map(swarm.services.map((s) => [s.id, s]));

  const allocated = swarm.networks.filter((n) => n.alloc);
  const vnis = new Map<number, string>();
  for (let i = 0; i < allocated.length; i++) {
    const n = allocated[i];
    const subnet = subnetOf(n.alloc!.ipam);
    if (!subnet) bad(`network ${n.name}: bad subnet ${n.alloc!.ipam[0]?.Subnet}`);
    for (let j = i + 1; j < allocated.length && subnet; j++) {
      const other = subnetOf(allocated[j].alloc!.ipam);
      if (other && overlap(subnet, other)) bad(`networks ${n.name} and ${allocated[j].name} have overlapping subnets ${n.alloc!.ipam[0].Subnet} and ${allocated[j].alloc!.ipam[0].Subnet}`);
    }
    for (const v of n.alloc!.vni) {
      if (!Number.isInteger(v) || v < VNI_FIRST || v > VNI_LAST) bad(`network ${n.name}: VXLAN ID ${v} out of range`);
      const other = vnis.get(v);
      if (other) bad(`VXLAN ID ${v} used by ${other} and ${n.name}`);
      vnis.set(v, n.name);
    }
    if (subnet && (n.alloc!.last < 0 || n.alloc!.last >= 2 ** (32 - subnet.bits))) bad(`network ${n.name}: allocator cursor ${n.alloc!.last} out of range`);
    if (n.alloc!.ipam[0]?.Gateway) hold(n.id, subnet, n.alloc!.ipam[0].Gateway, 'gateway');
    for (const [nodeId, lb] of Object.entries(n.alloc!.lb)) {
      if (!nodes.has(nodeId)) bad(`network ${n.name}: load balancer of unknown node ${nodeId}`);
      hold(n.id, subnet, lb.ip, `lb ${nodeId}`);
    }
  }
  for (const s of swarm.services) {
    for (const v of s.vips) {
      const n = swarmNets.get(v.net);
      if (!n) bad(`service ${s.spec.Name}: VIP on unknown network ${v.net}`);
      else hold(n.id, subnetOf(n.alloc?.ipam), v.addr, `vip ${s.id}`);
    }
  }
  for (const t of swarm.tasks) {
    const svc = services.get(t.service);
    if (!svc) bad(`task ${t.id} of unknown service ${t.service}`);
    else if (t.tv !== svc.tv && t.tv !== svc.ptv && !svc.templates?.[t.tv]) bad(`task ${t.id} names unknown template version ${t.tv}`);
    const live = t.desired === 'running' || t.desired === 'ready';
    if (live && t.node && !nodes.has(t.node)) bad(`task ${t.id} (desired ${t.desired}) on unknown node ${t.node}`);
    for (const a of t.nets) {
      const n = swarmNets.get(a.net);
      if (!n) bad(`task ${t.id} attached to unknown network ${a.net}`);
      else hold(n.id, subnetOf(n.alloc?.ipam), a.addr, `task ${t.id}`);
    }
  }
  const published = new Map<string, string>();
  for (const s of swarm.services) {
    for (const p of s.ports) {
      if (p.PublishMode !== 'ingress' || !p.PublishedPort) continue;
      const k = `${p.PublishedPort}/${p.Protocol}`;
      if (published.has(k)) bad(`port ${k} published by ${published.get(k)} and ${s.spec.Name}`);
      published.set(k, s.spec.Name);
    }
  }
  return problems;
}
