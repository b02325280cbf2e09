// Go's builtin template functions (text/template/funcs.go, Go 1.24 texts: docker 28.2 is built
// with it) and docker's additions (docker/cli templates/templates.go). These run on internal
// values (see values.ts) and throw plain Errors whose message Go would put after
// "error calling NAME: ".

import { sprint, sprintf, sprintln, Deref } from './fmt';
import { encodeJSON } from './json';
import { byteLength, isPrint, sliceBytes } from './strconv';
import {
  GoComplex, GO_SIG, NIL_IFACE, compareStrings, elem, indirectInterface, isTrue, kindOf,
  isStringSlice, mapKeys, sigOf, stringSlice, typeName, type GoSignature, type ParamType,
} from './values';

function raw<F extends Function>(fn: F, params: ParamType[], variadic = false, result?: 'int'): F {
  const sig: GoSignature = { params, variadic, raw: true, result };
  (fn as unknown as Record<symbol, GoSignature>)[GO_SIG] = sig;
  return fn;
}

const unreachable = (): never => {
  throw new Error('unreachable'); // and, or and call are evaluated by exec itself
};

// ---- indexing, slicing, length ----

function indexArg(index: unknown, cap: number): number {
  if (index === undefined) throw new Error('cannot index slice/array with nil');
  if (typeof index !== 'bigint') throw new Error(`cannot index slice/array with type ${typeName(index)}`);
  if (index < 0n || index > BigInt(cap)) throw new Error(`index out of range: ${index}`);
  return Number(index);
}

