// `docker service ps` / `docker node ps` rows (cli/command/task/formatter.go, task/print.go,
// docker-cli-output.md §1.6, §7.2).
//
// Input: swarm.Task objects as `GET /tasks` returns them (ID, CreatedAt, ServiceID, Slot,
// NodeID, Spec.ContainerSpec.Image, Status{Timestamp, State, Err, PortStatus{Ports}},
// DesiredState).
import { GO_TYPE } from './template/values';
import { humanDuration } from './bytes';
import { naturalLess } from './sort';
import { prettyPrint } from './node';
import { nanosSince, stripImageDigest, truncateId } from './service';
import { withMarshalJSON } from './formatter';
import { nanosOf } from '../engine/time';

type Json = Record<string, any>;

export const TASK_TABLE =
  'table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}';
export const TASK_HEADERS = {
  ID: 'ID',
  Name: 'NAME',
  Image: 'IMAGE',
  Node: 'NODE',
  DesiredState: 'DESIRED STATE',
  CurrentState: 'CURRENT STATE',
  Error: 'ERROR',
  Ports: 'PORTS',
};

export interface TaskRowOptions {
  /** Service ID → service name (`Spec.Name`). Unknown IDs print as the ID (idresolver). */
  serviceNames: Record<string, string>;
  /** Node ID → display name (see `taskNodeName`). Unknown IDs print as the ID; no node → empty. */
  nodeNames: Record<string, string>;
  /** `--no-trunc` (and `-q`): full task IDs, images with digest, errors uncut. */
  noTrunc?: boolean;
  /** `--no-resolve`: service and node IDs instead of names. */
  noResolve?: boolean;
  /** Client clock for CURRENT STATE ages. */
  now: Date;
  /** The format is a table (`table …` / default): history rows get the ` \_ ` prefix. */
  table: boolean;
}

/** How idresolver names a node: `Spec.Name`, else `Description.Hostname`, else the ID. */
export function taskNodeName(node: Json): string {
  return node.Spec?.Name || node.Description?.Hostname || node.ID;
}

// East Asian Wide / Fullwidth ranges (golang.org/x/text/width), the ones that occur in practice.
const WIDE: Array<[number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff01, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x18cff], [0x1b000, 0x1b2ff], [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a], [0x1f200, 0x1f251], [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff], [0x1f7e0, 0x1f7eb], [0x1f90c, 0x1f9ff], [0x1fa70, 0x1faff], [0x20000, 0x3fffd],
];

function charWidth(cp: number): number {
  for (const [lo, hi] of WIDE) {
    if (cp < lo) return 1;
    if (cp <= hi) return 2;
  }
  return 1;
}

/** formatter.Ellipsis: fit `s` into `max` display columns, the last one being `…`. */
export function ellipsis(s: string, max: number): string {
  if (max <= 0) return '';
  const rs = Array.from(s);
  if (max === 1) return rs[0] ?? '';
  if (Buffer.byteLength(s, 'utf8') === rs.length) {
    return rs.length <= max ? s : rs.slice(0, max - 1).join('') + '…';
  }
  const display: number[] = [];
  let w = 0;
  for (const r of rs) {
    w += charWidth(r.codePointAt(0)!);
    display.push(w);
  }
  if (w <= max) return s;
  for (let i = 0; i < display.length - 1; i++) {
    if (display[i] <= max - 1 && display[i + 1] > max - 1) return rs.slice(0, i + 1).join('') + '…';
  }
  return s;
}

/** A Go time as [milliseconds, nanoseconds within the millisecond] for exact ordering. */
function timeKey(ts: string | undefined): [number, number] {
  if (!ts) return [-Infinity, 0];
  return [Date.parse(ts), nanosOf(ts) % 1e6];
}

function before(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/**
 * `service ps` rows in display order (`*task.taskContext`): task names generated
 * (`<svc>.<slot>` / `<svc>.<nodeID>`), stable-sorted by name (natural) then newest first,
 * history rows prefixed with ` \_ ` in table mode.
 */
export function taskRows(tasks: Json[], opts: TaskRowOptions): Json[] {
  const trunc = !opts.noTrunc;
  const serviceName = (id: string) => (opts.noResolve ? id : (opts.serviceNames[id] ?? id));
  const nodeName = (id: string) => (opts.noResolve || !id ? (id ?? '') : (opts.nodeNames[id] ?? id));

  const named = tasks.map((t) => ({
    task: t,
    name: `${serviceName(t.ServiceID)}.${t.Slot ? t.Slot : t.NodeID}`,
    created: timeKey(t.CreatedAt),
  }));
  named.sort((a, b) => {
    const less = (x: typeof a, y: typeof a) =>
      x.name !== y.name ? naturalLess(x.name, y.name) : before(y.created, x.created);
    return less(a, b) ? -1 : less(b, a) ? 1 : 0;
  });

  const indent = opts.table ? ' \\_ ' : '';
  let prev = '';
  return named.map(({ task: t, name }) => {
    const display = name === prev ? indent + name : name;
    prev = name;
    const st = t.Status ?? {};
    let image: string = t.Spec?.ContainerSpec?.Image ?? '';
    if (trunc) image = stripImageDigest(image);
    let err: string = st.Err ?? '';
    if (trunc) err = ellipsis(err, 30);
    if (err.length > 0) err = `"${err}"`;
    const ports = (st.PortStatus?.Ports ?? [])
      .map((p: Json) => `*:${p.PublishedPort ?? 0}->${p.TargetPort ?? 0}/${p.Protocol ?? ''}`)
      .join(',');
    // A zero Go time is ~292 years ago (time.Since saturates at the largest Duration).
    const age = humanDuration(st.Timestamp ? nanosSince(st.Timestamp, opts.now) : 2 ** 63);
    return withMarshalJSON({
      [GO_TYPE]: '*task.taskContext',
      ID: trunc ? truncateId(t.ID) : t.ID,
      Name: display,
      Image: image,
      Node: nodeName(t.NodeID ?? ''),
      DesiredState: prettyPrint(t.DesiredState ?? ''),
      CurrentState: `${prettyPrint(st.State ?? '')} ${age.toLowerCase()} ago`,
      Error: err,
      Ports: ports,
    });
  });
}
