// Engine API filters (`--filter key=value`): validation and the daemon's matching rules.
import { badRequest } from '../engine/errors';

export class Filters {
  private map = new Map<string, string[]>();

  static parse(values: string[]): Filters {
    const f = new Filters();
    for (const v of values) {
      const i = v.indexOf('=');
      const key = v.slice(0, i).trim().toLowerCase();
      const val = v.slice(i + 1).trim();
      f.map.set(key, [...(f.map.get(key) ?? []), val]);
    }
    return f;
  }

  get(key: string): string[] {
    return this.map.get(key) ?? [];
  }

  validate(allowed: string[]): void {
    for (const k of this.map.keys()) if (!allowed.includes(k)) throw badRequest(`invalid filter '${k}'`);
  }

  /** Exact match against any value (values for a key are ORed). */
  exact(key: string, value: string, aliases: string[] = []): boolean {
    const want = this.map.get(key);
    return !want || want.includes(value) || aliases.some((a) => want.includes(a));
  }

  /** moby's Args.Match: equal, or the value as a regular expression matches. */
  match(key: string, value: string): boolean {
    const want = this.map.get(key);
    if (!want) return true;
    return want.some((w) => {
      if (w === value) return true;
      try {
        return new RegExp(w).test(value);
      } catch {
        return false;
      }
    });
  }

  /** `label=key` / `label=key=value`: every given label must match. */
  labels(labels: Record<string, string>, key = 'label'): boolean {
    return this.get(key).every((w) => matchLabel(labels, w));
  }
}

export function matchLabel(labels: Record<string, string>, want: string): boolean {
  const i = want.indexOf('=');
  if (i < 0) return Object.prototype.hasOwnProperty.call(labels, want);
  const k = want.slice(0, i);
  return Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === want.slice(i + 1);
}