/** The zero value of a typed map's element type ('map[string]string' → ""). */
function mapZero(m: object): unknown {
  const t = typeName(m);
  const e = t.slice(t.indexOf(']') + 1);
  switch (e) {
    case 'string': return '';
    case 'int': return 0n;
    case 'float64': return 0;
    case 'bool': return false;
  }
  return NIL_IFACE;
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  item = indirectInterface(item);
  if (item === undefined) throw new Error('index of untyped nil');
  for (let idx of indexes) {
    idx = indirectInterface(idx);
    if (item === null || item === NIL_IFACE) throw new Error('index of nil pointer');
    switch (kindOf(item)) {
      case 'slice': {
        const a = item as unknown[];
        const x = indexArg(idx, a.length);
        if (x === a.length) throw new Error('reflect: slice index out of range');
        item = elem(a[x]);
        break;
      }
      case 'string': {
        const b = Buffer.from(item as string, 'utf8');
        const x = indexArg(idx, b.length);
        if (x === b.length) throw new Error('reflect: string index out of range');
        item = BigInt(b[x]); // a byte (uint8), printed as a number
        break;
      }
      case 'map': {
        if (idx === undefined) throw new Error('value is nil; should be of type string');
        if (typeof idx !== 'string') throw new Error(`value has type ${typeName(idx)}; should be string`);
        const m = item as Record<string, unknown>;
        const v = Object.prototype.hasOwnProperty.call(m, idx) ? m[idx] : undefined;
        item = v === undefined ? mapZero(m) : elem(v);
        break;
      }
      default:
        throw new Error(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  item = indirectInterface(item);
  if (item === undefined) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let len: number;
  const k = kindOf(item);
  if (k === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    len = byteLength(item as string);
  } else if (k === 'slice') {
    len = (item as unknown[]).length;
  } else {
    throw new Error(`can't slice item of type ${typeName(item)}`);
  }
  const idx = [0, len, 0];
  indexes.forEach((x, i) => (idx[i] = indexArg(indirectInterface(x), len)));
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (k === 'string') return sliceBytes(item as string, idx[0], idx[1]);
  const out = (item as unknown[]).slice(idx[0], idx[1]);
  const t = typeName(item);
  return t === '[]string' ? stringSlice(out as string[]) : out;
}

function length(item: unknown): bigint {
  if (item === null || item === NIL_IFACE) throw new Error('len of nil pointer');
  switch (kindOf(item)) {
    case 'string': return BigInt(byteLength(item as string));
    case 'slice': return BigInt((item as unknown[]).length);
    case 'map': return BigInt(mapKeys(item as object).length);
    case 'invalid': throw new Error('reflect: call of reflect.Value.Type on zero Value');
  }
  throw new Error(`len of type ${typeName(item)}`);
}

/** The `call` builtin: name is the callee's node text, as Go's error messages show it. */
export function callFunc(name: string, fn: unknown, args: unknown[], invoke: (fn: Function, argv: unknown[]) => unknown): unknown {
  fn = indirectInterface(fn);
  if (fn === undefined) throw new Error('call of nil');
  if (typeof fn !== 'function') throw new Error(`non-function ${name} of type ${typeName(fn)}`);
  const sig = sigOf(fn);
  const numIn = sig.params.length;
  if (sig.variadic) {
    if (args.length < numIn - 1) {
      throw new Error(`wrong number of args for ${name}: got ${args.length} want at least ${numIn - 1}`);
    }
  } else if (args.length !== numIn) {
    throw new Error(`wrong number of args for ${name}: got ${args.length} want ${numIn}`);
  }
  const argv = args.map((arg, i) => {
    arg = indirectInterface(arg);
    const t = sig.variadic && i >= numIn - 1 ? sig.params[numIn - 1] : sig.params[i];
    if (arg === undefined) {
      if (t === 'any' || t === 'value' || t === '[]string') return t === 'any' ? NIL_IFACE : arg;
      throw new Error(`arg ${i}: value is nil; should be of type ${t}`);
    }
    if (!assignable(arg, t)) throw new Error(`arg ${i}: value has type ${typeName(arg)}; should be ${t}`);
    return arg;
  });
  return invoke(fn, argv);
}

export function assignable(v: unknown, t: ParamType): boolean {
  switch (t) {
    case 'any': case 'value': return true;
    case 'string': return typeof v === 'string';
    case 'int': return typeof v === 'bigint';
    case 'float64': return typeof v === 'number';
    case 'bool': return typeof v === 'boolean';
    case '[]string': return isStringSlice(v);
  }
}

// ---- comparisons ----

type BasicKind = 'bool' | 'complex' | 'int' | 'float' | 'string';
const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';

function basicKind(v: unknown): BasicKind | null {
  const k = kindOf(v);
  return k === 'bool' || k === 'complex' || k === 'int' || k === 'float' || k === 'string' ? k : null;
}

function reflectKind(v: unknown): string {
  const k = kindOf(v);
  return k === 'nil' ? 'ptr' : k === 'niliface' ? 'invalid' : k;
}

function isNilValue(v: unknown): boolean {
  return v === undefined || v === null || v === NIL_IFACE;
}

function structEqual(a: object, b: object): boolean {
  if (a === b) return true;
  if (typeName(a) !== typeName(b)) return false;
  const fa = Object.keys(a);
  return fa.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  arg1 = indirectInterface(arg1);
  if (arg2.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let arg of arg2) {
    arg = indirectInterface(arg);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (arg1 !== undefined && arg !== undefined) throw new Error(errBadComparison);
    } else if (k1 === 'complex') {
      truth = (arg1 as GoComplex).re === (arg as GoComplex).re && (arg1 as GoComplex).im === (arg as GoComplex).im;
    } else if (k1 !== null) {
      truth = arg1 === arg; // same basic kind: bool, int (bigint), float, string
    } else {
      const r1 = reflectKind(arg1);
      const r2 = reflectKind(arg);
      if (r1 !== r2 && r1 !== 'invalid' && r2 !== 'invalid') {
        throw new Error(`non-comparable types ${sprintf('%s', [arg1])}: ${typeName(arg1)}, ${typeName(arg)}: ${sprint([arg])}`);
      }
      if (isNilValue(arg1) || isNilValue(arg)) {
        truth = isNilValue(arg) === isNilValue(arg1);
      } else {
        if (r2 === 'slice' || r2 === 'map' || r2 === 'func') {
          throw new Error(`non-comparable type ${sprintf('%s', [arg])}: ${typeName(arg)}`);
        }
        truth = r2 === 'struct' ? structEqual(arg1 as object, arg as object) : arg1 === arg;
      }
    }
    if (truth) return true;
  }
  return false;
}

function lt(arg1: unknown, arg2: unknown): boolean {
  arg1 = indirectInterface(arg1);
  const k1 = basicKind(arg1);
  if (k1 === null) throw new Error(errBadComparisonType);
  arg2 = indirectInterface(arg2);
  const k2 = basicKind(arg2);
  if (k2 === null) throw new Error(errBadComparisonType);
  if (k1 !== k2) throw new Error(errBadComparison);
  switch (k1) {
    case 'bool': case 'complex': throw new Error(errBadComparisonType);
    case 'string': return compareStrings(arg1 as string, arg2 as string) < 0;
    default: return (arg1 as number) < (arg2 as number);
  }
}

function le(arg1: unknown, arg2: unknown): boolean {
  return lt(arg1, arg2) || eq(arg1, arg2);
}

// ---- escaping ----

/** text/template's evalArgs: fmt.Sprint after printableValue (a nil prints <no value>). */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === undefined || a === NIL_IFACE ? '<no value>'
    : kindOf(a) === 'ptr' ? new Deref(a as object) : a)));
}

