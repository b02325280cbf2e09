// swarm.Service and swarm.Task as the API returns them (docker-cli-output.md §3.1,
// swarm-networking.md §10.2–10.3).
import type { Daemon } from '../daemon';
import type { Service, Swarm, SwarmNetwork, Task } from '../../state/schema';
import { isGlobal, replicas } from '../spec';
import { isDown } from '../node-state';
import { networkById, serviceById, taskIndex } from '../indexes';
import { templateOf } from '../task-containers';

type Json = Record<string, any>;

function endpointView(svc: Service): Json {
  const spec = svc.spec.EndpointSpec ?? { Mode: 'vip' };
  const out: Json = { Spec: spec };
  if (svc.ports.length) out.Ports = svc.ports.map((p) => ({ ...p }));
  if (svc.vips.length) out.VirtualIPs = svc.vips.map((v) => ({ NetworkID: v.net, Addr: v.addr }));
  return out;
}

/** Running/desired counts for `service ls` (ServiceStatus, API `status=true`). */
/** IDs of the nodes that are up: a task counts as running only on one of them. */
export function upNodes(d: Daemon, swarm: Swarm): Set<string> {
  return new Set(swarm.nodes.filter((n) => !isDown(d.state, n)).map((n) => n.id));
}

export function serviceStatus(svc: Service, swarm: Swarm, up: Set<string>): { RunningTasks: number; DesiredTasks: number; CompletedTasks: number } {
  const tasks = taskIndex(swarm).ofService(svc.id);
  let running = 0;
  let desiredRunning = 0;
  for (const t of tasks) {
    if (t.desired !== 'running') continue;
    desiredRunning++;
    if (t.state === 'running' && up.has(t.node)) running++;
  }
  let desired = replicas(svc.spec);
  if (isGlobal(svc.spec)) desired = desiredRunning;
  return { RunningTasks: running, DesiredTasks: desired, CompletedTasks: 0 };
}

/** A service as the API returns it; `up` (see upNodes) adds ServiceStatus (`?status=true`). */
export function serviceView(swarm: Swarm, svc: Service, up?: Set<string>): Json {
  const o: Json = {
    ID: svc.id,
    Version: { Index: svc.version },
    CreatedAt: svc.created,
    UpdatedAt: svc.updated,
    Spec: svc.spec,
  };
  if (svc.previousSpec) o.PreviousSpec = svc.previousSpec;
  o.Endpoint = endpointView(svc);
  if (svc.updateStatus) o.UpdateStatus = svc.updateStatus;
  if (up) o.ServiceStatus = serviceStatus(svc, swarm, up);
  return o;
}

function networkBrief(net: SwarmNetwork): Json {
  return {
    ID: net.id,
    Version: { Index: net.version },
    CreatedAt: net.created,
    UpdatedAt: net.updated,
    Spec: {
      Name: net.name,
      Labels: net.labels ?? {},
      DriverConfiguration: { Name: 'overlay' },
      ...(net.attachable ? { Attachable: true } : {}),
      ...(net.ingress ? { Ingress: true } : {}),
      IPAMOptions: { Driver: { Name: 'default' } },
      Scope: 'swarm',
    },
    DriverState: { Name: 'overlay', Options: { ...net.options } },
    IPAMOptions: { Driver: { Name: 'default' }, Configs: (net.alloc?.ipam ?? []).map((c) => ({ ...c })) },
  };
}

export function taskView(d: Daemon, swarm: Swarm, t: Task): Json {
  const svc = serviceById(swarm, t.service);
  const status: Json = { Timestamp: t.since, State: t.state, Message: t.message };
  if (t.err) status.Err = t.err;
  if (t.container) status.ContainerStatus = { ContainerID: t.container, PID: 0, ExitCode: 0 };
  status.PortStatus = {};
  const hostPorts = (svc?.ports ?? []).filter((p) => p.PublishMode === 'host');
  if (hostPorts.length && t.state === 'running') status.PortStatus = { Ports: hostPorts };
  const o: Json = {
    ID: t.id,
    Version: { Index: t.version },
    CreatedAt: t.created,
    UpdatedAt: t.updated,
    Labels: {},
    Spec: svc ? templateOf(svc, t.tv) : undefined,
    ServiceID: t.service,
  };
  if (t.slot) o.Slot = t.slot;
  if (t.node) o.NodeID = t.node;
  o.Status = status;
  o.DesiredState = t.desired;
  if (t.nets.length) {
    o.NetworksAttachments = t.nets.map((a) => {
      const net = networkById(swarm, a.net);
      return { Network: net ? networkBrief(net) : { ID: a.net }, Addresses: a.addr ? [a.addr] : [] };
    });
  }
  if (svc && (svc.ports.length || svc.vips.length)) o.Endpoint = { Spec: svc.spec.EndpointSpec, ...(svc.ports.length ? { Ports: svc.ports } : {}) };
  return o;
}
