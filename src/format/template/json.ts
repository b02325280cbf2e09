// encoding/json's Encoder as docker's `json` template function uses it (SetEscapeHTML(false)):
// Go's float formatting, Go's string escaping, keys of plain objects in the JS object's order (the
// order of the Go struct the object mirrors), keys of typed maps (GO_TYPE 'map[...]...') sorted as
// encoding/json sorts map keys, only the exported fields of structs. A value Go cannot encode
// (NaN, a func...) makes Encode fail, and docker then prints nothing: encodeJSON throws and the
// caller returns "".

import { GO_TYPE, GoComplex, NIL_IFACE, compareStrings, kindOf, structFields, typeName } from './values';

export class UnsupportedValue extends Error {}

const HEX = '0123456789abcdef';

export function quoteJSON(s: string, escapeHTML = false): string {
  let out = '"';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | null = null;
    if (c < 0x20) {
      esc = c === 8 ? '\\b' : c === 12 ? '\\f' : c === 10 ? '\\n' : c === 13 ? '\\r' : c === 9 ? '\\t'
        : '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x22) {
      esc = '\\"';
    } else if (c === 0x5c) {
      esc = '\\\\';
    } else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) {
      esc = '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x2028 || c === 0x2029) {
      esc = '\\u202' + HEX[c & 15];
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is invalid UTF-8: Go writes the replacement character.
      const hi = c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
      if (hi) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    }
    if (esc !== null) {
      out += s.slice(last, i) + esc;
      last = i + 1;
    }
  }
  return out + s.slice(last) + '"';
}

function encodeFloat(f: number): string {
  if (!Number.isFinite(f)) throw new UnsupportedValue(`json: unsupported value: ${f}`);
  if (Object.is(f, -0)) return '-0';
  // Go switches to exponent form below 1e-6 and from 1e21, like ES6's Number#toString,
  // and both produce the shortest round-trip digits.
  return String(f);
}

/** Compacts JSON returned by a MarshalJSON method (encoding/json does the same). */
function compact(raw: string): string {
  let out = '';
  let inStr = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inStr) {
      out += c;
      if (c === '\\') out += raw[++i] ?? '';
      else if (c === '"') inStr = false;
    } else if (c === '"') {
      inStr = true;
      out += c;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') {
      out += c;
    }
  }
  return out;
}

export function encodeJSON(v: unknown, depth = 0): string {
  if (depth > 1000) throw new UnsupportedValue('json: unsupported value: encountered a cycle');
  switch (kindOf(v)) {
    case 'invalid': case 'nil': case 'niliface': return 'null';
    case 'string': return quoteJSON(v as string);
    case 'float': return encodeFloat(v as number);
    case 'int': return (v as bigint).toString();
    case 'bool': return v ? 'true' : 'false';
    case 'slice':
      return '[' + (v as unknown[]).map((e) => encodeJSON(e ?? NIL_IFACE, depth + 1)).join(',') + ']';
    case 'map': {
      const m = v as Record<string, unknown>;
      const parts: string[] = [];
      const keys = Object.keys(m);
      // A typed Go map: encoding/json writes its keys sorted.
      if (typeof (m as Record<symbol, unknown>)[GO_TYPE] === 'string') keys.sort(compareStrings);
      for (const k of keys) {
        if (m[k] === undefined) continue;
        parts.push(quoteJSON(k) + ':' + encodeJSON(m[k], depth + 1));
      }
      return '{' + parts.join(',') + '}';
    }
    case 'struct': case 'ptr': {
      const s = v as Record<string, unknown>;
      if (typeof s.MarshalJSON === 'function') {
        const raw = (s.MarshalJSON as () => unknown)();
        return compact(typeof raw === 'string' ? raw : encodeJSON(raw, depth + 1));
      }
      // encoding/json encodes exported fields only (an upper-case initial).
      const parts = structFields(s).filter((k) => /^\p{Lu}/u.test(k))
        .map((k) => quoteJSON(k) + ':' + encodeJSON(s[k], depth + 1));
      return '{' + parts.join(',') + '}';
    }
  }
  if (v instanceof GoComplex) throw new UnsupportedValue('json: unsupported type: complex128');
  throw new UnsupportedValue(`json: unsupported type: ${typeName(v)}`);
}
