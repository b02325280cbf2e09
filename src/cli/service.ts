// docker service create|ls|ps|inspect|scale|update|rollback|rm|logs and node ps
// (cli/command/service, cli/command/node/ps.go).
import type { CommandDef, CommandContext } from './command';
import { CliError } from './command';
import type { Client } from '../client';
import { Filters } from '../client/filters';
import { DaemonError } from '../engine/errors';
import { formatRows, formatEach } from '../format/formatter';
import { SERVICE_HEADERS, SERVICE_PRETTY, SERVICE_TABLE, serviceRow, servicePrettyContext } from '../format/service';
import { TASK_HEADERS, TASK_TABLE, taskNodeName, taskRows } from '../format/task';
import { convergenceMessages, renderProgressPlain, renderProgressTTY, type ConvergenceScenario } from '../format/progress';
import { naturalCompare } from '../format/sort';
import { inspectArray } from '../format/json';
import { resolveFormat } from '../format/formatter';
import { createSpec, updatedSpec } from './service-spec';
import { collect, daemonMessage, forEachRef } from './util';
import { containerLogLines, tailLines } from '../engine/logs';

type Json = Record<string, any>;

/** What the convergence wait would show, from the service's tasks as they are now. */
export function scenario(c: Client, serviceId: string, ref: string, rollback?: boolean): ConvergenceScenario {
  const svc = c.serviceInspect(serviceId);
  const tasks = c.taskList(Filters.parse([`service=${serviceId}`])).filter((t) => t.DesiredState === 'running');
  const global = !!svc.Spec.Mode.Global;
  const ordered = global ? tasks : tasks.sort((a, b) => a.Slot - b.Slot);
  const finals = ordered.map((t) => t.Status.State as string);
  const errors: Record<number, string> = {};
  ordered.forEach((t, i) => {
    if (t.Status.Err) errors[i] = t.Status.Err;
  });
  const steps = ['assigned', 'preparing', 'starting', 'running'];
  const timeline = [[], ...steps.map((s) => finals.map((f) => (f === 'running' ? s : f)))];
  const s: ConvergenceScenario = { ref, timeline, errors };
  if (global) s.nodeIds = ordered.map((t) => t.NodeID);
  else s.replicas = svc.Spec.Mode.Replicated.Replicas;
  if (!global && s.replicas! > finals.length) {
    // Slots that could not even be created keep their place as missing tasks.
    s.timeline = timeline.map((row) => [...row, ...Array(s.replicas! - finals.length).fill(undefined)]);
  }
  if (rollback) s.rollback = 'manually requested rollback';
  return s;
}

export function showProgress(ctx: CommandContext, s: ConvergenceScenario): void {
  const messages = convergenceMessages(s);
  const converged = messages.some((m) => m.id === 'verify' && m.text.endsWith('converged'));
  if (!converged) {
    messages.push({ id: '', text: 'Operation continuing in background.', status: true });
    messages.push({ id: '', text: `Use \`${ctx.prog} service ps ${s.ref}\` to check progress.`, status: true });
  }
  ctx.io.out(ctx.io.isTTY ? renderProgressTTY(messages, ctx.io.columns) : renderProgressPlain(messages));
}

function warnings(ctx: CommandContext, w: string[] | null | undefined): void {
  for (const text of w ?? []) ctx.io.err(text + '\n');
}

const create: CommandDef = {
  path: 'service create',
  args: { min: 1 },
  interspersed: false,
  async run(ctx) {
    const spec = createSpec(ctx);
    const detach = ctx.bool('detach');
    const { res, progress } = await ctx.client((c) => {
      // cli/command/service/opts.go convertNetworks: each network is looked up among swarm ones first
      for (const n of spec.TaskTemplate?.Networks ?? []) c.networkInspect(n.Target, 'swarm');
      const res = c.serviceCreate(spec);
      return { res, progress: detach ? undefined : scenario(c, res.ID, res.ID) };
    });
    warnings(ctx, res.Warnings);
    ctx.io.out(res.ID + '\n');
    if (progress && !ctx.bool('quiet')) showProgress(ctx, progress);
  },
};

const ls: CommandDef = {
  path: 'service ls',
  args: 'none',
  async run(ctx) {
    const filters = Filters.parse(ctx.list('filter'));
    const services = await ctx.client((c) => c.serviceList(filters));
    const rows = services.sort((a, b) => naturalCompare(a.Spec.Name, b.Spec.Name)).map((s) => serviceRow(s));
    ctx.io.out(formatRows({ format: ctx.str('format'), quiet: ctx.bool('quiet'), defaultFormat: SERVICE_TABLE, headers: SERVICE_HEADERS }, rows));
  },
};

export function nodeNames(c: Client): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of c.nodeList()) out[n.ID as string] = taskNodeName(n);
  return out;
}

