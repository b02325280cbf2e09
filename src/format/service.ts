// `docker service ls` rows and `docker service inspect --pretty` (cli/command/service/formatter.go,
// docker-cli-output.md §1.3, §1.5, §3.2, §7.2).
//
// Inputs are Engine API objects as the daemon serves them (swarm.Service with `ServiceStatus`
// from `GET /services?status=true`, or from `GET /services/{id}?insertDefaults=true`).
import { GO_TYPE } from './template/values';
import { withMarshalJSON } from './formatter';
import { bytesSize, humanDuration } from './bytes';
import { nanosOf } from '../engine/time';

type Json = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`,
);

interface ParsedReference {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

/** distribution/reference ParseNormalizedNamed (null where it returns an error). */
export function parseNormalizedNamed(s: string): ParsedReference | null {
  if (/^[a-f0-9]{64}$/.test(s)) return null;
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return null;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return null;
  }
  // splitDockerDomain
  let domain = 'docker.io';
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      domain = first;
      path = rest.slice(slash + 1);
    }
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = 'library/' + path;
  if (path.toLowerCase() !== path) return null;
  if (!DOMAIN_RE.test(domain)) return null;
  if (!path.split('/').every((c) => PATH_COMPONENT_RE.test(c))) return null;
  if (domain.length + 1 + path.length > 255) return null;
  return { domain, path, tag, digest };
}

/** reference.FamiliarName: `docker.io/library/nginx` → `nginx`, `docker.io/a/b` → `a/b`. */
function familiarName(r: ParsedReference): string {
  if (r.domain !== 'docker.io') return `${r.domain}/${r.path}`;
  const p = r.path;
  if (p.startsWith('library/') && !p.slice(8).includes('/')) return p.slice(8);
  return p;
}

/**
 * The image column of `service ls` / `service ps` (§1.3): a reference with a tag is shown as its
 * familiar `name:tag` (digest dropped); anything else (digest-only, untagged, unparsable) as is.
 */
export function stripImageDigest(image: string): string {
  const ref = parseNormalizedNamed(image);
  if (!ref || ref.tag === undefined) return image;
  return `${familiarName(ref)}:${ref.tag}`;
}

/** formatter.TruncateID: drop up to the first `:`, keep 12 characters. */
export function truncateId(id: string): string {
  const i = id.indexOf(':');
  return (i >= 0 ? id.slice(i + 1) : id).slice(0, 12);
}

/** Go's time.Duration.String() for a duration in nanoseconds: `0s`, `5s`, `1m30s`, `1h0m0s`, `1.5s`, `500ms`. */
export function goDuration(ns: number): string {
  let u = Math.round(Math.abs(ns));
  const neg = ns < 0;
  if (u === 0) return '0s';
  const frac = (v: number, digits: number): [string, number] => {
    // fmtFrac: v / 10^digits with the fraction printed without trailing zeros
    const div = 10 ** digits;
    const whole = Math.trunc(v / div);
    const f = String(v - whole * div).padStart(digits, '0').replace(/0+$/, '');
    return [f ? '.' + f : '', whole];
  };
  let out: string;
  if (u < 1e9) {
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) {
      const [f, w] = frac(u, 3);
      out = `${w}${f}µs`;
    } else {
      const [f, w] = frac(u, 6);
      out = `${w}${f}ms`;
    }
  } else {
    const [f, secsTotal] = frac(u, 9);
    out = `${secsTotal % 60}${f}s`;
    u = Math.trunc(secsTotal / 60);
    if (u > 0) {
      out = `${u % 60}m` + out;
      u = Math.trunc(u / 60);
      if (u > 0) out = `${u}h` + out;
    }
  }
  return (neg ? '-' : '') + out;
}

/** Nanoseconds from an RFC 3339 (nano) timestamp to `now`. */
export function nanosSince(ts: string, now: Date): number {
  const ms = Date.parse(ts);
  return (now.getTime() - ms) * 1e6 - (nanosOf(ts) % 1e6);
}

// ---------------------------------------------------------------------------------------------
// service ls
// ---------------------------------------------------------------------------------------------

export const SERVICE_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}';
export const SERVICE_HEADERS = {
  ID: 'ID',
  Name: 'NAME',
  Mode: 'MODE',
  Replicas: 'REPLICAS',
  Image: 'IMAGE',
  Ports: 'PORTS',
};

export interface ServiceRowOptions {
  /**
   * Overrides `svc.ServiceStatus` (`{RunningTasks, DesiredTasks, CompletedTasks}`, what
   * `GET /services?status=true` adds); without either, REPLICAS counts are 0.
   */
  status?: { RunningTasks: number; DesiredTasks: number; CompletedTasks?: number };
}

/** `replicated` | `global` | `replicated job` | `global job` (empty for an unknown mode). */
export function serviceMode(svc: Json): string {
  const m = svc.Spec?.Mode ?? {};
  if (m.Global) return 'global';
  if (m.Replicated) return 'replicated';
  if (m.ReplicatedJob) return 'replicated job';
  if (m.GlobalJob) return 'global job';
  return '';
}

function serviceReplicas(svc: Json, status: ServiceRowOptions['status']): string {
  const st = status ?? svc.ServiceStatus ?? {};
  const running = st.RunningTasks ?? 0;
  const desired = st.DesiredTasks ?? 0;
  const completed = st.CompletedTasks ?? 0;
  const mode = svc.Spec?.Mode ?? {};
  if (mode.ReplicatedJob) {
    return `${running}/${desired} (${completed}/${mode.ReplicatedJob.TotalCompletions ?? 0} completed)`;
  }
  if (mode.GlobalJob) return `${running}/${desired} (${completed}/${desired + completed} completed)`;
  const max = serviceMode(svc) === 'replicated' ? (svc.Spec?.TaskTemplate?.Placement?.MaxReplicas ?? 0) : 0;
  if (max > 0) return `${running}/${desired} (max ${max} per node)`;
  return `${running}/${desired}`;
}

/**
 * The PORTS column: ingress-mode `Endpoint.Ports`, sorted by protocol then published port,
 * consecutive ports collapsed into ranges (`*:80-81->80-81/tcp`), joined by `, `.
 */
export function servicePorts(endpointPorts: Json[] | null | undefined): string {
  if (!endpointPorts) return '';
  const sorted = [...endpointPorts].sort((a, b) => {
    const pa = a.Protocol ?? '';
    const pb = b.Protocol ?? '';
    if (pa === pb) return (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0);
    return pa < pb ? -1 : 1;
  });
  const u32 = (x: number) => x >>> 0;
  let pr = { pStart: 0, pEnd: 0, tStart: 0, tEnd: 0, protocol: '' };
  const out: string[] = [];
  const show = (r: typeof pr) => {
    const pub = r.pEnd > r.pStart ? `${r.pStart}-${r.pEnd}` : `${r.pStart}`;
    const tgt = r.tEnd > r.tStart ? `${r.tStart}-${r.tEnd}` : `${r.tStart}`;
    return `*:${pub}->${tgt}/${r.protocol}`;
  };
  for (const p of sorted) {
    if (p.PublishMode !== 'ingress') continue;
    const published = p.PublishedPort ?? 0;
    const target = p.TargetPort ?? 0;
    const protocol = p.Protocol ?? '';
    const prIsRange = pr.tEnd !== pr.tStart;
    const tOverlaps = target <= pr.tEnd;
    // uint32 arithmetic, as in Go: going backwards wraps around and starts a new range.
    if (
      protocol !== pr.protocol ||
      u32(published - pr.pEnd) > 1 ||
      u32(target - pr.tEnd) > 1 ||
      (prIsRange && tOverlaps)
    ) {
      if (pr.pStart > 0) out.push(show(pr));
      pr = { pStart: published, pEnd: published, tStart: target, tEnd: target, protocol };
      continue;
    }
    pr.pEnd = published;
    pr.tEnd = target;
  }
  if (pr.pStart > 0) out.push(show(pr));
  return out.join(', ');
}

/** One `service ls` row (`*service.serviceContext`). Sorting by name (naturalCompare) is the caller's. */
export function serviceRow(svc: Json, opts: ServiceRowOptions = {}): Json {
  return withMarshalJSON({
    [GO_TYPE]: '*service.serviceContext',
    ID: truncateId(svc.ID),
    Name: svc.Spec?.Name ?? '',
    Mode: serviceMode(svc),
    Replicas: serviceReplicas(svc, opts.status),
    Image: stripImageDigest(svc.Spec?.TaskTemplate?.ContainerSpec?.Image ?? ''),
    Ports: servicePorts(svc.Endpoint?.Ports),
  });
}

// ---------------------------------------------------------------------------------------------
// service inspect --pretty
// ---------------------------------------------------------------------------------------------

/** serviceInspectPrettyTemplate, verbatim (starts with a newline; TABs are real tabs). */
export const SERVICE_PRETTY = `
ID:		{{.ID}}
Name:		{{.Name}}
{{- if .Labels }}
Labels:
{{- range $k, $v := .Labels }}
 {{ $k }}{{if $v }}={{ $v }}{{ end }}
{{- end }}{{ end }}
Service Mode:
{{- if .IsModeGlobal }}	Global
{{- else if .IsModeReplicated }}	Replicated
{{- if .ModeReplicatedReplicas }}
 Replicas:	{{ .ModeReplicatedReplicas }}
{{- end }}{{ end }}
{{- if .HasUpdateStatus }}
UpdateStatus:
 State:		{{ .UpdateStatusState }}
{{- if .HasUpdateStatusStarted }}
 Started:	{{ .UpdateStatusStarted }}
{{- end }}
{{- if .UpdateIsCompleted }}
 Completed:	{{ .UpdateStatusCompleted }}
{{- end }}
 Message:	{{ .UpdateStatusMessage }}
{{- end }}
Placement:
{{- if .TaskPlacementConstraints }}
 Constraints:	{{ .TaskPlacementConstraints }}
{{- end }}
{{- if .TaskPlacementPreferences }}
 Preferences:   {{ .TaskPlacementPreferences }}
{{- end }}
{{- if .MaxReplicas }}
 Max Replicas Per Node:   {{ .MaxReplicas }}
{{- end }}
{{- if .HasUpdateConfig }}
UpdateConfig:
 Parallelism:	{{ .UpdateParallelism }}
{{- if .HasUpdateDelay}}
 Delay:		{{ .UpdateDelay }}
{{- end }}
 On failure:	{{ .UpdateOnFailure }}
{{- if .HasUpdateMonitor}}
 Monitoring Period: {{ .UpdateMonitor }}
{{- end }}
 Max failure ratio: {{ .UpdateMaxFailureRatio }}
 Update order:      {{ .UpdateOrder }}
{{- end }}
{{- if .HasRollbackConfig }}
RollbackConfig:
 Parallelism:	{{ .RollbackParallelism }}
{{- if .HasRollbackDelay}}
 Delay:		{{ .RollbackDelay }}
{{- end }}
 On failure:	{{ .RollbackOnFailure }}
{{- if .HasRollbackMonitor}}
 Monitoring Period: {{ .RollbackMonitor }}
{{- end }}
 Max failure ratio: {{ .RollbackMaxFailureRatio }}
 Rollback order:    {{ .RollbackOrder }}
{{- end }}
ContainerSpec:
 Image:		{{ .ContainerImage }}
{{- if .ContainerArgs }}
 Args:		{{ range $arg := .ContainerArgs }}{{ $arg }} {{ end }}
{{- end -}}
{{- if .ContainerEnv }}
 Env:		{{ range $env := .ContainerEnv }}{{ $env }} {{ end }}
{{- end -}}
{{- if .ContainerWorkDir }}
 Dir:		{{ .ContainerWorkDir }}
{{- end -}}
{{- if .HasContainerInit }}
 Init:		{{ .ContainerInit }}
{{- end -}}
{{- if .ContainerUser }}
 User: {{ .ContainerUser }}
{{- end }}
{{- if .HasCapabilities }}
Capabilities:
{{- if .HasCapabilityAdd }}
 Add: {{ .CapabilityAdd }}
{{- end }}
{{- if .HasCapabilityDrop }}
 Drop: {{ .CapabilityDrop }}
{{- end }}
{{- end }}
{{- if .ContainerSysCtls }}
SysCtls:
{{- range $k, $v := .ContainerSysCtls }}
 {{ $k }}{{if $v }}: {{ $v }}{{ end }}
{{- end }}{{ end }}
{{- if .ContainerUlimits }}
Ulimits:
{{- range $k, $v := .ContainerUlimits }}
 {{ $k }}: {{ $v }}
{{- end }}{{ end }}
{{- if .ContainerMounts }}
Mounts:
{{- end }}
{{- range $mount := .ContainerMounts }}
 Target:	{{ $mount.Target }}
  Source:	{{ $mount.Source }}
  ReadOnly:	{{ $mount.ReadOnly }}
  Type:		{{ $mount.Type }}
{{- end -}}
{{- if .Configs}}
Configs:
{{- range $config := .Configs }}
 Target:	{{$config.File.Name}}
  Source:	{{$config.ConfigName}}
{{- end }}{{ end }}
{{- if .Secrets }}
Secrets:
{{- range $secret := .Secrets }}
 Target:	{{$secret.File.Name}}
  Source:	{{$secret.SecretName}}
{{- end }}{{ end }}
{{- if .HasLogDriver }}
Log Driver:
{{- if .HasLogDriverName }}
 Name:		{{ .LogDriverName }}
{{- end }}
{{- if .LogOpts }}
 LogOpts:
{{- range $k, $v := .LogOpts }}
  {{ $k }}{{if $v }}:       {{ $v }}{{ end }}
{{- end }}{{ end }}
{{ end }}
{{- if .HasResources }}
Resources:
{{- if .HasResourceReservations }}
 Reservations:
{{- if gt .ResourceReservationNanoCPUs 0.0 }}
  CPU:		{{ .ResourceReservationNanoCPUs }}
{{- end }}
{{- if .ResourceReservationMemory }}
  Memory:	{{ .ResourceReservationMemory }}
{{- end }}{{ end }}
{{- if .HasResourceLimits }}
 Limits:
{{- if gt .ResourceLimitsNanoCPUs 0.0 }}
  CPU:		{{ .ResourceLimitsNanoCPUs }}
{{- end }}
{{- if .ResourceLimitMemory }}
  Memory:	{{ .ResourceLimitMemory }}
{{- end }}{{ end }}{{ end }}
{{- if gt .ResourceLimitPids 0 }}
  PIDs:		{{ .ResourceLimitPids }}
{{- end }}
{{- if .Networks }}
Networks:
{{- range $network := .Networks }} {{ $network }}{{ end }} {{ end }}
Endpoint Mode:	{{ .EndpointMode }}
{{- if .Ports }}
Ports:
{{- range $port := .Ports }}
 PublishedPort = {{ $port.PublishedPort }}
  Protocol = {{ $port.Protocol }}
  TargetPort = {{ $port.TargetPort }}
  PublishMode = {{ $port.PublishMode }}
{{- end }} {{ end -}}
{{- if .Healthcheck }}
 Healthcheck:
  Interval = {{ .Healthcheck.Interval }}
  Retries = {{ .Healthcheck.Retries }}
  StartPeriod =	{{ .Healthcheck.StartPeriod }}
  Timeout =	{{ .Healthcheck.Timeout }}
  {{- if .Healthcheck.Test }}
  Tests:
	{{- range $test := .Healthcheck.Test }}
	 Test = {{ $test }}
  {{- end }} {{ end -}}
{{- end }}
`;

/** A Go []string (prints as `[a b]`). */
function goStrings(a: string[] | null | undefined): string[] {
  const out = [...(a ?? [])];
  (out as unknown as Record<symbol, string>)[GO_TYPE] = '[]string';
  return out;
}

/** A Go map[string]string (ranged in sorted key order by the template engine). */
function goStringMap(m: Record<string, string> | null | undefined): Json {
  return { [GO_TYPE]: 'map[string]string', ...(m ?? {}) };
}

function goInt(n: number | undefined | null): bigint {
  return BigInt(Math.trunc(n ?? 0));
}

/**
 * The methods `SERVICE_PRETTY` calls (`*service.serviceInspectContext`, §3.2).
 * `networkNames` maps network IDs (as in `Spec.TaskTemplate.Networks[].Target`) to names;
 * unresolved targets print as the ID. `now` is the client clock for UpdateStatus ages.
 *
 * Typing notes for the template engine: ints are bigints, float64s JS numbers, durations are
 * pre-rendered Go duration strings (`5s`, `1m30s`), `ModeReplicatedReplicas` (a *uint64 in Go,
 * true even when 0) is the decimal string or null.
 */
export function servicePrettyContext(svc: Json, networkNames: Record<string, string>, now: Date): Json {
  const spec = svc.Spec ?? {};
  const tt = spec.TaskTemplate ?? {};
  const cs = tt.ContainerSpec ?? {};
  const placement = tt.Placement;
  const upd = spec.UpdateConfig;
  const rb = spec.RollbackConfig;
  const us = svc.UpdateStatus;
  const res = tt.Resources;
  const resv = res?.Reservations ?? {};
  const lim = res?.Limits ?? {};
  const log = tt.LogDriver;
  const hc = cs.Healthcheck;
  const replicas = spec.Mode?.Replicated?.Replicas;

  const fileTarget = (f: Json | null | undefined) =>
    f ? { [GO_TYPE]: '*swarm.ConfigReferenceFileTarget', Name: f.Name ?? '', UID: f.UID ?? '', GID: f.GID ?? '', Mode: f.Mode ?? 0 } : null;

  return {
    [GO_TYPE]: '*service.serviceInspectContext',
    ID: svc.ID,
    Name: spec.Name ?? '',
    Labels: goStringMap(spec.Labels),
    HasLogDriver: !!log,
    HasLogDriverName: !!log?.Name,
    LogDriverName: log?.Name ?? '',
    LogOpts: goStringMap(log?.Options),
    Configs: (cs.Configs ?? []).map((c: Json) => ({
      [GO_TYPE]: '*swarm.ConfigReference',
      File: fileTarget(c.File),
      ConfigID: c.ConfigID ?? '',
      ConfigName: c.ConfigName ?? '',
    })),
    Secrets: (cs.Secrets ?? []).map((s: Json) => ({
      [GO_TYPE]: '*swarm.SecretReference',
      File: fileTarget(s.File),
      SecretID: s.SecretID ?? '',
      SecretName: s.SecretName ?? '',
    })),
    Healthcheck: hc
      ? {
          [GO_TYPE]: '*container.HealthConfig',
          Test: goStrings(hc.Test),
          Interval: goDuration(hc.Interval ?? 0),
          Timeout: goDuration(hc.Timeout ?? 0),
          StartPeriod: goDuration(hc.StartPeriod ?? 0),
          StartInterval: goDuration(hc.StartInterval ?? 0),
          Retries: goInt(hc.Retries),
        }
      : null,
    IsModeGlobal: !!spec.Mode?.Global,
    IsModeReplicated: !!spec.Mode?.Replicated,
    ModeReplicatedReplicas: replicas === undefined || replicas === null ? null : String(replicas),
    HasUpdateStatus: !!us && !!us.State,
    UpdateStatusState: us?.State ?? '',
    HasUpdateStatusStarted: !!us?.StartedAt,
    UpdateStatusStarted: us?.StartedAt ? humanDuration(nanosSince(us.StartedAt, now)) + ' ago' : '',
    UpdateIsCompleted: us?.State === 'completed' && !!us?.CompletedAt,
    UpdateStatusCompleted: us?.CompletedAt ? humanDuration(nanosSince(us.CompletedAt, now)) + ' ago' : '',
    UpdateStatusMessage: us?.Message ?? '',
    TaskPlacementConstraints: goStrings(placement?.Constraints),
    TaskPlacementPreferences: goStrings(
      (placement?.Preferences ?? [])
        .filter((p: Json) => p.Spread)
        .map((p: Json) => 'spread=' + (p.Spread.SpreadDescriptor ?? '')),
    ),
    MaxReplicas: goInt(placement?.MaxReplicas),
    HasUpdateConfig: !!upd,
    UpdateParallelism: goInt(upd?.Parallelism),
    HasUpdateDelay: (upd?.Delay ?? 0) > 0,
    UpdateDelay: goDuration(upd?.Delay ?? 0),
    UpdateOnFailure: upd?.FailureAction ?? '',
    UpdateOrder: upd?.Order ?? '',
    HasUpdateMonitor: (upd?.Monitor ?? 0) > 0,
    UpdateMonitor: goDuration(upd?.Monitor ?? 0),
    UpdateMaxFailureRatio: upd?.MaxFailureRatio ?? 0,
    HasRollbackConfig: !!rb,
    RollbackParallelism: goInt(rb?.Parallelism),
    HasRollbackDelay: (rb?.Delay ?? 0) > 0,
    RollbackDelay: goDuration(rb?.Delay ?? 0),
    RollbackOnFailure: rb?.FailureAction ?? '',
    HasRollbackMonitor: (rb?.Monitor ?? 0) > 0,
    RollbackMonitor: goDuration(rb?.Monitor ?? 0),
    RollbackMaxFailureRatio: rb?.MaxFailureRatio ?? 0,
    RollbackOrder: rb?.Order ?? '',
    ContainerImage: cs.Image ?? '',
    ContainerArgs: goStrings(cs.Args),
    ContainerEnv: goStrings(cs.Env),
    ContainerWorkDir: cs.Dir ?? '',
    ContainerUser: cs.User ?? '',
    HasContainerInit: cs.Init !== undefined && cs.Init !== null,
    ContainerInit: !!cs.Init,
    ContainerMounts: (cs.Mounts ?? []).map((m: Json) => ({
      [GO_TYPE]: 'mount.Mount',
      Type: m.Type ?? '',
      Source: m.Source ?? '',
      Target: m.Target ?? '',
      ReadOnly: !!m.ReadOnly,
      Consistency: m.Consistency ?? '',
    })),
    ContainerSysCtls: goStringMap(cs.Sysctls),
    HasContainerSysCtls: Object.keys(cs.Sysctls ?? {}).length > 0,
    ContainerUlimits: goStringMap(
      Object.fromEntries((cs.Ulimits ?? []).map((u: Json) => [u.Name, `${u.Soft ?? 0}:${u.Hard ?? 0}`])),
    ),
    HasContainerUlimits: (cs.Ulimits ?? []).length > 0,
    HasResources: !!res,
    HasResourceReservations: !!res?.Reservations && ((resv.NanoCPUs ?? 0) > 0 || (resv.MemoryBytes ?? 0) > 0),
    ResourceReservationNanoCPUs: (resv.NanoCPUs ?? 0) / 1e9,
    ResourceReservationMemory: resv.MemoryBytes ? bytesSize(resv.MemoryBytes) : '',
    HasResourceLimits:
      !!res?.Limits && ((lim.NanoCPUs ?? 0) > 0 || (lim.MemoryBytes ?? 0) > 0 || (lim.Pids ?? 0) > 0),
    ResourceLimitsNanoCPUs: (lim.NanoCPUs ?? 0) / 1e9,
    ResourceLimitMemory: lim.MemoryBytes ? bytesSize(lim.MemoryBytes) : '',
    ResourceLimitPids: goInt(lim.Pids),
    Networks: goStrings((tt.Networks ?? []).map((n: Json) => networkNames[n.Target] ?? n.Target)),
    EndpointMode: spec.EndpointSpec ? (spec.EndpointSpec.Mode ?? '') : '',
    Ports: (svc.Endpoint?.Ports ?? []).map((p: Json) => ({
      [GO_TYPE]: 'swarm.PortConfig',
      Name: p.Name ?? '',
      Protocol: p.Protocol ?? '',
      TargetPort: goInt(p.TargetPort),
      PublishedPort: goInt(p.PublishedPort),
      PublishMode: p.PublishMode ?? '',
    })),
    HasCapabilities: (cs.CapabilityAdd ?? []).length > 0 || (cs.CapabilityDrop ?? []).length > 0,
    HasCapabilityAdd: (cs.CapabilityAdd ?? []).length > 0,
    HasCapabilityDrop: (cs.CapabilityDrop ?? []).length > 0,
    CapabilityAdd: (cs.CapabilityAdd ?? []).join(', '),
    CapabilityDrop: (cs.CapabilityDrop ?? []).join(', '),
  };
}
