// Go's fmt (print.go / format.go) over the JS stand-ins for Go values: Sprint, Sprintln,
// Sprintf with flags, width, precision, argument indexes, and the %!verb(type=value) texts
// for mistakes. Only what a template can reach is here (no Formatter/GoStringer, no %w).

import { GoComplex, NIL_IFACE, kindOf, mapKeys, structFields, typeName } from './values';
import { canBackquote, formatFloat, isPrint, quote, quoteRune, runeCount } from './strconv';

/** A pointer-to-struct printed as the struct it points to (the template's own printing). */
export class Deref {
  constructor(readonly obj: object) {}
}

/** Stand-in address for pointers, funcs, maps and slices under %p (Go prints a real one). */
const FAKE_ADDR = 0xc000010000n;

function isNil(v: unknown): boolean {
  return v === undefined || v === null || v === NIL_IFACE;
}

class Printer {
  buf = '';
  wid = 0;
  prec = 0;
  widPresent = false;
  precPresent = false;
  minus = false;
  plus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  private cur: unknown = undefined;
  private erroring = false;

  clearflags(): void {
    this.wid = this.prec = 0;
    this.widPresent = this.precPresent = false;
    this.minus = this.plus = this.sharp = this.space = this.zero = this.plusV = this.sharpV = false;
  }

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero && !this.minus ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  private truncate(s: string): string {
    if (this.precPresent) {
      const runes = Array.from(s);
      if (runes.length > this.prec) return runes.slice(0, this.prec).join('');
    }
    return s;
  }

  // ---- basic kinds ----

