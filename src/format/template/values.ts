// How JS values stand in for Go values (the reflect.Value world text/template lives in).
//
//   JS value                           Go value
//   ---------------------------------  -----------------------------------------------------
//   undefined                          the invalid reflect.Value ("no value": missing map key)
//   null                               a typed nil pointer (a struct field / method result)
//   NIL_IFACE (internal)               a nil interface{} (map / slice element that is null)
//   string, boolean                    string, bool
//   number                             float64 (what encoding/json decodes numbers into)
//   bigint  (see goInt)                int
//   GoComplex                          complex128 (only from template constants like 1i)
//   Array                              []interface{} (or arr[GO_TYPE], e.g. '[]string')
//   plain object                       map[string]interface{} (or obj[GO_TYPE] = 'map[..]..')
//   object with obj[GO_TYPE] = 'T'     struct T ('*pkg.T' = pointer to struct); function-valued
//                                      properties (and getters) are its methods
//   function                           func (a map/slice element; signature via goFunc)
//
// The distinction between null and NIL_IFACE only matters where Go's does: a nil interface
// element is dug out by the pipeline and prints "<no value>", a nil pointer prints "<nil>".

/** Key naming the Go type of an object (struct, typed map) or array. */
export const GO_TYPE: unique symbol = Symbol.for('go.type') as never;
/** Key holding a function's Go signature (see goFunc). */
export const GO_SIG: unique symbol = Symbol.for('go.sig') as never;

/** Internal: a nil interface{} value (as opposed to the invalid value `undefined`). */
export const NIL_IFACE: unique symbol = Symbol('nil interface') as never;

/** Parameter/result types a function can declare; 'any' is interface{}. */
export type GoParam = 'any' | 'string' | 'int' | 'float64' | 'bool' | '[]string';
/** Internal: builtins taking reflect.Value see the raw (possibly invalid) value. */
export type ParamType = GoParam | 'value';

export interface GoSignature {
  params: ParamType[];
  /** The last entry of params is the element type of a trailing `...` parameter. */
  variadic?: boolean;
  result?: GoParam;
  /** Internal: receives and returns internal values (builtins and docker's functions). */
  raw?: boolean;
}

/**
 * Declares the Go signature of a template function, so argument counts and types are checked
 * (and constants converted) as Go would. Without it a function takes `fn.length` interface{}
 * arguments. Ints arrive as JS numbers; return a bigint (or declare result 'int') for an int.
 */
export function goFunc<F extends Function>(
  fn: F,
  params: GoParam[],
  opts: { variadic?: boolean; result?: GoParam } = {},
): F {
  (fn as unknown as Record<symbol, GoSignature>)[GO_SIG] = { params, ...opts };
  return fn;
}

/** A Go int: JS numbers are float64 (as in decoded JSON), so typed ints must be bigints. */
export function goInt(n: number | bigint | string): bigint {
  if (typeof n === 'number' && !Number.isInteger(n)) throw new RangeError(`goInt: ${n} is not an integer`);
  return BigInt(n);
}

export class GoComplex {
  constructor(readonly re: number, readonly im: number) {}
}

export type Kind =
  | 'invalid' | 'nil' | 'niliface' | 'string' | 'float' | 'int' | 'bool' | 'complex'
  | 'slice' | 'map' | 'struct' | 'ptr' | 'func';

export function kindOf(v: unknown): Kind {
  switch (typeof v) {
    case 'string': return 'string';
    case 'number': return 'float';
    case 'bigint': return 'int';
    case 'boolean': return 'bool';
    case 'undefined': return 'invalid';
    case 'function': return 'func';
    case 'symbol': return v === NIL_IFACE ? 'niliface' : 'invalid';
  }
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof GoComplex) return 'complex';
  const t = (v as Record<symbol, unknown>)[GO_TYPE];
  if (typeof t !== 'string' || t.startsWith('map[')) return 'map';
  return t.startsWith('*') ? 'ptr' : 'struct';
}

