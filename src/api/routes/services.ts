// /services and /tasks (moby api/server/router/swarm): the same client calls as `docker service …`.
import type { Client } from '../../client';
import { Filters } from '../../client/filters';
import { DaemonError, badRequest, notFound } from '../../engine/errors';
import { parseFilters, splitFilter } from '../filters';
import { boolParam, route, ok, type ApiRequest, type Route } from '../router';
import { ProcessStream } from '../stream';
import { containerLogLines, tailLines, type LogLine } from '../../engine/logs';

type Json = Record<string, any>;

/**
 * dockerd's conversion of an API spec (daemon/cluster/convert): a replicated service sent
 * without a replica count (`"Mode":{"Replicated":{}}`, docker service create without
 * --replicas) runs one replica; no mode at all is replicated too.
 */
export function apiServiceSpec(spec: Json | undefined): Json {
  if (!spec || typeof spec !== 'object') throw badRequest('service spec is missing');
  const out: Json = JSON.parse(JSON.stringify(spec));
  if (out.Mode?.Replicated && out.Mode.Replicated.Replicas == null) out.Mode.Replicated.Replicas = 1;
  if (out.Mode?.ReplicatedJob || out.Mode?.GlobalJob) throw badRequest('dockersim does not simulate job services yet');
  return out;
}

/** The warning dockerd (and, from API 1.30 on, the client library) gives an image it could not pin. */
function isDigestWarning(w: string): boolean {
  return /could not be accessed on a registry to record\nits digest/.test(w);
}

function apiAtLeast(req: ApiRequest, v: string): boolean {
  if (!req.version) return false;
  const [a, b] = req.version.split('.').map(Number);
  const [x, y] = v.split('.').map(Number);
  return a > x || (a === x && b >= y);
}

/** `?version=` of an update must be the object's current Version.Index (swarmkit's sequence check). */
function checkVersion(req: ApiRequest, current: number): void {
  const v = req.query.get('version');
  if (v === null || v === '') return;
  if (!/^\d+$/.test(v)) throw badRequest(`invalid version: ${v}`);
  if (Number(v) !== current) throw new DaemonError('rpc error: code = Unknown desc = update out of sequence', 500);
}

/** The tasks the service's current spec made (the progress display's `_up-to-date` filter). */
function upToDate(c: Client, task: Json): boolean {
  try {
    const svc = c.serviceInspect(task.ServiceID);
    return JSON.stringify(task.Spec) === JSON.stringify(svc.Spec.TaskTemplate);
  } catch {
    return false;
  }
}

function taskById(c: Client, id: string): Json {
  const hit = c.taskList(new Filters()).find((t) => t.ID === id);
  if (!hit) throw notFound(`task ${id} not found`);
  return hit;
}

/**
 * Log lines of tasks as dockerd streams them with `details=true`: the task's swarm labels, a
 * space, the line (docker/cli service/logs.go parses them back into `<svc>.<slot>.<task>@<node>`).
 * Mirrors src/cli/service.ts `service logs`: the image's start-up lines, then what the task's
 * container wrote.
 */
type TaskLogLine = LogLine & { details: string; ts: string };

/** `tail` applies to each task's container, as dockerd's service logs do. */
function taskLogLines(c: Client, tasks: Json[], tail: string | null): TaskLogLine[] {
  const machineOf = (nodeId: string) => c.state.swarm?.nodes.find((n) => n.id === nodeId)?.machine;
  const out: TaskLogLine[] = [];
  for (const t of tasks.filter((x) => x.Status.ContainerStatus).sort((a, b) => (a.Slot ?? 0) - (b.Slot ?? 0))) {
    const machine = c.state.machines.find((m) => m.name === machineOf(t.NodeID));
    const ctr = machine?.containers.find((x) => x.id === t.Status.ContainerStatus.ContainerID);
    const details = `com.docker.swarm.node.id=${t.NodeID},com.docker.swarm.service.id=${t.ServiceID},com.docker.swarm.task.id=${t.ID}`;
    for (const l of tailLines(ctr ? containerLogLines(ctr) : [], tail)) out.push({ ...l, details, ts: t.Status.Timestamp });
  }
  return out;
}

