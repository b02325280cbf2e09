// What a container has written: its image's start-up lines (fixtures/images …startupLogs), then
// its own lines. The start-up lines are templates: {time:<Go layout>} is the container's start
// time, {kernel} the node's kernel, {ip} the container's first address.
import type { Container } from '../state/schema';
import { STDERR_MARK } from './containers';
import { catalogImage, parseRef } from './images';
import { HOST } from './host';
import { nanosOf } from './time';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Go's time.Format for the layout elements the catalog uses (UTC). */
export function goFormat(ts: string, layout: string): string {
  const d = new Date(ts);
  const nanos = String(nanosOf(ts)).padStart(9, '0');
  const two = (n: number) => String(n).padStart(2, '0');
  return layout.replace(/2006|Jan|Mon|01|02|15|04|05|\.0+/g, (t) => {
    switch (t) {
      case '2006':
        return String(d.getUTCFullYear());
      case 'Jan':
        return MONTHS[d.getUTCMonth()];
      case 'Mon':
        return DAYS[d.getUTCDay()];
      case '01':
        return two(d.getUTCMonth() + 1);
      case '02':
        return two(d.getUTCDate());
      case '15':
        return two(d.getUTCHours());
      case '04':
        return two(d.getUTCMinutes());
      case '05':
        return two(d.getUTCSeconds());
      default:
        return '.' + nanos.slice(0, t.length - 1);
    }
  });
}

export interface LogLine {
  line: string;
  stderr: boolean;
}

/** Every line the container wrote so far (none before its first start), with its stream. */
export function containerLogLines(ctr: Container): LogLine[] {
  if (ctr.state === 'created' || !ctr.startedAt) return [];
  const ref = parseRef(ctr.image);
  const startup = (ref && catalogImage(ref.repository)?.startupLogs) || [];
  const started = ctr.startedAt;
  const ip = ctr.nets[0]?.ip ?? '127.0.0.1';
  const rendered = startup.map((l) =>
    l.replace(/\{(time:[^}]+|kernel|ip)\}/g, (_, key: string) => (key === 'kernel' ? HOST.kernel : key === 'ip' ? ip : goFormat(started, key.slice(5)))),
  );
  const own = (ctr.logs ?? []).map((l) => (l.startsWith(STDERR_MARK) ? { line: l.slice(1), stderr: true } : { line: l, stderr: false }));
  return [...rendered.map((line) => ({ line, stderr: false })), ...own];
}

/** `--tail N` / `?tail=N`: the last N lines; "all", absent or not a number: every line. */
export function tailLines<T>(lines: T[], tail: string | null | undefined): T[] {
  if (!tail || !/^\d+$/.test(tail)) return lines;
  return lines.slice(Math.max(0, lines.length - Number(tail)));
}