  private fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
    else this.badVerb(verb);
  }

  private fmtIntegerDigits(v: bigint, base: number, verb: string, upper: boolean): void {
    const negative = v < 0n;
    const u = negative ? -v : v;
    // Precision 0 and value 0 means "print nothing" but padding.
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--; // leave room for sign
    }
    let s = u.toString(base);
    if (upper) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8 && s[0] !== '0') s = '0' + s;
      else if (base === 16) s = (upper ? '0X' : '0x') + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    const oldZero = this.zero;
    this.zero = false; // zero padding was done above, as precision
    this.pad(s);
    this.zero = oldZero;
  }

  private fmtUnicode(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let s = 'U+' + u.toString(16).toUpperCase().padStart(prec, '0');
    if (this.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  private fmtInteger(v: bigint, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd': return this.fmtIntegerDigits(v, 10, verb, false);
      case 'b': return this.fmtIntegerDigits(v, 2, verb, false);
      case 'o': case 'O': return this.fmtIntegerDigits(v, 8, verb, false);
      case 'x': return this.fmtIntegerDigits(v, 16, verb, false);
      case 'X': return this.fmtIntegerDigits(v, 16, verb, true);
      case 'c': {
        const r = v < 0n || v > 0x10ffffn ? 0xfffd : Number(v);
        return this.pad(String.fromCodePoint(r >= 0xd800 && r <= 0xdfff ? 0xfffd : r));
      }
      case 'q': {
        const r = v < 0n || v > 0x10ffffn ? 0xfffd : Number(v);
        return this.pad(quoteRune(r, this.plus));
      }
      case 'U': return this.fmtUnicode(v);
    }
    this.badVerb(verb);
  }

  private fmtFloatWith(v: number, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb === 'F' ? 'f' : verb, prec);
    num = num[0] === '-' || num[0] === '+' ? num : '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      // Infinities and NaN don't look like numbers: no zero padding, no sign on NaN.
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v': return this.fmtFloatWith(v, 'g', -1);
      case 'g': case 'G': return this.fmtFloatWith(v, verb, -1);
      case 'f': case 'F': case 'e': case 'E': return this.fmtFloatWith(v, verb, 6);
    }
    this.badVerb(verb);
  }

  private fmtComplex(v: GoComplex, verb: string): void {
    if (!'vgGfFeE'.includes(verb)) return this.badVerb(verb);
    const oldPlus = this.plus;
    this.buf += '(';
    this.fmtFloat(v.re, verb);
    this.plus = true; // the imaginary part always has a sign
    this.fmtFloat(v.im, verb);
    this.buf += 'i)';
    this.plus = oldPlus;
  }

  private fmtSbx(s: string, upper: boolean): void {
    let bytes = Buffer.from(s, 'utf8');
    if (this.precPresent && this.prec < bytes.length) bytes = bytes.subarray(0, this.prec);
    const length = bytes.length;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) {
        width += 2;
      }
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    const prefix = upper ? '0X' : '0x';
    let out = this.sharp ? prefix : '';
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) out += this.sharp ? ' ' + prefix : ' ';
      const h = bytes[i].toString(16).padStart(2, '0');
      out += upper ? h.toUpperCase() : h;
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) return this.pad('`' + s + '`');
    this.pad(quote(s, this.plus));
  }

  private fmtString(v: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) return this.fmtQ(v);
        return this.pad(this.truncate(v));
      case 's': return this.pad(this.truncate(v));
      case 'x': return this.fmtSbx(v, false);
      case 'X': return this.fmtSbx(v, true);
      case 'q': return this.fmtQ(v);
    }
    this.badVerb(verb);
  }

  private fmtPointer(v: unknown, verb: string): void {
    const u = isNil(v) ? 0n : FAKE_ADDR;
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.buf += `(${typeName(v)})(${u === 0n ? 'nil' : '0x' + u.toString(16)})`;
        } else if (u === 0n) {
          this.pad('<nil>');
        } else {
          this.fmt0x64(u, !this.sharp);
        }
        return;
      case 'p': return this.fmt0x64(u, !this.sharp);
      case 'b': case 'o': case 'd': case 'x': case 'X': return this.fmtInteger(u, verb);
    }
    this.badVerb(verb);
  }

  private fmt0x64(u: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtIntegerDigits(u, 16, 'v', false);
    this.sharp = sharp;
  }

  badVerbOn(arg: unknown, verb: string): void {
    this.cur = arg;
    this.badVerb(verb);
  }

  private badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    const v = this.cur;
    if (!isNil(v)) {
      this.buf += typeName(v instanceof Deref ? v.obj : v) + '=';
      this.printArg(v, 'v');
    } else {
      this.buf += '<nil>';
    }
    this.buf += ')';
    this.erroring = false;
  }

  /** String() / Error() methods of structs, for the verbs that accept a string. */
  private handleMethods(v: object, verb: string): boolean {
    if (this.erroring || this.sharpV || !'vsxXq'.includes(verb)) return false;
    const obj = v instanceof Deref ? v.obj : v;
    const method = typeof (obj as { Error?: unknown }).Error === 'function' ? 'Error'
      : typeof (obj as { String?: unknown }).String === 'function' ? 'String' : null;
    if (!method) return false;
    let s: unknown;
    try {
      s = (obj as Record<string, () => unknown>)[method]();
    } catch (e) {
      const flags = this.saveFlags();
      this.clearflags();
      this.buf += `%!${verb}(PANIC=${method} method: `;
      this.printArg(e instanceof Error ? e.message : e, 'v');
      this.buf += ')';
      this.restoreFlags(flags);
      return true;
    }
    this.printArg(typeof s === 'string' ? s : String(s), verb);
    return true;
  }

  private saveFlags(): unknown[] {
    return [this.wid, this.prec, this.widPresent, this.precPresent, this.minus, this.plus,
      this.sharp, this.space, this.zero, this.plusV, this.sharpV];
  }

  private restoreFlags(f: unknown[]): void {
    [this.wid, this.prec, this.widPresent, this.precPresent, this.minus, this.plus,
      this.sharp, this.space, this.zero, this.plusV, this.sharpV] = f as never[];
  }

  printArg(arg: unknown, verb: string): void {
    this.cur = arg;
    if (isNil(arg)) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.cur = undefined;
      return this.fmtString(typeName(arg instanceof Deref ? arg.obj : arg), 's');
    }
    if (verb === 'p') return this.fmtPointer(arg, verb);
    switch (typeof arg) {
      case 'boolean': return this.fmtBool(arg, verb);
      case 'number': return this.fmtFloat(arg, verb);
      case 'bigint': return this.fmtInteger(arg, verb);
      case 'string': return this.fmtString(arg, verb);
    }
    if (arg instanceof GoComplex) return this.fmtComplex(arg, verb);
    if (typeof arg === 'object' && this.handleMethods(arg as object, verb)) return;
    this.printValue(arg, verb, 0);
  }

  private printValue(v: unknown, verb: string, depth: number): void {
    if (depth > 0) {
      if (isNil(v)) {
        // A nil interface (or pointer) inside a container.
        if (v === null) return this.fmtPointer(v, verb);
        this.buf += this.sharpV ? 'interface {}(nil)' : '<nil>';
        return;
      }
      if (typeof v !== 'object' || v instanceof GoComplex) return this.printArg(v, verb);
      this.cur = v;
      if (this.handleMethods(v as object, verb)) return;
    }
    this.cur = v;
    if (v instanceof Deref) return this.printStruct(v.obj, typeName(v.obj).replace(/^\*/, ''), verb, depth);
    switch (kindOf(v)) {
      case 'func': return this.fmtPointer(v, verb);
      case 'slice': {
        const a = v as unknown[];
        const sep = this.sharpV ? ', ' : ' ';
        this.buf += this.sharpV ? typeName(v) + '{' : '[';
        for (let i = 0; i < a.length; i++) {
          if (i > 0) this.buf += sep;
          this.printValue(a[i] ?? NIL_IFACE, verb, depth + 1);
        }
        this.buf += this.sharpV ? '}' : ']';
        return;
      }
      case 'map': {
        const m = v as Record<string, unknown>;
        const sep = this.sharpV ? ', ' : ' ';
        this.buf += this.sharpV ? typeName(v) + '{' : 'map[';
        mapKeys(m).forEach((k, i) => {
          if (i > 0) this.buf += sep;
          this.printValue(k, verb, depth + 1);
          this.buf += ':';
          this.printValue(m[k] ?? NIL_IFACE, verb, depth + 1);
        });
        this.buf += this.sharpV ? '}' : ']';
        return;
      }
      case 'ptr':
        // A pointer to a struct prints as &{...} at the top level, as an address below it.
        if (depth === 0) {
          this.buf += '&';
          return this.printStruct(v as object, typeName(v).slice(1), verb, depth + 1);
        }
        return this.fmtPointer(v, verb);
      case 'struct':
        return this.printStruct(v as object, typeName(v), verb, depth);
    }
    this.buf += `?${typeName(v)}?`;
  }

  private printStruct(s: object, type: string, verb: string, depth: number): void {
    if (this.sharpV) this.buf += type;
    this.buf += '{';
    structFields(s).forEach((name, i) => {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      if (this.plusV || this.sharpV) this.buf += name + ':';
      const f = (s as Record<string, unknown>)[name];
      this.printValue(f === undefined ? NIL_IFACE : f, verb, depth + 1);
    });
    this.buf += '}';
  }
}

