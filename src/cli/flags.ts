// A pflag-compatible flag parser: the forms docker accepts (--f v, --f=v, -f v, -fv, -abc, --),
// its value types, and its exact error texts. Flag definitions come from docker's own help text
// (fixtures/help/index.json), so every docker flag is known with its type.
import { parseCsv } from './csv';
import { parsePortOpt } from './ports';
import { parsePrefix } from '../engine/ip';

export interface FlagSpec {
  long: string;
  short?: string;
  type: string;
  default?: string;
}

export type FlagValue = string | boolean | string[];

export class FlagError extends Error {}

export interface Parsed {
  flags: Map<string, FlagValue>;
  args: string[];
  help: boolean;
  /** `-h` was used: pflag prints a deprecation line first. */
  shortHelp: boolean;
}

const BOOL_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const BOOL_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
/** Types whose repeated values accumulate. */
const REPEATED = new Set(['strings', 'list', 'filter', 'map', 'stringArray', 'ipNetSlice', 'stringToString', 'port', 'mount', 'network', 'secret', 'config', 'ulimit', 'pref', 'external-ca', 'gpu-request', 'command']);

function displayName(f: FlagSpec): string {
  return f.short ? `-${f.short}, --${f.long}` : `--${f.long}`;
}


const UINT_BITS: Record<string, number> = { uint: 64, uint64: 64, uint32: 32, uint16: 16, uint8: 8 };
const INT_BITS: Record<string, number> = { int: 64, int64: 64, int32: 32 };

/** Go's strconv.ParseUint/ParseInt with base 0 (pflag's choice for ints). */
function parseGoInt(s: string, bits: number, signed: boolean): string {
  const fn = signed ? 'strconv.ParseInt' : 'strconv.ParseUint';
  let body = s;
  let neg = false;
  if (signed && (body.startsWith('-') || body.startsWith('+'))) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let base = 10n;
  let digits = body;
  if (/^0[xX]/.test(body)) (base = 16n), (digits = body.slice(2));
  else if (/^0[bB]/.test(body)) (base = 2n), (digits = body.slice(2));
  else if (/^0[oO]/.test(body)) (base = 8n), (digits = body.slice(2));
  else if (/^0\d/.test(body)) (base = 8n), (digits = body.slice(1));
  digits = digits.replace(/_/g, '');
  const alphabet = '0123456789abcdef'.slice(0, Number(base));
  if (!digits || [...digits.toLowerCase()].some((c) => !alphabet.includes(c))) {
    throw new FlagError(`${fn}: parsing ${JSON.stringify(s)}: invalid syntax`);
  }
  let n = 0n;
  for (const c of digits.toLowerCase()) n = n * base + BigInt(alphabet.indexOf(c));
  if (neg) n = -n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  if (n > max || n < min) throw new FlagError(`${fn}: parsing ${JSON.stringify(s)}: value out of range`);
  return n.toString();
}

/** Go duration syntax (time.ParseDuration). Returns the text; callers convert. */
export function parseGoDuration(s: string): number {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  const units: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let body = s;
  let sign = 1;
  if (body[0] === '-' || body[0] === '+') {
    sign = body[0] === '-' ? -1 : 1;
    body = body.slice(1);
  }
  if (body === '0') return 0;
  if (!body) throw new FlagError(`time: invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  re.lastIndex = 0;
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) {
      if (/^[\d.]+$/.test(body.slice(pos))) throw new FlagError(`time: missing unit in duration ${JSON.stringify(s)}`);
      throw new FlagError(`time: invalid duration ${JSON.stringify(s)}`);
    }
    total += Number(m[1]) * units[m[2]];
    pos = re.lastIndex;
  }
  return sign * total;
}

/** Converts one textual value for a flag of `type`; throws FlagError with the strconv text. */
function convert(spec: FlagSpec, raw: string): string | boolean | string[] {
  const t = spec.type;
  if (t === 'bool') {
    if (BOOL_TRUE.has(raw)) return true;
    if (BOOL_FALSE.has(raw)) return false;
    throw new FlagError(`strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
  }
  if (t in UINT_BITS) return parseGoInt(raw, UINT_BITS[t], false);
  if (t in INT_BITS) return parseGoInt(raw, INT_BITS[t], true);
  if (t === 'duration') {
    parseGoDuration(raw);
    return raw;
  }
  if (t === 'filter' && !raw.includes('=')) throw new FlagError('bad format of filter (expected name=value)');
  if (t === 'strings') return parseCsv(raw);
  if (t === 'ipNetSlice') {
    // pflag's ipNetSlice: CSV of CIDRs, each checked by net.ParseCIDR
    const nets = parseCsv(raw).map((v) => v.trim());
    for (const n of nets) if (!parsePrefix(n)) throw new FlagError(`invalid string being converted to CIDR: ${n}`);
    return nets;
  }
  if (t === 'port') parsePortOpt(raw);
  return raw;
}

export function parseFlags(argv: string[], specs: FlagSpec[], interspersed: boolean): Parsed {
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags = new Map<string, FlagValue>();
  const args: string[] = [];
  let help = false;
  let shortHelp = false;

  const set = (spec: FlagSpec, raw: string) => {
    let v: FlagValue;
    try {
      v = convert(spec, raw);
    } catch (e) {
      throw new FlagError(`invalid argument ${JSON.stringify(raw)} for ${JSON.stringify(displayName(spec))} flag: ${(e as Error).message}`);
    }
    if (REPEATED.has(spec.type)) {
      const prev = (flags.get(spec.long) as string[] | undefined) ?? [];
      flags.set(spec.long, prev.concat(v as string | string[]));
    } else flags.set(spec.long, v);
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (name === 'help') {
        help = true;
        continue;
      }
      const spec = byLong.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, a.slice(eq + 1));
      else if (spec.type === 'bool') set(spec, 'true');
      else if (i + 1 < argv.length) set(spec, argv[++i]);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'h' && !byShort.has('h')) {
          help = true;
          shortHelp = true;
          continue;
        }
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        if (a[j + 1] === '=') {
          set(spec, a.slice(j + 2));
          break;
        }
        if (spec.type === 'bool') {
          set(spec, 'true');
          continue;
        }
        if (j + 1 < a.length) set(spec, a.slice(j + 1));
        else if (i + 1 < argv.length) set(spec, argv[++i]);
        else throw new FlagError(`flag needs an argument: '${c}' in ${a}`);
        break;
      }
      continue;
    }
    args.push(a);
    if (!interspersed) {
      args.push(...argv.slice(i + 1));
      break;
    }
  }
  return { flags, args, help, shortHelp };
}
