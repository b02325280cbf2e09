// /containers and /exec (moby api/server/router/container): create, start, stop, kill, restart,
// wait, logs, attach, remove, exec. Exec and attach are hijacked streams (see ../stream.ts); the
// processes behind them run in ../process.ts.
import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import type { Client } from '../../client';
import type { ContainerCreateRequest } from '../../engine/containers';
import { badRequest, notFound } from '../../engine/errors';
import { parseFilters } from '../filters';
import { boolParam, route, ok, noContent, type ApiContext, type ApiRequest, type Route } from '../router';
import { ProcessStream } from '../stream';
import { Runtime, type ExecRecord, type WaitCondition } from '../runtime';
import { mainShell, runExec, runMainProcess, runningContainer } from '../process';
import { containerLogLines, tailLines } from '../../engine/logs';
import { settleDetached } from '../../client/processes';

type Json = Record<string, any>;

const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

/** The create body as the docker CLI sends it → the engine's request (null means "not given"). */
export function containerCreateRequest(b: Json, name: string | null): ContainerCreateRequest {
  const req: ContainerCreateRequest = {
    name: name ?? undefined,
    Image: String(b.Image ?? ''),
    Env: list(b.Env) ?? [],
    WorkingDir: b.WorkingDir || undefined,
    Hostname: b.Hostname || undefined,
    Labels: b.Labels && typeof b.Labels === 'object' ? { ...b.Labels } : {},
    Tty: !!b.Tty,
    OpenStdin: !!b.OpenStdin,
    HostConfig: {
      NetworkMode: b.HostConfig?.NetworkMode || 'default',
      PortBindings: b.HostConfig?.PortBindings ?? {},
      AutoRemove: !!b.HostConfig?.AutoRemove,
    },
  };
  const cmd = list(b.Cmd);
  if (cmd && cmd.length) req.Cmd = cmd;
  const entry = list(b.Entrypoint);
  // `--entrypoint ""` arrives as [""]: reset the image's entrypoint.
  if (entry) req.Entrypoint = entry.length === 1 && entry[0] === '' ? [] : entry;
  const eps = b.NetworkingConfig?.EndpointsConfig;
  if (eps && typeof eps === 'object') {
    const withAliases: Record<string, { Aliases?: string[] }> = {};
    for (const [net, cfg] of Object.entries(eps as Record<string, Json>)) {
      const aliases = list(cfg?.Aliases);
      if (aliases && aliases.length) withAliases[net] = { Aliases: aliases };
    }
    if (Object.keys(withAliases).length) req.NetworkingConfig = { EndpointsConfig: withAliases };
  }
  return req;
}

function execInspect(r: ExecRecord): Json {
  return {
    ID: r.id,
    Running: r.running,
    ExitCode: r.exitCode,
    ProcessConfig: { tty: r.tty, entrypoint: r.cmd[0] ?? '', arguments: r.cmd.slice(1), privileged: r.privileged, user: r.user },
    OpenStdin: r.attachStdin,
    OpenStderr: r.attachStderr,
    OpenStdout: r.attachStdout,
    CanRemove: false,
    ContainerID: r.containerId,
    DetachKeys: r.detachKeys,
    Pid: r.running ? 1000 + (parseInt(r.id.slice(0, 4), 16) % 30000) : 0,
  };
}

function execRecord(ctx: ApiContext, id: string): ExecRecord {
  const rec = ctx.runtime.execs.get(id);
  if (!rec) throw notFound(`No such exec instance: ${id}`);
  return rec;
}

/** The machine an engine call ran on (the endpoint's, or the current context's). */
function machineOf(c: Client): string {
  return c.machine.name;
}

/** A container state change this daemon made: wake the waiters and attached streams. */
function settle(ctx: ApiContext, machine: string, info: { id: string; state: string; code: number; removed: boolean }): void {
  if (info.state !== 'running' && info.state !== 'paused') ctx.runtime.ended(machine, info.id, info.code, info.removed);
  ctx.runtime.poke();
}