/** fmt.Sprint: spaces between operands when neither is a string. */
export function sprint(args: unknown[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return p.buf;
}

/** fmt.Sprintln: always spaces, and a newline. */
export function sprintln(args: unknown[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += ' ';
    p.printArg(arg, 'v');
  });
  return p.buf + '\n';
}

/** How a template prints a value: %v, after dereferencing a pointer (printableValue). */
export function printTemplateValue(v: unknown): string {
  switch (typeof v) {
    case 'string': return v;
    case 'bigint': return v.toString();
    case 'boolean': return v ? 'true' : 'false';
  }
  return sprint([kindOf(v) === 'ptr' ? new Deref(v as object) : v]);
}

const TOO_LARGE = 1e6;

function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (num > TOO_LARGE || num < -TOO_LARGE) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
  }
  return [num, isnum, i];
}

/** fmt.Sprintf. */
export function sprintf(format: string, a: unknown[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  // An explicit argument index "[n]" at i (one-indexed): moves argNum, or marks a bad index.
  const argNumber = (i: number): number => {
    afterIndex = false;
    if (i >= end || format[i] !== '[') return i;
    reordered = true;
    const close = format.indexOf(']', i + 1);
    if (end - i < 3 || close < 0) {
      goodArgNum = false;
      return i + 1;
    }
    const [n, ok, newi] = parsenum(format, i + 1, close);
    if (!ok || newi !== close) {
      goodArgNum = false;
      return close + 1;
    }
    afterIndex = true;
    if (n - 1 >= 0 && n - 1 < a.length) argNum = n - 1;
    else goodArgNum = false;
    return close + 1;
  };

  const intFromArg = (): [number, boolean] => {
    let num = 0;
    let isInt = false;
    if (argNum < a.length) {
      const v = a[argNum];
      if (typeof v === 'bigint' && v >= -BigInt(TOO_LARGE) && v <= BigInt(TOO_LARGE)) {
        num = Number(v);
        isInt = true;
      }
      argNum++;
    }
    return [num, isInt];
  };

  let i = 0;
  while (i < end) {
    goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) p.buf += format.slice(lasti, i);
    if (i >= end) break;
    i++; // the '%'
    p.clearflags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#': p.sharp = true; break;
        case '0': p.zero = !p.minus; break; // Only allow zero padding to the left.
        case '+': p.plus = true; break;
        case '-': p.minus = true; p.zero = false; break;
        case ' ': p.space = true; break;
        default: break flags;
      }
    }
    i = argNumber(i);
    if (i < end && format[i] === '*') {
      i++;
      [p.wid, p.widPresent] = intFromArg();
      if (!p.widPresent) p.buf += '%!(BADWIDTH)';
      if (p.wid < 0) {
        p.wid = -p.wid;
        p.minus = true;
        p.zero = false;
      }
      afterIndex = false;
    } else {
      [p.wid, p.widPresent, i] = parsenum(format, i, end);
      if (afterIndex && p.widPresent) goodArgNum = false; // "%[3]2d"
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false; // "%[3].2d"
      i = argNumber(i);
      if (i < end && format[i] === '*') {
        i++;
        [p.prec, p.precPresent] = intFromArg();
        if (p.prec < 0) {
          p.prec = 0;
          p.precPresent = false;
        }
        if (!p.precPresent) p.buf += '%!(BADPREC)';
        afterIndex = false;
      } else {
        [p.prec, p.precPresent, i] = parsenum(format, i, end);
        if (!p.precPresent) {
          p.prec = 0;
          p.precPresent = true;
        }
      }
    }
    if (!afterIndex) i = argNumber(i);
    if (i >= end) {
      p.buf += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      p.buf += '%'; // Percent does not absorb operands and ignores width and precision.
    } else if (!goodArgNum) {
      p.buf += `%!${verb}(BADINDEX)`;
    } else if (argNum >= a.length) {
      p.buf += `%!${verb}(MISSING)`;
    } else {
      if (verb === 'v') {
        p.sharpV = p.sharp;
        p.sharp = false;
        p.plusV = p.plus;
        p.plus = false;
      }
      if (verb === 'w') p.badVerbOn(a[argNum], verb); // only Errorf may wrap errors
      else p.printArg(a[argNum], verb);
      argNum++;
    }
  }
  if (!reordered && argNum < a.length) {
    p.clearflags();
    p.buf += '%!(EXTRA ';
    a.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.buf += ', ';
      if (isNil(arg)) {
        p.buf += '<nil>';
      } else {
        p.buf += typeName(arg) + '=';
        p.printArg(arg, 'v');
      }
    });
    p.buf += ')';
  }
  return p.buf;
}
