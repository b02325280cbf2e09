// Network objects exactly as the daemon serialises them (moby api/types/network Inspect field
// order, docker-cli-output.md §3.1, swarm-networking.md §2.2–2.3).
import type { Daemon } from '../daemon';
import type { LocalNetwork, SwarmNetwork } from '../../state/schema';
import { instantiatedOn, type NetworkRef } from '../networks';
import { macFromIp } from '../ip';
import { prefixLen } from '../ipam';
import { sorted } from './maps';
import { machineByName } from '../indexes';

type Json = Record<string, unknown>;


function head(d: Daemon, name: string, id: string, created: string, scope: string, driver: string, enableIPv4: boolean, ipv6: boolean): Json {
  const o: Json = { Name: name, Id: id, Created: created, Scope: scope, Driver: driver };
  if (d.profile.inspectEnableIPv4) o.EnableIPv4 = enableIPv4;
  o.EnableIPv6 = ipv6;
  return o;
}

function tail(o: Json, f: { internal: boolean; attachable: boolean; ingress: boolean }): Json {
  o.Internal = f.internal;
  o.Attachable = f.attachable;
  o.Ingress = f.ingress;
  o.ConfigFrom = { Network: '' };
  o.ConfigOnly = false;
  return o;
}

function localView(d: Daemon, net: LocalNetwork, detail: boolean): Json {
  const o = head(d, net.name, net.id, net.created, 'local', net.driver, true, net.ipv6);
  o.IPAM = { Driver: 'default', Options: null, Config: net.ipam.length ? net.ipam.map((c) => ({ ...c })) : null };
  tail(o, { internal: net.internal, attachable: net.attachable, ingress: false });
  const containers: Json = {};
  if (detail) {
    for (const e of net.endpoints) {
      containers[e.key] = {
        Name: e.name,
        EndpointID: e.endpointId,
        MacAddress: e.mac,
        IPv4Address: `${e.ip}/${prefixLen(net.ipam[0])}`,
        IPv6Address: '',
      };
    }
  }
  o.Containers = sorted(containers);
  o.Options = sorted(net.options);
  o.Labels = sorted(net.labels);
  return o;
}

/** A swarm network from the managers' store (no local instantiation): the cluster view. */
function clusterView(d: Daemon, net: SwarmNetwork): Json {
  const failed = !net.alloc;
  const o = head(d, net.name, net.id, net.created, 'swarm', failed ? '' : net.driver, d.profile.clusterEnableIPv4, net.ipv6);
  o.IPAM = { Driver: 'default', Options: null, Config: net.alloc ? net.alloc.ipam.map((c) => ({ ...c })) : null };
  tail(o, { internal: net.internal, attachable: net.attachable, ingress: net.ingress });
  o.Containers = d.profile.clusterContainersNull ? null : {};
  o.Options = failed ? null : sorted(net.options);
  o.Labels = net.labels ? sorted(net.labels) : null;
  return o;
}

/** A swarm network instantiated on this node: libnetwork's local view, with Peers. */
function instantiatedView(d: Daemon, net: SwarmNetwork, detail: boolean): Json {
  const alloc = net.alloc!;
  const node = d.node()!;
  const lb = alloc.lb[node.id];
  const o = head(d, net.name, net.id, lb.created, 'swarm', net.driver, true, net.ipv6);
  o.IPAM = { Driver: 'default', Options: null, Config: alloc.ipam.map((c) => ({ ...c })) };
  tail(o, { internal: net.internal, attachable: net.attachable, ingress: net.ingress });
  const containers: Json = {};
  if (detail) {
    const bits = prefixLen(alloc.ipam[0]);
    for (const c of d.machine.containers) {
      const a = c.nets.find((n) => n.net === net.id);
      if (!a || c.state !== 'running') continue;
      containers[c.id] = { Name: c.name, EndpointID: a.endpointId, MacAddress: a.mac, IPv4Address: `${a.ip}/${bits}`, IPv6Address: '' };
    }
    const key = net.ingress ? 'ingress-sbox' : `lb-${net.name}`;
    containers[key] = {
      Name: net.ingress ? 'ingress-endpoint' : `${net.name}-endpoint`,
      EndpointID: lb.endpointId,
      MacAddress: macFromIp(lb.ip),
      IPv4Address: `${lb.ip}/${bits}`,
      IPv6Address: '',
    };
  }
  o.Containers = sorted(containers);
  o.Options = sorted(net.options);
  o.Labels = net.labels ? sorted(net.labels) : {};
  if (detail) {
    const swarm = d.state.swarm!;
    o.Peers = swarm.nodes
      .filter((n) => alloc.lb[n.id])
      .map((n) => ({ Name: peerName(n.id), IP: machineByName(d.state, n.machine)?.ip ?? '' }));
  }
  return o;
}

/** NetworkDB peer name: 12 hex, stable per node here. */
function peerName(nodeId: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 12; round++) {
    for (const c of nodeId + round) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 12);
}

/** `GET /networks/{id}` on this machine. */
export function networkInspectView(d: Daemon, ref: NetworkRef): Json {
  if (ref.kind === 'local') return localView(d, ref.net, true);
  return instantiatedOn(d, ref.net, d.machine) && ref.net.alloc ? instantiatedView(d, ref.net, true) : clusterView(d, ref.net);
}

/** `GET /networks` item: no endpoint details; cluster networks from the store. */
export function networkListView(d: Daemon, ref: NetworkRef): Json {
  if (ref.kind === 'local') return localView(d, ref.net, false);
  const node = d.node();
  if (node?.role === 'manager' || !ref.net.alloc) return clusterView(d, ref.net);
  return instantiatedView(d, ref.net, false);
}
