// docker run/create/start/stop/restart/kill/rm/ps/inspect/logs (cli/command/container).
import type { CommandDef, CommandContext } from './command';
import { CliError } from './command';
import type { Client } from '../client';
import { Filters } from '../client/filters';
import { DaemonError } from '../engine/errors';
import { formatRows, formatEach } from '../format/formatter';
import { CONTAINER_HEADERS, CONTAINER_TABLE } from '../format/container';
import { containerRow } from '../format/container';
import { inspectArray } from '../format/json';
import { collect, daemonMessage, forEachRef } from './util';
import { familiar, parseRef } from '../engine/images';
import type { ContainerCreateRequest } from '../engine/containers';
import { renderPull } from '../format/pull';
import { runMain } from './exec';
import { settleDetached } from '../client/processes';
import { naturalCompare } from '../format/sort';
import { parsePortSpec } from './ports';
import { containerLogLines, tailLines } from '../engine/logs';

type Json = Record<string, any>;

/** The exit code docker run/create give an error (cli/command/container/run.go). */
function runExitCode(msg: string): number {
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(msg)) return 127;
  if (/permission denied|is a directory/.test(msg)) return 126;
  return 125;
}

/** `docker: <err>` in the profile's style (28.x adds the help line, ≤27 a period). */
function runError(ctx: CommandContext, legacy: boolean, msg: string, createTime: boolean): CliError {
  const cmd = ctx.path.endsWith('create') ? 'create' : 'run';
  if (legacy) {
    return new CliError(`${ctx.prog}: ${msg}.${createTime ? `\nSee '${ctx.prog} ${cmd} --help'.` : ''}`, runExitCode(msg));
  }
  return new CliError(`${ctx.prog}: ${msg}\n\nRun '${ctx.prog} ${cmd} --help' for more information`, runExitCode(msg));
}

function envList(ctx: CommandContext): string[] {
  return ctx.list('env').map((e) => (e.includes('=') ? e : `${e}=${ctx.env[e] ?? ''}`)).filter((e) => !e.endsWith('=') || e.includes('='));
}

/**
 * HostConfig.PortBindings from `-p` (run.go's parse: the `published=…,target=…` form becomes
 * `published:target/protocol` first, then nat.ParsePortSpecs); throws docker's message.
 */
function portBindings(values: string[]): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const v of values) {
    let spec = v;
    if (v.includes('=')) {
      const params: Record<string, string> = { protocol: 'tcp' };
      for (const param of v.split(',')) {
        const eq = param.indexOf('=');
        if (eq <= 0) throw new Error(`invalid publish opts format (should be name=value but got '${param}')`);
        params[param.slice(0, eq)] = param.slice(eq + 1);
      }
      spec = `${params.published ?? ''}:${params.target ?? ''}/${params.protocol}`;
    }
    for (const m of parsePortSpec(spec)) (out[`${m.containerPort}/${m.proto}`] ??= []).push({ HostIp: m.hostIp, HostPort: m.hostPort });
  }
  return out;
}

function createRequest(ctx: CommandContext, legacy: boolean): ContainerCreateRequest {
  const [image, ...cmd] = ctx.args;
  let ports: ReturnType<typeof portBindings>;
  try {
    ports = portBindings(ctx.list('publish'));
  } catch (e) {
    throw runError(ctx, legacy, (e as Error).message, true);
  }
  const entry = ctx.str('entrypoint');
  const req: ContainerCreateRequest = {
    name: ctx.str('name'),
    Image: image,
    Env: envList(ctx),
    WorkingDir: ctx.str('workdir'),
    Hostname: ctx.str('hostname'),
    Labels: Object.fromEntries(ctx.list('label').map((l) => [l.split('=')[0], l.split('=').slice(1).join('=')])),
    Tty: ctx.bool('tty'),
    OpenStdin: ctx.bool('interactive'),
    HostConfig: { NetworkMode: ctx.str('network') ?? 'default', PortBindings: ports, AutoRemove: ctx.bool('rm') },
  };
  if (cmd.length) req.Cmd = cmd;
  if (entry !== undefined) req.Entrypoint = entry === '' ? [] : [entry];
  const aliases = ctx.list('network-alias');
  if (aliases.length) req.NetworkingConfig = { EndpointsConfig: { [ctx.str('network') ?? 'default']: { Aliases: aliases } } };
  return req;
}

/**
 * Create, pulling first when the engine lacks the image (`Unable to find image … locally`). The
 * pull is its own transaction: what was pulled stays even when the create then fails.
 */
