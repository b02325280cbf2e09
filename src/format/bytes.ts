// Port of the human-readable formatting helpers of github.com/docker/go-units
// v0.5.0 (the version vendored by docker/cli v28.2.2): HumanSize,
// HumanSizeWithPrecision, BytesSize, CustomSize and HumanDuration.
//
// Go formats these with fmt's `%.<p>g` verb, which rounds the *exact* binary
// value of the float64 to p significant digits (ties to even) and then picks
// plain or exponent notation. JavaScript's toPrecision() rounds ties away from
// zero and never trims trailing zeros, so the verb is reimplemented here on
// top of an exact decimal expansion of the double.

const DECIMAL_ABBRS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const;
const BINARY_ABBRS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] as const;

/** Decimal digits of |x| (no leading/trailing zeros) and the decimal point position. */
interface Digits {
  d: string;
  /** value = 0.d × 10^dp */
  dp: number;
}

/** Exact decimal expansion of a finite, non-zero double's magnitude. */
function exactDigits(x: number): Digits {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biasedExp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biasedExp === 0) {
    exp = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    exp = biasedExp - 1075;
  }
  let s: string;
  let dp: number;
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString();
    dp = s.length;
  } else {
    // mant / 2^k == mant * 5^k / 10^k
    const k = -exp;
    s = (mant * 5n ** BigInt(k)).toString();
    dp = s.length - k;
  }
  return { d: s.replace(/0+$/, ''), dp };
}

/** Round to at most n significant digits, half to even (as strconv does for exact ties). */
function roundDigits(v: Digits, n: number): Digits {
  if (v.d.length <= n) return v;
  const next = v.d.charCodeAt(n) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (/[1-9]/.test(v.d.slice(n + 1))) up = true;
  else up = n > 0 && (v.d.charCodeAt(n - 1) - 48) % 2 === 1;

  let d = v.d.slice(0, n);
  let dp = v.dp;
  if (up) {
    let i = n - 1;
    const arr = d.split('');
    while (i >= 0 && arr[i] === '9') {
      arr[i] = '0';
      i--;
    }
    if (i < 0) {
      arr.unshift('1');
      arr.pop();
      dp++;
    } else {
      arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
    }
    d = arr.join('');
  }
  return { d: d.replace(/0+$/, ''), dp };
}

function digitAt(v: Digits, i: number): string {
  return i >= 0 && i < v.d.length ? v.d[i] : '0';
}

function fmtE(v: Digits, decimals: number): string {
  let out = v.d.length > 0 ? v.d[0] : '0';
  if (decimals > 0) {
    out += '.';
    for (let i = 1; i <= decimals; i++) out += digitAt(v, i);
  }
  const exp = v.d.length === 0 ? 0 : v.dp - 1;
  const abs = Math.abs(exp);
  return `${out}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(v: Digits, decimals: number): string {
  let out = '';
  if (v.dp > 0) {
    for (let i = 0; i < v.dp; i++) out += digitAt(v, i);
  } else {
    out = '0';
  }
  if (decimals > 0) {
    out += '.';
    for (let i = 0; i < decimals; i++) out += digitAt(v, v.dp + i);
  }
  return out;
}

/** Go's fmt.Sprintf("%.<precision>g", x) for a float64. */
export function formatGoG(x: number, precision: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  let prec = precision < 0 ? 6 : precision === 0 ? 1 : precision;
  const digs: Digits = x === 0 ? { d: '', dp: 0 } : roundDigits(exactDigits(x), prec);

  let eprec = prec;
  if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
  const exp = digs.dp - 1;
  let body: string;
  if (exp < -4 || exp >= eprec) {
    if (prec > digs.d.length) prec = digs.d.length;
    body = fmtE(digs, prec - 1);
  } else {
    if (prec > digs.dp) prec = digs.d.length;
    body = fmtF(digs, Math.max(prec - digs.dp, 0));
  }
  return (neg ? '-' : '') + body;
}

function sizeAndUnit(size: number, base: number, map: readonly string[]): [number, string] {
  let i = 0;
  const unitsLimit = map.length - 1;
  while (size >= base && i < unitsLimit) {
    size = size / base;
    i++;
  }
  return [size, map[i]];
}

/**
 * go-units CustomSize restricted to the `%.<precision>g%s` formats that
 * go-units itself uses.
 */
export function customSize(precision: number, size: number, base: number, map: readonly string[]): string {
  const [s, unit] = sizeAndUnit(size, base, map);
  return formatGoG(s, precision) + unit;
}

/** go-units HumanSizeWithPrecision: decimal (1000-based) units, `precision` significant digits. */
export function humanSizeWithPrecision(size: number, precision: number): string {
  return customSize(precision, size, 1000, DECIMAL_ABBRS);
}

/** go-units HumanSize: decimal units with 4 significant digits ("1.049MB"). */
export function humanSize(size: number): string {
  return humanSizeWithPrecision(size, 4);
}

/** go-units BytesSize: binary (1024-based) units with 4 significant digits ("3.821GiB"). */
export function bytesSize(size: number): string {
  return customSize(4, size, 1024, BINARY_ABBRS);
}

/** Nanoseconds per unit, as in Go's time package. */
export const NANOSECOND = 1;
export const MICROSECOND = 1000 * NANOSECOND;
export const MILLISECOND = 1000 * MICROSECOND;
export const SECOND = 1000 * MILLISECOND;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** Go's Duration.Seconds()/Minutes()/Hours(): integer part and remainder as float. */
function durationIn(ns: number, unit: number): number {
  const whole = Math.trunc(ns / unit);
  const rest = ns - whole * unit;
  return whole + rest / unit;
}

/**
 * go-units HumanDuration for a time.Duration given in nanoseconds (the Engine
 * API's JSON encoding of durations): "Less than a second", "5 seconds",
 * "About a minute", "3 months", ...
 */
export function humanDuration(ns: number): string {
  const seconds = Math.trunc(durationIn(ns, SECOND));
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(durationIn(ns, MINUTE));
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(durationIn(ns, HOUR) + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(durationIn(ns, HOUR)) / 24 / 365)} years`;
}
