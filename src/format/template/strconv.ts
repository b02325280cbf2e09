// The parts of Go's strconv (and unicode) that template parsing and fmt rely on. Go strings
// are UTF-8 bytes, so lengths and indices that users can observe are counted in bytes.

const PRINT = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  return PRINT.test(String.fromCodePoint(cp));
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** s[i:j] over UTF-8 bytes (a cut rune decodes to U+FFFD, as Go would later print it). */
export function sliceBytes(s: string, i: number, j?: number): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s.slice(i, j);
  return Buffer.from(s, 'utf8').subarray(i, j).toString('utf8');
}

const HEX = '0123456789abcdef';

function hexPad(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function appendEscapedRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCodePoint(r);
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 7: return '\\a';
    case 8: return '\\b';
    case 12: return '\\f';
    case 10: return '\\n';
    case 13: return '\\r';
    case 9: return '\\t';
    case 11: return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + HEX[r >> 4] + HEX[r & 15];
  if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd; // a lone surrogate is not valid UTF-8
  if (r < 0x10000) return '\\u' + hexPad(r, 4);
  return '\\U' + hexPad(r, 8);
}

/** strconv.Quote (asciiOnly: QuoteToASCII). */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += appendEscapedRune(ch.codePointAt(0)!, 0x22, asciiOnly);
  return out + '"';
}

/** strconv.QuoteRune (asciiOnly: QuoteRuneToASCII). */
export function quoteRune(r: number, asciiOnly = false): string {
  if (r > 0x10ffff || r < 0 || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  return "'" + appendEscapedRune(r, 0x27, asciiOnly) + "'";
}

export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x60 || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff)) return false;
    if ((c < 0x20 && c !== 9) || c === 0x7f) return false;
  }
  return true;
}

/** fmt's %#U: U+0041 'A' (the quoted rune only when printable). */
export function formatRuneU(r: number, withChar = true): string {
  const u = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  return withChar && isPrint(r) ? `${u} '${String.fromCodePoint(r)}'` : u;
}

export class SyntaxError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

function utf8(cp: number, out: number[]): void {
  const b = Buffer.from(String.fromCodePoint(cp), 'utf8');
  for (const x of b) out.push(x);
}

/** strconv.UnquoteChar on s[i:]: appends the char's UTF-8 bytes, returns the next index. */
function unquoteChar(s: string, i: number, quoteChar: string, out: number[]): number {
  const c = s[i];
  if (c === quoteChar && (c === "'" || c === '"')) throw new SyntaxError();
  if (c !== '\\') {
    const cp = s.codePointAt(i)!;
    utf8(cp, out);
    return i + (cp > 0xffff ? 2 : 1);
  }
  if (i + 1 >= s.length) throw new SyntaxError();
  const e = s[i + 1];
  i += 2;
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c };
  if (e in simple) {
    out.push(simple[e]);
    return i;
  }
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const digits = s.slice(i, i + n);
    if (digits.length < n || !/^[0-9a-fA-F]+$/.test(digits)) throw new SyntaxError();
    const v = parseInt(digits, 16);
    if (e === 'x') out.push(v); // a single byte, possibly not valid UTF-8 on its own
    else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxError();
    else utf8(v, out);
    return i + n;
  }
  if (e >= '0' && e <= '7') {
    const digits = s.slice(i - 1, i + 2);
    if (!/^[0-7]{3}$/.test(digits)) throw new SyntaxError();
    const v = parseInt(digits, 8);
    if (v > 255) throw new SyntaxError();
    out.push(v);
    return i + 2;
  }
  if (e === "'" || e === '"') {
    if (e !== quoteChar) throw new SyntaxError();
    out.push(e.charCodeAt(0));
    return i;
  }
  throw new SyntaxError();
}

/** strconv.Unquote for "...", `...` and '...' literals. Throws SyntaxError. */
export function unquote(s: string): string {
  if (s.length < 2) throw new SyntaxError();
  const q = s[0];
  if (q !== s[s.length - 1]) throw new SyntaxError();
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new SyntaxError();
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") throw new SyntaxError();
  if (body.includes('\n')) throw new SyntaxError();
  if (q === '"' && !body.includes('\\') && !body.includes('"')) return body;
  const bytes: number[] = [];
  let i = 0;
  let chars = 0;
  while (i < body.length) {
    i = unquoteChar(body, i, q, bytes);
    chars++;
    if (q === "'" && chars > 1) throw new SyntaxError();
  }
  if (q === "'" && chars !== 1) throw new SyntaxError();
  return Buffer.from(bytes).toString('utf8');
}

/** Decodes the char constant 'x' to its code point; null if malformed (tail not "'"). */
export function unquoteCharConstant(text: string): number | null {
  const body = text.slice(1);
  const bytes: number[] = [];
  const next = unquoteChar(body, 0, "'", bytes);
  if (body.slice(next) !== "'") return null;
  const esc = body[0] === '\\' ? body[1] : '';
  if (esc === 'x' || (esc >= '0' && esc <= '7')) return bytes[0]; // byte escapes are values
  return Buffer.from(bytes).toString('utf8').codePointAt(0)!;
}

function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const U64 = (1n << 64n) - 1n;
const I64 = (1n << 63n) - 1n;

