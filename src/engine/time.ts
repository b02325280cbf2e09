// Timestamps as the daemon writes them: RFC 3339 with nanoseconds, trailing zeros dropped (Go's
// RFC3339Nano). The simulated machines run in UTC.
import type { Rng } from '../state/rng';

/**
 * A timestamp for `now` with simulated sub-millisecond digits. `clock` holds the last one handed
 * out (ns since the epoch): stamps never go backwards, so with a fixed DOCKERSIM_NOW later objects
 * still sort after earlier ones, as on a real daemon.
 */
export function stamp(now: Date, rng: Rng, clock?: { clock?: string }): string {
  let ns = BigInt(now.getTime()) * 1_000_000n + BigInt(rng.int(1_000_000));
  if (clock) {
    const last = clock.clock ? BigInt(clock.clock) : 0n;
    if (ns <= last) ns = last + 1000n + BigInt(rng.int(1000));
    clock.clock = ns.toString();
  }
  const ms = Number(ns / 1_000_000n);
  return rfc3339Nano(new Date(ms), Number(ns % 1_000_000_000n));
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

/** Orders two stored timestamps (RFC 3339, any number of fraction digits) by time. */
export function compareStamps(a: string, b: string): number {
  const sa = a.slice(0, 19);
  const sb = b.slice(0, 19);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return nanosOf(a) - nanosOf(b);
}