function stopLike(op: (c: Client, ref: string, req: ApiRequest) => void | Promise<void>) {
  return async (req: ApiRequest, ctx: ApiContext) => {
    const { machine, info } = await ctx.call(async (c) => {
      const ctr = c.container(req.params.id);
      await op(c, req.params.id, req);
      return { machine: machineOf(c), info: { id: ctr.id, state: ctr.state, code: ctr.exitCode, removed: !c.machine.containers.includes(ctr) } };
    });
    settle(ctx, machine, info);
    return noContent();
  };
}

/** Starts the main process of an attached container (the CLI's `docker run` without -d). */
function runAttached(ctx: ApiContext, machine: string, id: string): void {
  const a = ctx.runtime.attachment(machine, id);
  if (!a || a.running) return;
  a.running = true;
  void (async () => {
    try {
      const code = await runMainProcess(ctx.runtime, machine, id, a.stream, a.stdin);
      if (code === null) {
        // A server or `sleep`: the stream stays open until the container stops (or the client goes).
        await new Promise<void>((resolve) => {
          const cancel = ctx.runtime.watch(machine, id, 'next-exit', { state: 'running', exitCode: 0, finishedAt: '\0' }, () => resolve());
          a.stream.onClose(() => {
            cancel();
            resolve();
          });
        });
      } else {
        const gone = await ctx.runtime.tx(machine, (c) => !c.machine.containers.some((x) => x.id === id)).catch(() => true);
        ctx.runtime.ended(machine, id, code, gone);
      }
    } catch (e) {
      a.stream.systemError((e as Error).message);
    } finally {
      a.stream.end();
      ctx.runtime.poke();
    }
  })();
}

/** GET /containers/{id}/logs: what `docker logs` prints (the image's start-up lines and the container's own). */
async function logs(req: ApiRequest, ctx: ApiContext, res: ServerResponse) {
  const { lines, tty } = await ctx.call((c) => {
    const ctr = c.container(req.params.id);
    return { lines: containerLogLines(ctr), tty: ctr.tty };
  });
  const stream = ProcessStream.response(res, tty);
  const out = boolParam(req.query, 'stdout');
  const err = boolParam(req.query, 'stderr');
  for (const l of tailLines(lines, req.query.get('tail'))) {
    if (l.stderr ? err : out) (l.stderr ? stream.stderr : stream.stdout).call(stream, l.line + '\n');
  }
  stream.end();
  return { handled: true as const };
}

async function attach(req: ApiRequest, ctx: ApiContext, stream: (tty: boolean) => ProcessStream): Promise<void> {
  const { machine, ctr } = await ctx.call((c) => {
    const x = c.container(req.params.id);
    return { machine: machineOf(c), ctr: { id: x.id, tty: x.tty, openStdin: x.openStdin, state: x.state, finishedAt: x.finishedAt, exitCode: x.exitCode } };
  });
  const s = stream(ctr.tty);
  const rec = { machine, id: ctr.id, stream: s, stdin: boolParam(req.query, 'stdin'), running: false };
  ctx.runtime.attach(rec);
  if (ctr.state !== 'running') return;
  // `docker attach` to a running container: the stream ends when the container does.
  const untilExit = () => {
    const cancel = ctx.runtime.watch(machine, ctr.id, 'next-exit', ctr, () => {
      if (!rec.running) s.end();
    });
    s.onClose(cancel);
  };
  if (!(rec.stdin && ctr.tty && ctr.openStdin)) return untilExit();
  // The shell of a `run -dit`: the terminal joins it.
  rec.running = true;
  void (async () => {
    let code: number | null | undefined;
    try {
      code = await mainShell(ctx.runtime, machine, ctr.id, s);
      if (typeof code === 'number') {
        const gone = await ctx.runtime.tx(machine, (c) => !c.machine.containers.some((x) => x.id === ctr.id)).catch(() => true);
        ctx.runtime.ended(machine, ctr.id, code, gone);
      }
    } catch (e) {
      s.systemError((e as Error).message);
    } finally {
      if (code === undefined) {
        rec.running = false;
        untilExit();
      } else {
        s.end();
        ctx.runtime.poke();
      }
    }
  })();
}