/** strconv.ParseUint(s, 0, 64); null on any error. */
export function parseUint(s0: string): bigint | null {
  if (s0 === '') return null;
  let s = s0;
  let base = 10;
  if (s[0] === '0') {
    if (s.length >= 3 && 'bB'.includes(s[1])) (base = 2), (s = s.slice(2));
    else if (s.length >= 3 && 'oO'.includes(s[1])) (base = 8), (s = s.slice(2));
    else if (s.length >= 3 && 'xX'.includes(s[1])) (base = 16), (s = s.slice(2));
    else (base = 8), (s = s.slice(1));
  }
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return null;
    n = n * BigInt(base) + BigInt(d);
    if (n > U64) return null;
  }
  if (underscores && !underscoreOK(s0)) return null;
  return n;
}

/** strconv.ParseInt(s, 0, 64); null on any error. */
export function parseInt64(s: string): bigint | null {
  if (s === '') return null;
  const neg = s[0] === '-';
  const u = parseUint(s[0] === '-' || s[0] === '+' ? s.slice(1) : s);
  if (u === null) return null;
  if (neg ? u > I64 + 1n : u > I64) return null;
  return neg ? -u : u;
}

/** strconv.ParseFloat(s, 64); null on syntax or range error. */
export function parseFloat64(s: string): number | null {
  if (s.includes('_')) {
    if (!underscoreOK(s)) return null;
    s = s.replace(/_/g, '');
  }
  let v: number;
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(s);
  if (hex) {
    const [, sign, int, frac = '', exp] = hex;
    if (int === '' && frac === '') return null;
    v = parseInt((int || '0') + frac, 16) * Math.pow(2, Number(exp) - 4 * frac.length);
    if (sign === '-') v = -v;
  } else {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
    v = Number(s);
  }
  return Number.isFinite(v) ? v : null;
}

// ---- float formatting (strconv.FormatFloat for 'e', 'E', 'f', 'g', 'G') ----

interface Digits {
  d: string; // significant digits, no leading/trailing zeros ("" for zero)
  dp: number; // decimal point position: value = 0.d × 10^dp
}

function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  // toExponential() yields the shortest digits that round-trip, as Go's shortest mode does.
  const [m, e] = x.toExponential().split('e');
  return { d: m.replace('.', ''), dp: Number(e) + 1 };
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The exact decimal expansion of a (positive) double. */
function exactDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  f64[0] = x;
  const bits = u64[0];
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp = 1;
  else mant |= 1n << 52n;
  const e2 = exp - 1075;
  let d: string;
  let dp: number;
  if (e2 >= 0) {
    d = (mant << BigInt(e2)).toString();
    dp = d.length;
  } else {
    d = (mant * 5n ** BigInt(-e2)).toString();
    dp = d.length + e2;
  }
  return { d: d.replace(/0+$/, ''), dp };
}

/** decimal.Round: to nd digits, round half to even (the expansion is exact). */
function round(a: Digits, nd: number): Digits {
  if (nd < 0 || nd >= a.d.length) return a;
  const halfway = a.d[nd] === '5' && nd + 1 === a.d.length;
  const up = halfway ? nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1 : a.d[nd] >= '5';
  if (!up) {
    const d = a.d.slice(0, nd).replace(/0+$/, '');
    return { d, dp: d ? a.dp : 0 };
  }
  for (let i = nd - 1; i >= 0; i--) {
    if (a.d[i] < '9') return { d: a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), dp: a.dp };
  }
  return { d: '1', dp: a.dp + 1 };
}

function fmtE(neg: boolean, a: Digits, prec: number, e: string): string {
  let s = neg ? '-' : '';
  s += a.d.length ? a.d[0] : '0';
  if (prec > 0) {
    s += '.' + a.d.slice(1, prec + 1).padEnd(prec, '0');
  }
  let exp = a.d.length === 0 ? 0 : a.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  return s + e + sign + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, a: Digits, prec: number): string {
  let s = neg ? '-' : '';
  if (a.dp > 0) s += a.d.slice(0, a.dp).padEnd(a.dp, '0');
  else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = a.dp + i - 1;
      s += j >= 0 && j < a.d.length ? a.d[j] : '0';
    }
  }
  return s;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for fmt in e E f g G; prec < 0 means shortest. */
export function formatFloat(x: number, fmt: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(ax);
    const nd = digs.d.length;
    prec = fmt === 'e' || fmt === 'E' ? Math.max(nd - 1, 0) : fmt === 'f' ? Math.max(nd - digs.dp, 0) : nd;
  } else if (fmt === 'f') {
    digs = exactDigits(ax);
    digs = round(digs, digs.dp + prec);
  } else {
    let n = prec + 1;
    if (fmt === 'g' || fmt === 'G') {
      if (prec === 0) prec = 1;
      n = prec;
    }
    digs = round(exactDigits(ax), n);
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, digs, prec, fmt);
  if (fmt === 'f') return fmtF(neg, digs, prec);
  // %e is used if the exponent from the conversion is less than -4 or greater than or equal to
  // the precision; for the shortest form that decision uses precision 6.
  let eprec = prec;
  const nd = digs.d.length;
  if (eprec > nd && nd >= digs.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return fmtE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > digs.dp) prec = nd;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}
