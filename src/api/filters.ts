// Query filters as the Engine API sends them (`filters={"name":{"web":true}}`, or the old list
// form `{"name":["web"]}`) → the client's Filters, which take docker's `key=value` strings.
import { Filters } from '../client/filters';
import { badRequest } from '../engine/errors';

export function parseFilters(raw: string | null): Filters {
  if (!raw) return new Filters();
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch (e) {
    throw badRequest(`invalid filter: ${(e as Error).message}`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw badRequest('invalid filter: expected a JSON object');
  const pairs: string[] = [];
  for (const [key, values] of Object.entries(obj as Record<string, unknown>)) {
    if (Array.isArray(values)) for (const v of values) pairs.push(`${key}=${String(v)}`);
    else if (values && typeof values === 'object') {
      for (const [v, on] of Object.entries(values as Record<string, unknown>)) if (on) pairs.push(`${key}=${v}`);
    } else throw badRequest(`invalid filter: values of "${key}" must be an object or a list`);
  }
  return Filters.parse(pairs);
}

/** Takes `key` out of the JSON filters (for keys the API handles itself, like `_up-to-date`). */
export function splitFilter(raw: string | null, key: string): { rest: string | null; values: string[] } {
  if (!raw) return { rest: raw, values: [] };
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(raw);
  } catch {
    return { rest: raw, values: [] };
  }
  if (!obj || typeof obj !== 'object' || !(key in obj)) return { rest: raw, values: [] };
  const v = obj[key];
  delete obj[key];
  const values = Array.isArray(v) ? v.map(String) : v && typeof v === 'object' ? Object.keys(v).filter((k) => (v as Record<string, unknown>)[k]) : [];
  return { rest: JSON.stringify(obj), values };
}