async function createWithPull(ctx: CommandContext): Promise<{ id: string; legacy: boolean }> {
  const pullPolicy = ctx.str('pull') ?? 'missing';
  if (!['always', 'missing', 'never'].includes(pullPolicy)) {
    throw new CliError(`${ctx.prog}: invalid pull option: '${pullPolicy}': must be one of "always", "missing" or "never"\n\nRun '${ctx.prog} ${ctx.path.endsWith('create') ? 'create' : 'run'} --help' for more information`, 125);
  }
  const legacy = await ctx.client((c) => c.profile.runErrorStyle === 'legacy');
  const req = createRequest(ctx, legacy);
  const fail = (e: DaemonError, createTime = true) => runError(ctx, legacy, daemonMessage(e), createTime);
  const pullNow = () =>
    ctx.client((c) => {
      try {
        pull(ctx, c, req.Image, false);
      } catch (e) {
        if (e instanceof DaemonError) throw fail(e);
        throw e;
      }
    });
  const create = () =>
    ctx.client((c) => {
      try {
        return c.containerCreate(req).Id;
      } catch (e) {
        if (e instanceof DaemonError && e.status === 404 && e.message.startsWith('No such image')) return null;
        if (e instanceof DaemonError) throw fail(e);
        throw e;
      }
    });
  if (pullPolicy === 'always') await pullNow();
  let id = await create();
  if (id === null) {
    if (pullPolicy === 'never') throw fail(new DaemonError(`No such image: ${familiar(parseRef(req.Image)!)}`, 404));
    ctx.io.err(`Unable to find image '${familiar(parseRef(req.Image)!)}' locally\n`);
    await pullNow();
    id = await create();
    if (id === null) throw fail(new DaemonError(`No such image: ${familiar(parseRef(req.Image)!)}`, 404));
  }
  return { id, legacy };
}

function pull(ctx: CommandContext, c: Client, image: string, toStdout: boolean): void {
  const text = renderPull(c.imagePull(image), ctx.io.isTTY);
  if (toStdout) ctx.io.out(text);
  else ctx.io.err(text);
}

const run: CommandDef = {
  path: 'container run',
  args: { min: 1 },
  interspersed: false,
  async run(ctx) {
    // run.go: only an attached run needs a terminal (`run -dit … ash` is fine from a script)
    if (!ctx.bool('detach') && ctx.bool('tty') && !ctx.io.stdinTTY && ctx.bool('interactive')) throw new CliError('the input device is not a TTY');
    const { id, legacy } = await createWithPull(ctx);
    const detach = ctx.bool('detach');
    if (detach) ctx.io.out(id + '\n');
    await ctx.client(async (c) => {
      try {
        c.containerStart(id);
        if (detach) await settleDetached(c, id);
      } catch (e) {
        if (e instanceof DaemonError) throw runError(ctx, legacy, daemonMessage(e), false);
        throw e;
      }
    });
    if (detach) return;
    return foreground(ctx, id);
  },
};

/**
 * `docker run` without -d: the container's main process runs attached. Short commands run in the
 * container's shell and exit with their status; long-running ones (sleep, servers) print their
 * startup output and stay running (dockersim does not block the terminal).
 */
function foreground(ctx: CommandContext, id: string): Promise<number> {
  return runMain(ctx, id);
}

const create: CommandDef = {
  path: 'container create',
  args: { min: 1 },
  interspersed: false,
  async run(ctx) {
    const { id } = await createWithPull(ctx);
    ctx.io.out(id + '\n');
  },
};

function perRef(path: string, op: (c: Client, ref: string, ctx: CommandContext) => void | Promise<void>): CommandDef {
  return { path, args: { min: 1 }, run: (ctx) => forEachRef(ctx, (c, ref) => op(c, ref, ctx)) };
}

// start/restart: the main process then runs as in `run -d` (settleDetached)
const start = perRef('container start', async (c, ref) => {
  c.containerStart(ref);
  await settleDetached(c, c.container(ref).id);
});
const stop = perRef('container stop', (c, ref) => c.containerStop(ref));
const kill = perRef('container kill', (c, ref) => c.containerStop(ref, true));
const restart = perRef('container restart', async (c, ref) => {
  c.containerStop(ref);
  c.containerStart(ref);
  await settleDetached(c, c.container(ref).id);
});
const rm = perRef('container rm', (c, ref, ctx) => c.containerRemove(ref, ctx.bool('force')));
const pause = perRef('container pause', (c, ref) => c.containerPause(ref, true));
const unpause = perRef('container unpause', (c, ref) => c.containerPause(ref, false));

const ls: CommandDef = {
  path: 'container ls',
  args: 'none',
  async run(ctx) {
    const filters = Filters.parse(ctx.list('filter'));
    const { list, now } = await ctx.client((c) => ({
      list: c.containerList(ctx.bool('all') || ctx.changed('last') || ctx.bool('latest'), filters),
      now: c.now,
    }));
    let items = list;
    if (ctx.bool('latest')) items = items.slice(0, 1);
    else if (ctx.changed('last') && Number(ctx.str('last')) >= 0) items = items.slice(0, Number(ctx.str('last')));
    const trunc = !ctx.bool('no-trunc');
    const rows = items.map((c) => containerRow(c, now, { trunc, networks: Object.keys(c.NetworkSettings.Networks) }));
    let format = ctx.str('format');
    if (ctx.bool('quiet')) {
      if (format) ctx.io.err('WARNING: Ignoring custom format, because both --format and --quiet are set.\n');
      format = '{{.ID}}';
    }
    const table = ctx.bool('size') ? `${CONTAINER_TABLE}\t{{.Size}}` : CONTAINER_TABLE;
    ctx.io.out(formatRows({ format, defaultFormat: table, headers: CONTAINER_HEADERS }, rows));
  },
};

