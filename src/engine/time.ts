// Timestamps as the daemon writes them: RFC 3339 with nanoseconds, trailing zeros dropped (Go's
// RFC3339Nano). The simulated machines run in UTC.
import type { Rng } from '../state/rng';

/** A timestamp for `now` with simulated sub-millisecond digits. */
export function stamp(now: Date, rng: Rng): string {
  const nanos = now.getUTCMilliseconds() * 1_000_000 + rng.int(1_000_000);
  return rfc3339Nano(now, nanos);
}

export function rfc3339Nano(d: Date, nanos = d.getUTCMilliseconds() * 1_000_000): string {
  const base = d.toISOString().slice(0, 19);
  const frac = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return `${base}${frac ? '.' + frac : ''}Z`;
}

/** Nanoseconds part of a stored timestamp (0 when it has none). */
export function nanosOf(ts: string): number {
  const m = /\.(\d+)/.exec(ts);
  return m ? Number(m[1].padEnd(9, '0').slice(0, 9)) : 0;
}

/** Go's time.Time.String() for a UTC time: `2024-06-16 07:55:12.03456789 +0000 UTC`. */
export function goTimeString(ts: string): string {
  const d = new Date(ts);
  const frac = String(nanosOf(ts)).padStart(9, '0').replace(/0+$/, '');
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}${frac ? '.' + frac : ''} +0000 UTC`;
}