async function execStart(req: ApiRequest, ctx: ApiContext, body: Json, open: (tty: boolean) => ProcessStream | null): Promise<void> {
  const rec = execRecord(ctx, req.params.id);
  if (rec.started) throw badRequest(`exec ${rec.id} has already been started`);
  if (body.Tty !== undefined) rec.tty = !!body.Tty;
  if (Array.isArray(body.ConsoleSize) && body.ConsoleSize[1]) rec.columns = Number(body.ConsoleSize[1]);
  // The container must still run (dockerd checks before it hijacks the connection).
  await ctx.call((c) => runningContainer(c, rec.containerId));
  const stream = open(rec.tty);
  if (!stream) {
    rec.started = true;
    const sink = ProcessStream.discard(rec.tty);
    void runExec(ctx.runtime, rec, sink);
    return;
  }
  await runExec(ctx.runtime, rec, stream);
}

export const containerRoutes: Route[] = [
  route('GET', '/containers/json', async (req, ctx) => {
    const filters = parseFilters(req.query.get('filters'));
    const limit = Number(req.query.get('limit') ?? -1);
    const all = boolParam(req.query, 'all') || limit > 0;
    const items = await ctx.call((c) => c.containerList(all, filters));
    return ok(limit > 0 ? items.slice(0, limit) : items);
  }),
  route('POST', '/containers/create', async (req, ctx) => {
    const b = req.json<Json>() ?? {};
    const { res, machine } = await ctx.call((c) => ({ res: c.containerCreate(containerCreateRequest(b, req.query.get('name'))), machine: machineOf(c) }));
    const size = b.HostConfig?.ConsoleSize;
    if (Array.isArray(size) && size[1]) ctx.runtime.setConsoleWidth(machine, res.Id, Number(size[1]));
    return ok({ Id: res.Id, Warnings: res.Warnings ?? [] }, 201);
  }),
  route('GET', '/containers/:id/json', async (req, ctx) => ok(await ctx.call((c) => c.containerInspect(req.params.id)))),
  route('POST', '/containers/:id/start', async (req, ctx) => {
    const { machine, id } = await ctx.call(async (c) => {
      const ctr = c.container(req.params.id);
      c.containerStart(req.params.id);
      // nobody attached (`run -d`, `start`): the main process runs to its end now, or stays up
      if (!ctx.runtime.attachment(machineOf(c), ctr.id)) await settleDetached(c, ctr.id);
      return { machine: machineOf(c), id: ctr.id };
    });
    runAttached(ctx, machine, id);
    return noContent();
  }),
  route('POST', '/containers/:id/rename', async (req, ctx) => {
    await ctx.call((c) => c.containerRename(req.params.id, req.query.get('name') ?? ''));
    return noContent();
  }),
  route('POST', '/containers/:id/pause', async (req, ctx) => {
    await ctx.call((c) => c.containerPause(req.params.id, true));
    return noContent();
  }),
  route('POST', '/containers/:id/unpause', async (req, ctx) => {
    await ctx.call((c) => c.containerPause(req.params.id, false));
    return noContent();
  }),
  route('POST', '/containers/:id/stop', stopLike((c, ref) => c.containerStop(ref))),
  route('POST', '/containers/:id/kill', stopLike((c, ref) => c.containerStop(ref, true))),
  route(
    'POST',
    '/containers/:id/restart',
    stopLike(async (c, ref) => {
      c.containerStop(ref);
      c.containerStart(ref);
      await settleDetached(c, c.container(ref).id);
    }),
  ),
  route('POST', '/containers/:id/resize', async (req, ctx) => {
    const { machine, id } = await ctx.call((c) => ({ machine: machineOf(c), id: c.container(req.params.id).id }));
    ctx.runtime.setConsoleWidth(machine, id, Number(req.query.get('w')));
    return ok();
  }),
  route('POST', '/containers/:id/wait', async (req, ctx, res) => {
    const condition = (req.query.get('condition') || 'not-running') as WaitCondition;
    if (!['not-running', 'next-exit', 'removed'].includes(condition)) throw badRequest(`invalid condition: "${condition}"`);
    const { machine, ctr } = await ctx.call((c) => {
      const x = c.container(req.params.id);
      return { machine: machineOf(c), ctr: { id: x.id, state: x.state, finishedAt: x.finishedAt, exitCode: x.exitCode } };
    });
    // Headers now, the body when the container exits (the CLI starts the container only after
    // the headers arrived; `run -d` abandons the request).
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    const cancel = ctx.runtime.watch(machine, ctr.id, condition, ctr, (code) => {
      if (!res.destroyed) res.end(JSON.stringify({ StatusCode: code }) + '\n');
    });
    res.on('close', cancel);
    return { handled: true };
  }),
  route('GET', '/containers/:id/logs', logs),
  route(
    'POST',
    '/containers/:id/attach',
    async (req, ctx, res) => {
      // Without an upgrade (dockerode without hijack): output only, over the response.
      await attach(req, ctx, (tty) => ProcessStream.response(res, tty));
      return { handled: true };
    },
    async (req, ctx, socket: Socket, rest: Buffer) => attach(req, ctx, (tty) => ProcessStream.hijack(socket, rest, tty)),
  ),
  route('DELETE', '/containers/:id', async (req, ctx) => {
    const { machine, info } = await ctx.call((c) => {
      const ctr = c.container(req.params.id);
      c.containerRemove(req.params.id, boolParam(req.query, 'force'));
      return { machine: machineOf(c), info: { id: ctr.id, state: 'removed', code: ctr.exitCode, removed: true } };
    });
    settle(ctx, machine, info);
    return noContent();
  }),
  route('POST', '/containers/:id/exec', async (req, ctx) => {
    const b = req.json<Json>() ?? {};
    const cmd = list(b.Cmd) ?? [];
    if (!cmd.length) throw badRequest('No exec command specified');
    const rec = await ctx.call((c) => {
      const ctr = runningContainer(c, req.params.id);
      const r: ExecRecord = {
        id: Runtime.newId(),
        machine: machineOf(c),
        containerId: ctr.id,
        cmd,
        tty: !!b.Tty,
        attachStdin: !!b.AttachStdin,
        attachStdout: b.AttachStdout !== false,
        attachStderr: b.AttachStderr !== false,
        env: list(b.Env) ?? [],
        workdir: b.WorkingDir ?? '',
        user: b.User ?? '',
        privileged: !!b.Privileged,
        detachKeys: b.DetachKeys ?? '',
        columns: Array.isArray(b.ConsoleSize) && b.ConsoleSize[1] ? Number(b.ConsoleSize[1]) : 80,
        running: false,
        started: false,
        exitCode: null,
      };
      return r;
    });
    ctx.runtime.addExec(rec);
    return ok({ Id: rec.id }, 201);
  }),
  route(
    'POST',
    '/exec/:id/start',
    async (req, ctx, res) => {
      const body = req.json<Json>() ?? {};
      if (body.Detach) {
        await execStart(req, ctx, body, () => null);
        return ok();
      }
      await execStart(req, ctx, body, (tty) => ProcessStream.response(res, tty));
      return { handled: true };
    },
    async (req, ctx, socket, rest) => {
      const body = req.json<Json>() ?? {};
      await execStart(req, ctx, body, (tty) => ProcessStream.hijack(socket, rest, tty));
    },
  ),
  route('POST', '/exec/:id/resize', async (req, ctx) => {
    const rec = execRecord(ctx, req.params.id);
    const w = Number(req.query.get('w'));
    if (w > 0) rec.columns = w;
    return ok();
  }),
  route('GET', '/exec/:id/json', async (req, ctx) => ok(execInspect(execRecord(ctx, req.params.id)))),
];