async function inspectContainers(ctx: CommandContext, notFoundText: (ref: string) => string) {
  return ctx.client((c) => collect(ctx.args, (ref) => c.containerInspect(ref), notFoundText));
}

function printInspect(ctx: CommandContext, found: Json[], errors: string[]): void {
  const format = ctx.str('format');
  if (format === 'json') ctx.io.out(JSON.stringify(found) + '\n');
  else if (format) ctx.io.out(formatEach(format, found));
  else ctx.io.out(inspectArray(found));
  if (errors.length) throw new CliError(errors.join('\n'));
}

const inspect: CommandDef = {
  path: 'container inspect',
  args: { min: 1 },
  async run(ctx) {
    const { found, errors } = await inspectContainers(ctx, (ref) => `Error response from daemon: No such container: ${ref}`);
    printInspect(ctx, found, errors);
  },
};

/** `docker inspect`: any object — containers, then images, networks, services, nodes. */
const inspectAny: CommandDef = {
  path: 'inspect',
  args: { min: 1 },
  async run(ctx) {
    const type = ctx.str('type');
    const { found, errors } = await ctx.client((c) => {
      const found: Json[] = [];
      const errors: string[] = [];
      const tries: Array<[string, (ref: string) => Json]> = [
        ['container', (r) => c.containerInspect(r)],
        ['network', (r) => c.networkInspect(r)],
        ['service', (r) => c.serviceInspect(r)],
        ['node', (r) => c.nodeInspect(r)],
      ];
      for (const ref of ctx.args) {
        let hit: Json | undefined;
        for (const [kind, fn] of tries) {
          if (type && type !== kind) continue;
          try {
            hit = fn(ref);
            break;
          } catch (e) {
            if (!(e instanceof DaemonError)) throw e;
          }
        }
        if (hit) found.push(hit);
        else errors.push(`Error: No such object: ${ref}`);
      }
      return { found, errors };
    });
    printInspect(ctx, found, errors);
  },
};

const logs: CommandDef = {
  path: 'container logs',
  args: { exact: 1 },
  async run(ctx) {
    const lines = await ctx.client((cl) => containerLogLines(cl.container(ctx.args[0])));
    for (const l of tailLines(lines, ctx.str('tail'))) void (l.stderr ? ctx.io.err(l.line + '\n') : ctx.io.out(l.line + '\n'));
  },
};

/**
 * `docker port CONTAINER [PRIVATE_PORT[/PROTO]]` (cli/command/container/port.go): the container's
 * published bindings, `80/tcp -> 0.0.0.0:8080`, in natural order; or the bindings of one port.
 */
const port: CommandDef = {
  path: 'container port',
  args: { min: 1, max: 2 },
  async run(ctx) {
    const [ref, wanted] = ctx.args;
    const bindings: Record<string, Array<{ HostIp: string; HostPort: string }> | null> = await ctx.client((c) => {
      try {
        return c.containerInspect(ref).NetworkSettings.Ports ?? {};
      } catch (e) {
        if (e instanceof DaemonError) throw new CliError(daemonMessage(e));
        throw e;
      }
    });
    const hostPort = (b: { HostIp: string; HostPort: string }) => (b.HostIp.includes(':') ? `[${b.HostIp}]:${b.HostPort}` : `${b.HostIp}:${b.HostPort}`);
    let out: string[] = [];
    if (wanted !== undefined) {
      const [num, proto = 'tcp'] = wanted.split('/');
      if (!/^\d+$/.test(num) || Number(num) > 65535) {
        throw new CliError(`Error: invalid port (${num}): strconv.ParseUint: parsing ${JSON.stringify(num)}: ${/^\d+$/.test(num) ? 'value out of range' : 'invalid syntax'}`);
      }
      const frontends = bindings[`${num}/${proto}`];
      if (!frontends?.length) throw new CliError(`Error: No public port '${wanted}' published for ${ref}`);
      out = frontends.map(hostPort);
    } else {
      for (const [from, frontends] of Object.entries(bindings)) for (const f of frontends ?? []) out.push(`${from} -> ${hostPort(f)}`);
    }
    if (out.length) ctx.io.out(out.sort(naturalCompare).join('\n') + '\n');
  },
};

/** `docker rename OLD NEW` (cli/command/container/rename.go). */
const rename: CommandDef = {
  path: 'container rename',
  args: { exact: 2 },
  async run(ctx) {
    const [oldName, newName] = ctx.args.map((a) => a.trim());
    if (!oldName || !newName) throw new CliError('Error: Neither old nor new names may be empty');
    try {
      await ctx.client((c) => c.containerRename(oldName, newName));
    } catch (e) {
      if (!(e instanceof DaemonError)) throw e;
      ctx.io.err(daemonMessage(e) + '\n');
      throw new CliError(`Error: failed to rename container named ${oldName}`);
    }
  },
};

export const containerCommands = [run, create, start, stop, kill, restart, rm, ls, inspect, inspectAny, logs, port, pause, unpause, rename];
export { pull };