export function serviceNames(c: Client): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of c.serviceList(new Filters(), false)) out[s.ID] = s.Spec.Name;
  return out;
}

export function printTasks(ctx: CommandContext, tasks: Json[], names: { services: Record<string, string>; nodes: Record<string, string> }): void {
  const quiet = ctx.bool('quiet') && !ctx.str('format');
  const format = quiet ? '{{.ID}}' : ctx.str('format');
  const { table } = resolveFormat({ format, defaultFormat: TASK_TABLE, headers: TASK_HEADERS });
  const rows = taskRows(tasks, {
    serviceNames: names.services,
    nodeNames: names.nodes,
    noTrunc: ctx.bool('no-trunc') || quiet,
    noResolve: ctx.bool('no-resolve'),
    now: new Date(Date.parse(ctx.env.DOCKERSIM_NOW ?? '') || Date.now()),
    table,
  });
  ctx.io.out(formatRows({ format, defaultFormat: TASK_TABLE, headers: TASK_HEADERS }, rows));
}

const ps: CommandDef = {
  path: 'service ps',
  args: { min: 1 },
  async run(ctx) {
    const missing: string[] = [];
    const data = await ctx.client((c) => {
      const ids: string[] = [];
      for (const ref of ctx.args) {
        try {
          ids.push(c.serviceInspect(ref).ID);
        } catch (e) {
          if (!(e instanceof DaemonError) || e.status !== 404) throw e;
          missing.push(`no such service: ${ref}`);
        }
      }
      const filters = ctx.list('filter');
      const tasks = ids.length ? c.taskList(Filters.parse([...filters, ...ids.map((id) => `service=${id}`)])) : [];
      return { tasks, services: serviceNames(c), nodes: nodeNames(c), found: ids.length };
    });
    if (data.found) printTasks(ctx, data.tasks, data);
    if (missing.length) throw new CliError(missing.join('\n'));
  },
};

const nodePs: CommandDef = {
  path: 'node ps',
  args: 'any',
  async run(ctx) {
    const refs = ctx.args.length ? ctx.args : ['self'];
    const data = await ctx.client((c) => {
      const tasks: Json[] = [];
      for (const ref of refs) {
        const node = c.nodeInspect(ref) as Json;
        tasks.push(...c.taskList(Filters.parse([...ctx.list('filter'), `node=${node.ID}`])));
      }
      return { tasks, services: serviceNames(c), nodes: nodeNames(c) };
    });
    printTasks(ctx, data.tasks, data);
  },
};

const inspect: CommandDef = {
  path: 'service inspect',
  args: { min: 1 },
  async run(ctx) {
    const pretty = ctx.bool('pretty');
    const format = ctx.str('format');
    if (pretty && format) throw new CliError('--format is incompatible with human friendly format');
    const data = await ctx.client((c) => {
      const { found, errors } = collect(ctx.args, (ref) => c.serviceInspect(ref), (ref) => `Error: no such service: ${ref}`);
      const networks: Record<string, string> = {};
      for (const n of c.networkList()) networks[n.Id as string] = n.Name as string;
      return { found, errors, networks, now: c.now };
    });
    if (pretty) {
      if (data.errors.length) throw new CliError(data.errors.join('\n'));
      const rows = data.found.map((s) => servicePrettyContext(s, data.networks, data.now));
      ctx.io.out(formatRows({ format: SERVICE_PRETTY, defaultFormat: SERVICE_PRETTY, headers: {} }, rows));
      return;
    }
    if (format === 'json') ctx.io.out(JSON.stringify(data.found) + '\n');
    else if (format) ctx.io.out(formatEach(format, data.found, 1));
    else ctx.io.out(inspectArray(data.found, true));
    if (data.errors.length) throw new CliError(data.errors.join('\n'));
  },
};

