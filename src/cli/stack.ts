// docker stack deploy|ls|services|ps|rm — the swarm implementation of docker 28.2
// (cli/command/stack/swarm, cli/compose/convert): a Compose file becomes overlay networks and
// services named `<stack>_<name>`, labelled com.docker.stack.namespace; the other commands find
// them by that label. The Compose subset read: image, command, entrypoint, environment, hostname,
// working_dir, user, tty, stdin_open, labels, ports, networks (aliases), deploy (mode, replicas,
// placement constraints, endpoint_mode, labels), and top-level networks (driver, attachable,
// internal, ipam subnets, external, name).
import fs from 'node:fs';
import type { CommandDef, CommandContext } from './command';
import { CliError } from './command';
import type { Client } from '../client';
import { Filters } from '../client/filters';
import { DaemonError } from '../engine/errors';
import type { PortConfig, ServiceSpec } from '../state/schema';
import { naturalCompare } from '../format/sort';
import { formatRows } from '../format/formatter';
import { SERVICE_HEADERS, SERVICE_TABLE, serviceRow } from '../format/service';
import { daemonMessage } from './util';
import { parsePortOpt } from './ports';
import { printTasks, serviceNames, nodeNames, scenario, showProgress } from './service';

type Json = Record<string, any>;

const NAMESPACE = 'com.docker.stack.namespace';

// cli/compose/types: service keys swarm stacks refuse, ignore, or ignore with a reason
const FORBIDDEN: Record<string, string> = {
  extends: 'Support for `extends` is not implemented yet.',
  volume_driver: 'Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.',
  volumes_from: 'To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.',
  cpu_quota: 'Set resource limits using deploy.resources',
  cpu_shares: 'Set resource limits using deploy.resources',
  cpuset: 'Set resource limits using deploy.resources',
  mem_limit: 'Set resource limits using deploy.resources',
  memswap_limit: 'Set resource limits using deploy.resources',
};
const UNSUPPORTED = ['build', 'cgroupns_mode', 'cgroup_parent', 'devices', 'domainname', 'external_links', 'ipc', 'links', 'mac_address', 'network_mode', 'pid', 'privileged', 'restart', 'security_opt', 'shm_size', 'userns_mode'];
const DEPRECATED: Record<string, string> = {
  container_name: 'Setting the container name is not supported.',
  expose: "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
};

/** loader.go propertyWarnings: `name: description`, sorted, blank-line separated. */
function propertyWarnings(props: Record<string, string>, keys: string[]): string {
  return keys.map((k) => `${k}: ${props[k]}`).sort().join('\n\n');
}

/** stack/loader LoadComposefile's checks of the service keys: refused, then the two warnings. */
function checkProperties(ctx: CommandContext, services: Json[]): void {
  const used = (keys: string[]) => keys.filter((k) => services.some((s) => s && typeof s === 'object' && k in s));
  const forbidden = used(Object.keys(FORBIDDEN));
  if (forbidden.length) throw new CliError(`Compose file contains unsupported options:\n\n${propertyWarnings(FORBIDDEN, forbidden)}\n`);
  const unsupported = used(UNSUPPORTED).sort();
  if (unsupported.length) ctx.io.err(`Ignoring unsupported options: ${unsupported.join(', ')}\n\n`);
  const deprecated = used(Object.keys(DEPRECATED));
  if (deprecated.length) ctx.io.err(`Ignoring deprecated options:\n\n${propertyWarnings(DEPRECATED, deprecated)}\n\n`);
}
const IMAGE = 'com.docker.stack.image';

