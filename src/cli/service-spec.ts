// `service create` / `service update` flags → ServiceSpec, as docker/cli's service opts do
// (cli/command/service/opts.go, update.go).
import type { CommandContext } from './command';
import { CliError } from './command';
import type { PortConfig, ServiceSpec } from '../state/schema';
import { parseGoDuration } from './flags';
import { parsePortOpt } from './ports';

type Json = Record<string, any>;

function kv(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const i = item.indexOf('=');
    out[i < 0 ? item : item.slice(0, i)] = i < 0 ? '' : item.slice(i + 1);
  }
  return out;
}

/** The ports of `-p`/`--publish-add` (already checked when the flags were read). */
function parsePorts(values: string[]): PortConfig[] {
  return values.flatMap(parsePortOpt);
}

/**
 * cli/command/service/update.go's updatePorts: the current ports without duplicates, minus those
 * whose target port, protocol and mode a `--publish-rm` names, plus the new ones not already
 * there, sorted by `published:target/protocol/mode`.
 */
function updatePorts(current: PortConfig[], add: PortConfig[], rm: PortConfig[]): PortConfig[] {
  const key = (p: PortConfig) => `${p.PublishedPort ?? 0}:${p.TargetPort}/${p.Protocol}/${p.PublishMode}`;
  const set = new Map<string, PortConfig>();
  for (const p of current) if (!set.has(key(p))) set.set(key(p), p);
  const out = [...set.values()].filter((p) => !rm.some((r) => r.TargetPort === p.TargetPort && r.Protocol === p.Protocol && r.PublishMode === p.PublishMode));
  for (const p of add) if (!set.has(key(p))) out.push(p);
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `--network foo` or `--network name=foo,alias=bar`. */
function parseNetworks(values: string[]): Json[] {
  return values.map((v) => {
    if (!v.includes('=')) return { Target: v };
    const n: Json = { Target: '' };
    for (const field of v.split(',')) {
      const [k, val = ''] = field.split('=');
      if (k === 'name') n.Target = val;
      else if (k === 'alias') (n.Aliases ??= []).push(val);
      else if (k === 'driver-opt') (n.DriverOpts ??= {})[val.split('=')[0]] = val.split('=').slice(1).join('=');
    }
    return n;
  });
}

function nanos(ctx: CommandContext, flag: string): number | undefined {
  const v = ctx.str(flag);
  return v === undefined ? undefined : parseGoDuration(v);
}

function num(ctx: CommandContext, flag: string): number | undefined {
  const v = ctx.str(flag);
  return v === undefined ? undefined : Number(v);
}

function updateConfig(ctx: CommandContext, prefix: 'update' | 'rollback', base: Json = {}): Json {
  const c: Json = { ...base };
  const set = (k: string, v: unknown) => v !== undefined && (c[k] = v);
  set('Parallelism', num(ctx, `${prefix}-parallelism`));
  set('Delay', nanos(ctx, `${prefix}-delay`));
  set('FailureAction', ctx.str(`${prefix}-failure-action`));
  set('Monitor', nanos(ctx, `${prefix}-monitor`));
  set('MaxFailureRatio', num(ctx, `${prefix}-max-failure-ratio`));
  set('Order', ctx.str(`${prefix}-order`));
  return c;
}

export function createSpec(ctx: CommandContext): ServiceSpec {
  const [image, ...args] = ctx.args;
  const mode = ctx.str('mode') ?? 'replicated';
  if (!['replicated', 'global', 'replicated-job', 'global-job'].includes(mode)) {
    throw new CliError(`Unknown mode: ${mode}, only replicated and global supported`);
  }
  if (ctx.changed('replicas') && mode !== 'replicated' && mode !== 'replicated-job') {
    throw new CliError('replicas can only be used with replicated or replicated-job mode');
  }
  const cs: Json = { Image: image };
  const cl = kv(ctx.list('container-label'));
  if (Object.keys(cl).length) cs.Labels = cl;
  const entry = ctx.str('entrypoint');
  if (entry) cs.Command = entry.split(/\s+/).filter(Boolean);
  if (args.length) cs.Args = args;
  if (ctx.str('hostname')) cs.Hostname = ctx.str('hostname');
  if (ctx.list('env').length) cs.Env = ctx.list('env');
  if (ctx.str('workdir')) cs.Dir = ctx.str('workdir');
  if (ctx.str('user')) cs.User = ctx.str('user');
  if (ctx.bool('init')) cs.Init = true;
  if (ctx.str('stop-signal')) cs.StopSignal = ctx.str('stop-signal');
  if (ctx.bool('tty')) cs.TTY = true;
  if (ctx.bool('read-only')) cs.ReadOnly = true;
  const grace = nanos(ctx, 'stop-grace-period');
  if (grace !== undefined) cs.StopGracePeriod = grace;
  const placement: Json = {};
  if (ctx.list('constraint').length) placement.Constraints = ctx.list('constraint');
  const maxPerNode = num(ctx, 'replicas-max-per-node');
  if (maxPerNode) placement.MaxReplicas = maxPerNode;
  const restart: Json = {};
  if (ctx.str('restart-condition')) restart.Condition = ctx.str('restart-condition');
  if (nanos(ctx, 'restart-delay') !== undefined) restart.Delay = nanos(ctx, 'restart-delay');
  if (num(ctx, 'restart-max-attempts') !== undefined) restart.MaxAttempts = num(ctx, 'restart-max-attempts');
  const tt: Json = { ContainerSpec: cs, RestartPolicy: restart, Placement: placement };
  const nets = parseNetworks(ctx.list('network'));
  if (nets.length) tt.Networks = nets;
  const spec: Json = { Name: ctx.str('name') ?? '', Labels: kv(ctx.list('label')), TaskTemplate: tt };
  if (mode === 'global') spec.Mode = { Global: {} };
  else if (mode === 'replicated') spec.Mode = { Replicated: { Replicas: ctx.changed('replicas') ? Number(ctx.str('replicas')) : 1 } };
  else throw new CliError(`dockersim does not simulate ${mode} services yet`);
  spec.UpdateConfig = updateConfig(ctx, 'update');
  spec.RollbackConfig = updateConfig(ctx, 'rollback');
  const ports = parsePorts(ctx.list('publish'));
  spec.EndpointSpec = { Mode: ctx.str('endpoint-mode') ?? 'vip', ...(ports.length ? { Ports: ports } : {}) };
  return spec;
}

/** `service update` flags applied to the current spec (cli/command/service/update.go). */
export function updatedSpec(ctx: CommandContext, current: ServiceSpec, networkId: (ref: string) => string): ServiceSpec {
  const spec: Json = JSON.parse(JSON.stringify(current));
  const tt = spec.TaskTemplate;
  const cs = tt.ContainerSpec;
  if (ctx.changed('image')) cs.Image = ctx.str('image');
  if (ctx.changed('args')) cs.Args = (ctx.str('args') ?? '').split(/\s+/).filter(Boolean);
  if (ctx.changed('entrypoint')) cs.Command = (ctx.str('entrypoint') ?? '').split(/\s+/).filter(Boolean);
  if (ctx.changed('workdir')) cs.Dir = ctx.str('workdir');
  if (ctx.changed('user')) cs.User = ctx.str('user');
  if (ctx.changed('hostname')) cs.Hostname = ctx.str('hostname');
  if (ctx.list('env-add').length || ctx.list('env-rm').length) {
    const env = new Map<string, string>();
    for (const e of cs.Env ?? []) env.set(e.split('=')[0], e);
    for (const k of ctx.list('env-rm')) env.delete(k.split('=')[0]);
    for (const e of ctx.list('env-add')) env.set(e.split('=')[0], e);
    cs.Env = [...env.values()];
    if (!cs.Env.length) delete cs.Env;
  }
  if (ctx.list('label-add').length || ctx.list('label-rm').length) {
    const labels = { ...(spec.Labels ?? {}) };
    for (const k of ctx.list('label-rm')) delete labels[k];
    Object.assign(labels, kv(ctx.list('label-add')));
    spec.Labels = labels;
  }
  if (ctx.list('constraint-add').length || ctx.list('constraint-rm').length) {
    const p = (tt.Placement ??= {});
    const rm = new Set(ctx.list('constraint-rm'));
    p.Constraints = [...(p.Constraints ?? []).filter((c: string) => !rm.has(c)), ...ctx.list('constraint-add')];
  }
  if (ctx.changed('replicas-max-per-node')) (tt.Placement ??= {}).MaxReplicas = num(ctx, 'replicas-max-per-node');
  if (ctx.changed('replicas')) {
    if (!spec.Mode?.Replicated) throw new CliError('replicas can only be used with replicated or replicated-job mode');
    spec.Mode.Replicated.Replicas = Number(ctx.str('replicas'));
  }
  if (ctx.list('network-add').length || ctx.list('network-rm').length) {
    // service/update.go updateNetworks: names resolve to IDs among swarm networks, sorted by ID
    const rm = new Set(ctx.list('network-rm').map(networkId));
    const kept: Json[] = (tt.Networks ?? []).filter((n: Json) => !rm.has(n.Target));
    const attached = new Set(kept.map((n) => n.Target));
    for (const n of parseNetworks(ctx.list('network-add'))) {
      const id = networkId(n.Target);
      if (attached.has(id)) throw new CliError(`service is already attached to network ${n.Target}`);
      kept.push({ ...n, Target: id });
      attached.add(id);
    }
    tt.Networks = kept.sort((a, b) => (a.Target < b.Target ? -1 : a.Target > b.Target ? 1 : 0));
  }
  if (ctx.list('publish-add').length || ctx.list('publish-rm').length) {
    const ports = updatePorts(spec.EndpointSpec?.Ports ?? [], parsePorts(ctx.list('publish-add')), parsePorts(ctx.list('publish-rm')));
    spec.EndpointSpec = { ...(spec.EndpointSpec ?? { Mode: 'vip' }), Ports: ports };
  }
  if (ctx.changed('endpoint-mode')) spec.EndpointSpec = { ...(spec.EndpointSpec ?? {}), Mode: ctx.str('endpoint-mode') };
  spec.UpdateConfig = updateConfig(ctx, 'update', spec.UpdateConfig);
  spec.RollbackConfig = updateConfig(ctx, 'rollback', spec.RollbackConfig);
  if (ctx.bool('force')) tt.ForceUpdate = (tt.ForceUpdate ?? 0) + 1;
  return spec;
}