const scale: CommandDef = {
  path: 'service scale',
  args: { min: 1 },
  async run(ctx) {
    const wanted: Array<{ ref: string; n: number }> = [];
    for (const arg of ctx.args) {
      const i = arg.indexOf('=');
      if (i < 0) {
        const usage = `${ctx.prog} service scale SERVICE=REPLICAS [SERVICE=REPLICAS...]`;
        throw new CliError(`invalid scale specifier '${arg}'.\nSee '${ctx.prog} service scale --help'.\n\nUsage:  ${usage}\n\nScale one or multiple replicated services`);
      }
      const ref = arg.slice(0, i);
      const value = arg.slice(i + 1);
      if (!/^\d+$/.test(value) || Number(value) > 18446744073709551615) {
        throw new CliError(`${ref}: invalid replicas value ${value}: strconv.ParseUint: parsing ${JSON.stringify(value)}: ${/^\d+$/.test(value) ? 'value out of range' : 'invalid syntax'}`);
      }
      wanted.push({ ref, n: Number(value) });
    }
    const errors: string[] = [];
    const progress: ConvergenceScenario[] = [];
    await ctx.client((c) => {
      for (const { ref, n } of wanted) {
        try {
          const svc = c.serviceInspect(ref);
          if (!svc.Spec.Mode.Replicated) {
            errors.push(`${ref}: scale can only be used with replicated or replicated-job mode`);
            continue;
          }
          const spec = JSON.parse(JSON.stringify(svc.Spec));
          spec.Mode.Replicated.Replicas = n;
          c.serviceUpdate(svc.ID, spec);
          ctx.io.out(`${ref} scaled to ${n}\n`);
          if (!ctx.bool('detach')) progress.push(scenario(c, svc.ID, ref));
        } catch (e) {
          if (!(e instanceof DaemonError)) throw e;
          errors.push(`${ref}: ${daemonMessage(e)}`);
        }
      }
    });
    for (const p of progress) showProgress(ctx, p);
    if (errors.length) throw new CliError(errors.join('\n'));
  },
};

const update: CommandDef = {
  path: 'service update',
  args: { exact: 1 },
  async run(ctx) {
    const ref = ctx.args[0];
    const rollback = ctx.bool('rollback');
    const res = await ctx.client((c) => {
      const svc = c.serviceInspect(ref);
      const out = rollback ? c.serviceUpdate(svc.ID, null, true) : c.serviceUpdate(svc.ID, updatedSpec(ctx, svc.Spec, (ref) => c.networkInspect(ref, 'swarm').Id));
      return { out, progress: ctx.bool('detach') ? undefined : scenario(c, svc.ID, ref, rollback) };
    });
    warnings(ctx, res.out.Warnings);
    ctx.io.out(ref + '\n');
    if (res.progress && !ctx.bool('quiet')) showProgress(ctx, res.progress);
  },
};

const rollback: CommandDef = {
  path: 'service rollback',
  args: { exact: 1 },
  async run(ctx) {
    const ref = ctx.args[0];
    const progress = await ctx.client((c) => {
      const svc = c.serviceInspect(ref);
      c.serviceUpdate(svc.ID, null, true);
      return ctx.bool('detach') ? undefined : scenario(c, svc.ID, ref, true);
    });
    ctx.io.out(ref + '\n');
    if (progress && !ctx.bool('quiet')) showProgress(ctx, progress);
  },
};

const rm: CommandDef = {
  path: 'service rm',
  args: { min: 1 },
  run: (ctx) => forEachRef(ctx, (c, ref) => c.serviceRemove(ref)),
};

const logs: CommandDef = {
  path: 'service logs',
  args: { exact: 1 },
  async run(ctx) {
    const ref = ctx.args[0];
    const data = await ctx.client((c) => {
      let svc;
      try {
        svc = c.serviceInspect(ref);
      } catch (e) {
        if (e instanceof DaemonError && e.status === 404) throw new CliError(`no such task or service: ${ref}`);
        throw e;
      }
      const nodes = nodeNames(c);
      const tasks = c
        .taskList(Filters.parse([`service=${svc.ID}`]))
        .filter((t) => t.Status.ContainerStatus)
        .map((t) => {
          const machine = c.state.machines.find((m) => m.name === nodes[t.NodeID]);
          const ctr = machine?.containers.find((x) => x.id === t.Status.ContainerStatus.ContainerID);
          return { t, logs: ctr ? containerLogLines(ctr) : [] };
        });
      return { svc, tasks, nodes };
    });
    // docker/cli service/logs.go: `<svc>.<slot>[.<task id>]@<node>`, padded to the width of the
    // replica count's digits, then `    | `.
    const digits = String(data.svc.Spec.Mode?.Replicated?.Replicas ?? 1).length;
    for (const { t, logs: own } of data.tasks.sort((a, b) => a.t.Slot - b.t.Slot)) {
      const id = ctx.bool('no-trunc') ? t.ID : t.ID.slice(0, 12);
      const slot = t.Slot ?? 0;
      const name = `${data.svc.Spec.Name}.${slot}${ctx.bool('no-task-ids') ? '' : '.' + id}`;
      const prefix = `${name}@${data.nodes[t.NodeID] ?? t.NodeID}${' '.repeat(Math.max(0, digits - String(slot).length))}`;
      for (const l of tailLines(own, ctx.str('tail'))) {
        const text = ctx.bool('raw') ? `${l.line}\n` : `${prefix}    | ${l.line}\n`;
        if (l.stderr) ctx.io.err(text);
        else ctx.io.out(text);
      }
    }
  },
};

export const serviceCommands = [create, ls, ps, inspect, scale, update, rollback, rm, logs, nodePs];