export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) =>
    c === '\0' ? '\uFFFD' : c === '"' ? '&#34;' : c === "'" ? '&#39;' : c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;');
}

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      switch (ch) {
        case '\\': out += '\\\\'; continue;
        case "'": out += "\\'"; continue;
        case '"': out += '\\"'; continue;
        case '<': out += '\\u003C'; continue;
        case '>': out += '\\u003E'; continue;
        case '&': out += '\\u0026'; continue;
        case '=': out += '\\u003D'; continue;
      }
      out += c < 0x20 ? '\\u00' + c.toString(16).toUpperCase().padStart(2, '0') : ch;
    } else {
      out += isPrint(c) ? ch : '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    }
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Builtins, by name; exec special-cases and, or and call. */
export const builtins: Record<string, Function> = {
  and: raw(unreachable, ['value', 'value'], true),
  or: raw(unreachable, ['value', 'value'], true),
  call: raw(unreachable, ['value', 'value'], true),
  not: raw((a: unknown) => !isTrue(indirectInterface(a)), ['value']),
  len: raw(length, ['value'], false, 'int'),
  index: raw(index, ['value', 'value'], true),
  slice: raw(slice, ['value', 'value'], true),
  print: raw((...a: unknown[]) => sprint(a), ['any'], true),
  println: raw((...a: unknown[]) => sprintln(a), ['any'], true),
  printf: raw((f: string, ...a: unknown[]) => sprintf(f, a), ['string', 'any'], true),
  html: raw((...a: unknown[]) => htmlEscape(evalArgs(a)), ['any'], true),
  js: raw((...a: unknown[]) => jsEscape(evalArgs(a)), ['any'], true),
  urlquery: raw((...a: unknown[]) => queryEscape(evalArgs(a)), ['any'], true),
  eq: raw(eq, ['value', 'value'], true),
  ne: raw((a: unknown, b: unknown) => !eq(a, b), ['value', 'value']),
  lt: raw(lt, ['value', 'value']),
  le: raw(le, ['value', 'value']),
  gt: raw((a: unknown, b: unknown) => !le(a, b), ['value', 'value']),
  ge: raw((a: unknown, b: unknown) => !lt(a, b), ['value', 'value']),
};

// ---- docker's functions ----

/** strings.Title: upper-case (title-case) the first letter of each word. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? toTitleRune(ch) : ch;
    prev = ch;
  }
  return out;
}

function isSeparator(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c <= 0x7f) return !/[0-9a-zA-Z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return /\s/u.test(ch);
}

function toTitleRune(ch: string): string {
  const u = ch.toUpperCase();
  return Array.from(u).length === 1 ? u : ch;
}

/** strings.ToUpper / ToLower map rune by rune (no "ß" → "SS"). */
function mapRunes(s: string, upper: boolean): string {
  if (/^[\x00-\x7f]*$/.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  let out = '';
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += Array.from(m).length === 1 ? m : ch;
  }
  return out;
}

/** strings.Split. */
function split(s: string, sep: string): string[] {
  return stringSlice(sep === '' ? Array.from(s) : s.split(sep));
}

function repeatSpaces(n: bigint): string {
  if (n < 0n) throw new Error('strings: negative Repeat count');
  return ' '.repeat(Number(n));
}

export const dockerFuncs: Record<string, Function> = {
  json: raw((v: unknown) => {
    try {
      return encodeJSON(v);
    } catch {
      return ''; // Encode failed and wrote nothing; docker ignores the error.
    }
  }, ['any']),
  split: raw(split, ['string', 'string']),
  join: raw((a: string[], sep: string) => a.join(sep), ['[]string', 'string']),
  title: raw(title, ['string']),
  lower: raw((s: string) => mapRunes(s, false), ['string']),
  upper: raw((s: string) => mapRunes(s, true), ['string']),
  pad: raw((s: string, prefix: bigint, suffix: bigint) =>
    s === '' ? s : repeatSpaces(prefix) + s + repeatSpaces(suffix), ['string', 'int', 'int']),
  truncate: raw((s: string, n: bigint) => {
    // len() and s[:n] count bytes in Go.
    if (BigInt(byteLength(s)) < n) return s;
    if (n < 0n) throw new Error(`runtime error: slice bounds out of range [:${n}]`);
    return sliceBytes(s, 0, Number(n));
  }, ['string', 'int']),
};

/** Each header function needs its own function object: the signature is stored on it. */
const identity = (params: ParamType[]) => raw((v: string) => v, params);

/** docker's HeaderFunctions: the header row keeps its titles, only `pad` still applies. */
export const headerFuncs: Record<string, Function> = {
  json: identity(['string']),
  split: identity(['string', 'string']),
  join: identity(['string', 'string']),
  title: identity(['string']),
  lower: identity(['string']),
  upper: identity(['string']),
  truncate: identity(['string', 'int']),
  pad: dockerFuncs.pad,
};