/** Go's name for the dynamic type of v, as in error messages and %T. */
export function typeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'string': return 'string';
    case 'float': return 'float64';
    case 'int': return 'int';
    case 'bool': return 'bool';
    case 'complex': return 'complex128';
    case 'niliface': return 'interface {}';
    case 'invalid': case 'nil': return '<nil>';
    case 'func': return funcTypeName(v as Function);
    case 'slice': return ((v as Record<symbol, unknown>)[GO_TYPE] as string) ?? '[]interface {}';
    default: return ((v as Record<symbol, unknown>)[GO_TYPE] as string) ?? 'map[string]interface {}';
  }
}

export function paramTypeName(t: ParamType): string {
  return t === 'any' ? 'interface {}' : t === 'value' ? 'reflect.Value' : t;
}

const sigCache = new WeakMap<Function, GoSignature>();

export function sigOf(fn: Function): GoSignature {
  const own = (fn as unknown as Record<symbol, GoSignature | undefined>)[GO_SIG];
  if (own) return own;
  let sig = sigCache.get(fn);
  if (!sig) {
    sig = { params: new Array<ParamType>(fn.length).fill('any') };
    sigCache.set(fn, sig);
  }
  return sig;
}

function funcTypeName(fn: Function): string {
  const sig = sigOf(fn);
  const ps = sig.params.map((p, i) =>
    sig.variadic && i === sig.params.length - 1 ? '...' + paramTypeName(p) : paramTypeName(p));
  return `func(${ps.join(', ')}) ${paramTypeName(sig.result ?? 'any')}`;
}

/** Keys of a map value that are present (undefined counts as absent), sorted like fmtsort. */
export function mapKeys(m: object): string[] {
  const keys = Object.keys(m).filter((k) => (m as Record<string, unknown>)[k] !== undefined);
  return keys.sort(compareStrings);
}

/** A struct's fields in declaration order: own enumerable data, not methods. */
export function structFields(s: object): string[] {
  return Object.keys(s).filter((k) => typeof (s as Record<string, unknown>)[k] !== 'function');
}

/** Go compares strings bytewise (UTF-8); plain `<` compares UTF-16 code units. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (>= U+10000 in UTF-8) must sort after U+E000..U+FFFF.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys && (x >= 0xe000 || y >= 0xe000)) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/**
 * Whether the elements of a slice or map have static type interface{} (plain arrays and objects,
 * or typed ones such as '[]interface {}' / 'map[string]interface {}'). Go's reflect then hands out
 * interface-kind values, and errors about them name the type `interface {}`.
 */
export function elemIsInterface(container: unknown): boolean {
  const k = kindOf(container);
  if (k !== 'slice' && k !== 'map') return false;
  const t = (container as Record<symbol, unknown>)[GO_TYPE];
  if (typeof t !== 'string') return true;
  return /\](interface \{\}|any)$/.test(t);
}

/** An element of a slice or map: elements are interface{}, so null is a nil interface. */
export function elem(v: unknown): unknown {
  return v === null || v === undefined ? NIL_IFACE : v;
}

/** Go's indirectInterface: the concrete value inside an interface (nil → invalid). */
export function indirectInterface(v: unknown): unknown {
  return v === NIL_IFACE ? undefined : v;
}

/** Go's isTrue (template truth): the zero value of any type is false. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'string': return (v as string).length > 0;
    case 'float': return v !== 0; // NaN is true, as in Go
    case 'int': return v !== 0n;
    case 'bool': return v as boolean;
    case 'complex': return (v as GoComplex).re !== 0 || (v as GoComplex).im !== 0;
    case 'slice': return (v as unknown[]).length > 0;
    case 'map':
      for (const k in v as object) if ((v as Record<string, unknown>)[k] !== undefined) return true;
      return false;
    case 'struct': case 'ptr': case 'func': return true;
    default: return false;
  }
}

export function isStringSlice(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  const t = (v as unknown as Record<symbol, unknown>)[GO_TYPE];
  if (t !== undefined) return t === '[]string';
  return v.every((x) => typeof x === 'string');
}

export function stringSlice(a: string[]): string[] {
  (a as unknown as Record<symbol, string>)[GO_TYPE] = '[]string';
  return a;
}