/** The Compose file(s) of `-c` (`-` is stdin), merged top-level key by key as later files win. */
async function loadCompose(ctx: CommandContext): Promise<Json> {
  const files = ctx.list('compose-file');
  if (!files.length) throw new CliError('Specify a Compose file (with --compose-file)');
  const YAML = require('yaml') as typeof import('yaml');
  const merged: Json = { services: {}, networks: {} };
  const dicts: Json[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? await ctx.io.readAll() : fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new CliError(`open ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
    let doc: Json;
    try {
      doc = YAML.parse(text) ?? {};
    } catch (e) {
      throw new CliError(`yaml: ${(e as Error).message.split('\n')[0]}`);
    }
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new CliError(`Top-level object must be a mapping`);
    for (const key of ['services', 'networks']) Object.assign(merged[key], doc[key] ?? {});
    dicts.push(...Object.values<Json>(doc.services ?? {}));
  }
  checkProperties(ctx, dicts);
  for (const [name, svc] of Object.entries<Json>(merged.services)) {
    if (!svc?.image) throw new CliError(`invalid image reference for service ${name}: no image specified`);
  }
  return merged;
}

const words = (v: unknown): string[] | undefined => (v === undefined || v === null ? undefined : Array.isArray(v) ? v.map(String) : String(v).trim().split(/\s+/));

/** `KEY=value` lists or maps, sorted (convertEnvironment). */
function environment(v: unknown): string[] | undefined {
  if (!v) return undefined;
  const out = Array.isArray(v) ? v.map(String) : Object.entries(v as Json).map(([k, x]) => (x === null || x === undefined ? k : `${k}=${x}`));
  return out.sort();
}

function labels(v: unknown): Record<string, string> {
  if (!v) return {};
  if (Array.isArray(v)) return Object.fromEntries(v.map(String).map((l) => [l.split('=')[0], l.split('=').slice(1).join('=')]));
  return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, String(x)]));
}

/** Compose ports: `"8080:80"`, `80`, `"8080:80/udp"` or `{target, published, protocol, mode}`. */
function ports(v: unknown): PortConfig[] {
  const out: PortConfig[] = [];
  for (const p of (v as unknown[]) ?? []) {
    if (p && typeof p === 'object') {
      const o = p as Json;
      const cfg: PortConfig = { Protocol: o.protocol ?? 'tcp', TargetPort: Number(o.target), PublishMode: o.mode ?? 'ingress' };
      out.push(o.published ? { Protocol: cfg.Protocol, TargetPort: cfg.TargetPort, PublishedPort: Number(o.published), PublishMode: cfg.PublishMode } : cfg);
    } else {
      try {
        out.push(...parsePortOpt(String(p)));
      } catch (e) {
        throw new CliError(`services.ports: ${(e as Error).message}`);
      }
    }
  }
  // convertEndpointSpec sorts by published port
  return out.sort((a, b) => (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0));
}

/** The networks a service joins: `[a, b]` or `{a: {aliases: […]}}`; none means `default`. */
function serviceNetworks(v: unknown): Record<string, Json> {
  if (!v) return { default: {} };
  if (Array.isArray(v)) return Object.fromEntries(v.map((n) => [String(n), {}]));
  return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, x ?? {}]));
}

/** Where a Compose network lives on the swarm: its `name`, or `<stack>_<key>`. */
function networkName(stack: string, key: string, cfg: Json | undefined): string {
  const ext = cfg?.external;
  if (ext && typeof ext === 'object' && ext.name) return String(ext.name);
  return cfg?.name ? String(cfg.name) : ext ? key : `${stack}_${key}`;
}

/** convert.Service: the ServiceSpec docker stack deploy sends for one Compose service. */
function serviceSpec(stack: string, name: string, svc: Json, networks: Json): ServiceSpec {
  const deploy: Json = svc.deploy ?? {};
  const mode = deploy.mode ?? 'replicated';
  if (mode === 'global' && deploy.replicas !== undefined) throw new CliError('replicas can only be used with replicated or replicated-job mode');
  if (mode !== 'global' && mode !== 'replicated') throw new CliError(`Unknown mode: ${mode}`);
  const cs: Json = {
    Image: String(svc.image),
    ...(svc.entrypoint !== undefined ? { Command: words(svc.entrypoint) } : {}),
    ...(svc.command !== undefined ? { Args: words(svc.command) } : {}),
    ...(svc.hostname ? { Hostname: String(svc.hostname) } : {}),
    ...(environment(svc.environment) ? { Env: environment(svc.environment) } : {}),
    Labels: { ...labels(svc.labels), [NAMESPACE]: stack },
    ...(svc.working_dir ? { Dir: String(svc.working_dir) } : {}),
    ...(svc.user ? { User: String(svc.user) } : {}),
    ...(svc.tty ? { TTY: true } : {}),
    ...(svc.stdin_open ? { OpenStdin: true } : {}),
  };
  const attach = Object.entries(serviceNetworks(svc.networks)).map(([key, cfg]) => {
    if (key !== 'default' && !(key in (networks ?? {}))) throw new CliError(`service "${name}" refers to undefined network ${key}: invalid compose project`);
    const target = networkName(stack, key, networks?.[key]);
    // only user-defined networks take aliases: the service's own name is always one
    const aliases = [...((cfg.aliases as string[]) ?? []).map(String), ...(['bridge', 'host', 'none'].includes(target) ? [] : [name])];
    return { Target: target, ...(aliases.length ? { Aliases: aliases } : {}) };
  });
  attach.sort((a, b) => (a.Target < b.Target ? -1 : a.Target > b.Target ? 1 : 0));
  const constraints = (deploy.placement?.constraints as string[] | undefined)?.map(String);
  const spec: Json = {
    Name: `${stack}_${name}`,
    Labels: { ...labels(deploy.labels), [NAMESPACE]: stack, [IMAGE]: String(svc.image) },
    TaskTemplate: { ContainerSpec: cs, ...(constraints?.length ? { Placement: { Constraints: constraints } } : {}), Networks: attach },
    Mode: mode === 'global' ? { Global: {} } : { Replicated: { Replicas: deploy.replicas === undefined ? 1 : Number(deploy.replicas) } },
    EndpointSpec: { Mode: String(deploy.endpoint_mode ?? 'vip').toLowerCase(), ...(svc.ports ? { Ports: ports(svc.ports) } : {}) },
  };
  return spec as ServiceSpec;
}

/** Services of a stack (by its label). */
function stackServices(c: Client, stack: string): Json[] {
  return c.serviceList(Filters.parse([`label=${NAMESPACE}=${stack}`]), false);
}

function stackNetworks(c: Client, stack: string): Json[] {
  return c.networkList(Filters.parse([`label=${NAMESPACE}=${stack}`]));
}

function daemonErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DaemonError) throw new CliError(daemonMessage(e));
    throw e;
  }
}

const deploy: CommandDef = {
  path: 'stack deploy',
  args: { exact: 1 },
  async run(ctx) {
    const stack = ctx.args[0];
    const resolve = ctx.str('resolve-image') ?? 'always';
    if (!['always', 'changed', 'never'].includes(resolve)) throw new CliError(`Invalid option ${resolve} for flag --resolve-image`);
    const compose = await loadCompose(ctx);
    const detach = ctx.changed('detach') ? ctx.bool('detach') : true;
    if (detach && !ctx.changed('detach')) ctx.io.err('Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.\n');
    const progress = await ctx.client((c) =>
      daemonErrors(() => {
        // checkDaemonIsSwarmManager, with its own words
        try {
          c.daemon.manager();
        } catch {
          throw new CliError('this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again');
        }
        const used = new Set<string>();
        const specs = Object.entries<Json>(compose.services).map(([name, svc]) => {
          for (const key of Object.keys(serviceNetworks(svc.networks))) used.add(key);
          return serviceSpec(stack, name, svc, compose.networks);
        });
        // networks first: external ones must exist in swarm scope, the others are created
        const existing = new Set(stackNetworks(c, stack).map((n) => n.Name));
        for (const key of [...used].sort()) {
          const cfg: Json = compose.networks?.[key] ?? {};
          const name = networkName(stack, key, cfg);
          if (cfg.external) {
            if (['bridge', 'host', 'none'].includes(name)) continue;
            let scope: string;
            try {
              scope = c.networkInspect(name).Scope;
            } catch (e) {
              if (e instanceof DaemonError && e.status === 404) throw new CliError(`network "${name}" is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed`);
              throw e;
            }
            if (scope !== 'swarm') throw new CliError(`network "${name}" is declared as external, but it is not in the right scope: "${scope}" instead of "swarm"`);
            continue;
          }
          if (existing.has(name)) continue;
          ctx.io.out(`Creating network ${name}\n`);
          const subnets = ((cfg.ipam?.config as Json[]) ?? []).map((x) => ({ Subnet: String(x.subnet) }));
          c.networkCreate({
            Name: name,
            Driver: cfg.driver ?? 'overlay',
            Attachable: !!cfg.attachable,
            Internal: !!cfg.internal,
            Options: cfg.driver_opts ?? {},
            Labels: { ...labels(cfg.labels), [NAMESPACE]: stack },
            ...(subnets.length ? { IPAM: { Driver: 'default', Config: subnets } } : {}),
          });
        }
        const current = new Map(stackServices(c, stack).map((s) => [s.Spec.Name, s]));
        const ids: string[] = [];
        // docker ranges over a Go map here (random order); sorted is one of its orders
        for (const spec of specs.sort((a, b) => naturalCompare(a.Name!, b.Name!))) {
          const old = current.get(spec.Name);
          if (old) {
            ctx.io.out(`Updating service ${spec.Name} (id: ${old.ID})\n`);
            c.serviceUpdate(old.ID, spec);
            ids.push(old.ID);
          } else {
            ctx.io.out(`Creating service ${spec.Name}\n`);
            ids.push(c.serviceCreate(spec).ID);
          }
        }
        // --detach=false: waitOnServices, each service's convergence as service create shows it
        return detach ? [] : ids.map((id) => scenario(c, id, id));
      }),
    );
    if (!ctx.bool('quiet')) for (const p of progress) showProgress(ctx, p);
  },
};

const ls: CommandDef = {
  path: 'stack ls',
  args: 'none',
  async run(ctx) {
    const services = await ctx.client((c) => daemonErrors(() => c.serviceList(Filters.parse([`label=${NAMESPACE}`]), false)));
    const counts = new Map<string, number>();
    for (const s of services) counts.set(s.Spec.Labels[NAMESPACE], (counts.get(s.Spec.Labels[NAMESPACE]) ?? 0) + 1);
    const rows = [...counts].sort(([a], [b]) => naturalCompare(a, b)).map(([Name, n]) => ({ Name, Services: String(n) }));
    ctx.io.out(formatRows({ format: ctx.str('format'), quiet: false, defaultFormat: 'table {{.Name}}\t{{.Services}}', headers: { Name: 'NAME', Services: 'SERVICES' } }, rows));
  },
};

const services: CommandDef = {
  path: 'stack services',
  args: { exact: 1 },
  async run(ctx) {
    const stack = ctx.args[0];
    const filters = Filters.parse([...ctx.list('filter'), `label=${NAMESPACE}=${stack}`]);
    const list = await ctx.client((c) => daemonErrors(() => c.serviceList(filters)));
    if (!list.length) {
      ctx.io.err(`Nothing found in stack: ${stack}\n`);
      return;
    }
    const rows = list.sort((a, b) => naturalCompare(a.Spec.Name, b.Spec.Name)).map((s) => serviceRow(s));
    ctx.io.out(formatRows({ format: ctx.str('format'), quiet: ctx.bool('quiet'), defaultFormat: SERVICE_TABLE, headers: SERVICE_HEADERS }, rows));
  },
};

const ps: CommandDef = {
  path: 'stack ps',
  args: { exact: 1 },
  async run(ctx) {
    const stack = ctx.args[0];
    const data = await ctx.client((c) =>
      daemonErrors(() => ({ tasks: c.taskList(Filters.parse([...ctx.list('filter'), `label=${NAMESPACE}=${stack}`])), services: serviceNames(c), nodes: nodeNames(c) })),
    );
    if (!data.tasks.length) throw new CliError(`nothing found in stack: ${stack}`);
    printTasks(ctx, data.tasks, data);
  },
};

const rm: CommandDef = {
  path: 'stack rm',
  args: { min: 1 },
  async run(ctx) {
    const failed: string[] = [];
    for (const stack of ctx.args) {
      await ctx.client((c) =>
        daemonErrors(() => {
          const svcs = stackServices(c, stack).sort((a, b) => (a.Spec.Name < b.Spec.Name ? -1 : a.Spec.Name > b.Spec.Name ? 1 : 0));
          const nets = stackNetworks(c, stack);
          if (!svcs.length && !nets.length) {
            ctx.io.err(`Nothing found in stack: ${stack}\n`);
            return;
          }
          // remove.go: each kind in turn, a failure reported and the rest still removed
          const removeAll = (kind: string, items: Array<{ id: string; name: string }>, remove: (id: string) => void) => {
            let ok = true;
            for (const x of items) {
              ctx.io.out(`Removing ${kind} ${x.name}\n`);
              try {
                remove(x.id);
              } catch (e) {
                if (!(e instanceof DaemonError)) throw e;
                ctx.io.err(`Failed to remove ${kind} ${x.id}: ${daemonMessage(e)}`);
                ok = false;
              }
            }
            return ok;
          };
          const servicesOk = removeAll('service', svcs.map((x) => ({ id: x.ID, name: x.Spec.Name })), (id) => c.serviceRemove(id));
          const networksOk = removeAll('network', nets.map((x) => ({ id: x.Id, name: x.Name })), (id) => c.networkRemove(id));
          const broken = !servicesOk || !networksOk;
          if (broken) failed.push(`failed to remove some resources from stack: ${stack}`);
        }),
      );
    }
    if (failed.length) throw new CliError(failed.join('\n'));
  },
};

export const stackCommands = [deploy, ls, services, ps, rm];