function writeLogs(req: ApiRequest, res: Parameters<Route['handler']>[2], lines: TaskLogLine[], tty: boolean): void {
  const details = boolParam(req.query, 'details');
  const timestamps = boolParam(req.query, 'timestamps');
  const stream = ProcessStream.response(res, tty);
  const out = boolParam(req.query, 'stdout');
  const err = boolParam(req.query, 'stderr');
  for (const l of lines) {
    const text = `${timestamps ? l.ts + ' ' : ''}${details ? l.details + ' ' : ''}${l.line}\n`;
    if (l.stderr ? err : out) (l.stderr ? stream.stderr : stream.stdout).call(stream, text);
  }
  stream.end();
}

export const serviceRoutes: Route[] = [
  route('GET', '/services', async (req, ctx) => {
    const filters = parseFilters(req.query.get('filters'));
    return ok(await ctx.call((c) => c.serviceList(filters, boolParam(req.query, 'status'))));
  }),
  route('POST', '/services/create', async (req, ctx) => {
    const spec = apiServiceSpec(req.json<Json>());
    const res = await ctx.call((c) => c.serviceCreate(spec as never));
    // From API 1.30 the client pins the image itself and warns when it cannot; dockerd does not.
    let warnings = res.Warnings;
    if (warnings && apiAtLeast(req, '1.30')) warnings = warnings.filter((w) => !isDigestWarning(w));
    return ok({ ID: res.ID, Warnings: warnings && warnings.length ? warnings : null }, 201);
  }),
  route('GET', '/services/:id', async (req, ctx) => ok(await ctx.call((c) => c.serviceInspect(req.params.id)))),
  route('POST', '/services/:id/update', async (req, ctx) => {
    const rollback = req.query.get('rollback') === 'previous';
    const body = req.json<Json>();
    const res = await ctx.call((c) => {
      const svc = c.serviceInspect(req.params.id);
      checkVersion(req, svc.Version.Index);
      return rollback ? c.serviceUpdate(svc.ID, null, true) : c.serviceUpdate(svc.ID, apiServiceSpec(body) as never);
    });
    let warnings = res.Warnings;
    if (warnings && apiAtLeast(req, '1.30')) warnings = warnings.filter((w) => !isDigestWarning(w));
    return ok({ Warnings: warnings && warnings.length ? warnings : null });
  }),
  route('DELETE', '/services/:id', async (req, ctx) => {
    await ctx.call((c) => c.serviceRemove(req.params.id));
    return ok();
  }),
  route('GET', '/services/:id/logs', async (req, ctx, res) => {
    const { lines, tty } = await ctx.call((c) => {
      const svc = c.serviceInspect(req.params.id);
      const tasks = c.taskList(Filters.parse([`service=${svc.ID}`]));
      return { lines: taskLogLines(c, tasks, req.query.get('tail')), tty: !!svc.Spec.TaskTemplate.ContainerSpec.TTY };
    });
    writeLogs(req, res, lines, tty);
    return { handled: true };
  }),
  route('GET', '/tasks', async (req, ctx) => {
    const { rest, values } = splitFilter(req.query.get('filters'), '_up-to-date');
    const filters = parseFilters(rest);
    const fresh = values.includes('true');
    return ok(await ctx.call((c) => c.taskList(filters).filter((t) => !fresh || upToDate(c, t))));
  }),
  route('GET', '/tasks/:id', async (req, ctx) => ok(await ctx.call((c) => taskById(c, req.params.id)))),
  route('GET', '/tasks/:id/logs', async (req, ctx, res) => {
    const { lines, tty } = await ctx.call((c) => {
      const task = taskById(c, req.params.id);
      const svc = c.serviceInspect(task.ServiceID);
      return { lines: taskLogLines(c, [task], req.query.get('tail')), tty: !!svc.Spec.TaskTemplate.ContainerSpec.TTY };
    });
    writeLogs(req, res, lines, tty);
    return { handled: true };
  }),
];
