// ServiceSpec normalisation: the defaults the daemon inserts (`insertDefaults`) and the Go
// struct field order the API encodes (docker api/types/swarm), so inspect prints like docker.
import type { PortConfig, ServiceSpec } from '../state/schema';
import { sorted } from './views/maps';

type Json = Record<string, any>;

function ordered(obj: Json | undefined, keys: string[]): Json {
  const out: Json = {};
  if (!obj) return out;
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out) && obj[k] !== undefined) out[k] = obj[k];
  return out;
}

const CONTAINER_KEYS = ['Image', 'Labels', 'Command', 'Args', 'Hostname', 'Env', 'Dir', 'User', 'Groups', 'Privileges', 'Init', 'StopSignal', 'TTY', 'OpenStdin', 'ReadOnly', 'Mounts', 'StopGracePeriod', 'Healthcheck', 'Hosts', 'DNSConfig', 'Secrets', 'Configs', 'Isolation', 'Sysctls', 'CapabilityAdd', 'CapabilityDrop', 'Ulimits', 'OomScoreAdj'];
const TEMPLATE_KEYS = ['ContainerSpec', 'PluginSpec', 'NetworkAttachmentSpec', 'Resources', 'RestartPolicy', 'Placement', 'Networks', 'LogDriver', 'ForceUpdate', 'Runtime'];
const SPEC_KEYS = ['Name', 'Labels', 'TaskTemplate', 'Mode', 'UpdateConfig', 'RollbackConfig', 'Networks', 'EndpointSpec'];
const PORT_KEYS = ['Name', 'Protocol', 'TargetPort', 'PublishedPort', 'PublishMode'];
const UPDATE_KEYS = ['Parallelism', 'Delay', 'FailureAction', 'Monitor', 'MaxFailureRatio', 'Order'];

export const DEFAULT_UPDATE = { Parallelism: 1, FailureAction: 'pause', Monitor: 5_000_000_000, MaxFailureRatio: 0, Order: 'stop-first' };

/** The spec with the daemon's defaults filled in and keys in API order. */
export function normalizeSpec(spec: ServiceSpec, platform: { Architecture: string; OS: string } | null): ServiceSpec {
  const tt: Json = { ...(spec.TaskTemplate ?? {}) };
  const cs: Json = { ...(tt.ContainerSpec ?? {}) };
  cs.Init ??= false;
  cs.StopGracePeriod ??= 10_000_000_000;
  cs.DNSConfig ??= {};
  cs.Isolation ??= 'default';
  if (cs.Labels) cs.Labels = sorted(cs.Labels);
  tt.ContainerSpec = ordered(cs, CONTAINER_KEYS);
  tt.Resources ??= { Limits: {}, Reservations: {} };
  tt.RestartPolicy = ordered({ Condition: 'any', Delay: 5_000_000_000, MaxAttempts: 0, ...(tt.RestartPolicy ?? {}) }, ['Condition', 'Delay', 'MaxAttempts', 'Window']);
  const placement: Json = { ...(tt.Placement ?? {}) };
  if (placement.Constraints && !placement.Constraints.length) delete placement.Constraints;
  if (!placement.Platforms && platform) placement.Platforms = [platform];
  tt.Placement = ordered(placement, ['Constraints', 'Preferences', 'MaxReplicas', 'Platforms']);
  if (tt.Networks && !tt.Networks.length) delete tt.Networks;
  tt.ForceUpdate ??= 0;
  tt.Runtime ??= 'container';
  const out: Json = { ...spec, Labels: sorted(spec.Labels), TaskTemplate: ordered(tt, TEMPLATE_KEYS) };
  out.Mode ??= { Replicated: { Replicas: 1 } };
  out.UpdateConfig = ordered({ ...DEFAULT_UPDATE, ...(spec.UpdateConfig ?? {}) }, UPDATE_KEYS);
  out.RollbackConfig = ordered({ ...DEFAULT_UPDATE, ...(spec.RollbackConfig ?? {}) }, UPDATE_KEYS);
  out.EndpointSpec = ordered({ ...(spec.EndpointSpec ?? {}), Mode: spec.EndpointSpec?.Mode || 'vip' }, ['Mode', 'Ports']);
  if (out.EndpointSpec.Ports && !out.EndpointSpec.Ports.length) delete out.EndpointSpec.Ports;
  // swarmkit's enums: an empty protocol is tcp, an empty publish mode ingress
  else if (out.EndpointSpec.Ports) out.EndpointSpec.Ports = out.EndpointSpec.Ports.map((p: PortConfig) => orderedPort({ ...p, Protocol: p.Protocol || 'tcp', PublishMode: p.PublishMode || 'ingress' }));
  return ordered(out, SPEC_KEYS);
}

/** A PortConfig in swarm.PortConfig's field order (what an API client sends may be in any). */
export function orderedPort(p: PortConfig): PortConfig {
  return ordered(p, PORT_KEYS) as PortConfig;
}

export function isGlobal(spec: ServiceSpec): boolean {
  return !!spec.Mode?.Global;
}

export function replicas(spec: ServiceSpec): number {
  return spec.Mode?.Replicated?.Replicas ?? 0;
}

/** What makes tasks differ: a changed task template means rolling replacement. */
export function taskTemplateKey(spec: ServiceSpec): string {
  return JSON.stringify(spec.TaskTemplate);
}
