// The comparison core of `dockersim lab verify`: a tutorial's expected output (what real Docker
// printed) against the simulator's actual output, binding IDs/names and tolerating what differs
// from run to run.
//
// ─── Matching rules ──────────────────────────────────────────────────────────────────────────
//
//  1. Lines. Expected and actual are compared line by line. Trailing whitespace is ignored on
//     both sides (Markdown authors drop trailing spaces; docker pads a cell that precedes an empty
//     last column), and a final run of blank lines is ignored on both sides.
//
//  2. Annotations (expected side only).
//     a. A `#` preceded by two or more spaces, with the text after it up to the end of the line,
//        is an author annotation: `9e81df4352d6   docker_gwbridge   bridge    local   # note`.
//        It is dropped (with the spaces) before comparing. (If the line only matches *with* that
//        text, e.g. a script that really prints `  # …`, the verbatim line is accepted too.)
//     b. A lone trailing comment after one or more spaces, i.e. a remainder that starts with `# `
//        (`Mask:255.255.0.0 # get from docker_gwbridge`), is dropped only when the line would
//        otherwise match.
//
//  3. Placeholders (expected side only).
//     a. `[..]` matches any text, including none, at that point of a line.
//     b. A line that is exactly `...` (annotation aside) matches any number (0 or more) of
//        actual lines; it is non-greedy: it ends at the first actual line from which the rest of
//        the expected block matches (full backtracking; bindings learned on an abandoned path are
//        undone).
//
//  4. ID binding. Both lines are split into tokens (whitespace and punctuation are separators and
//     are kept); tokens are compared in order. Where the expected token and the actual token
//     have the same *shape* they are bound (expected → actual) and treated as equal. Shapes:
//       - swarm ID: 25 chars `[0-9a-z]` (the expected one has at least one digit);
//       - local ID: 64 hex, and its 12-hex short form (never all digits, as docker guarantees),
//         also after `sha256:` (image IDs, digests);
//       - short swarm ID: 12 chars `[0-9a-z]` with at least one digit and one letter;
//       - join token: `SWMTKN-1-<50 [0-9a-z]>-<25 [0-9a-z]>`;
//       - generated name: `<left>_<right>` with moby's words (fixtures/names.json), optionally
//         followed by the retry digit (`clever_sammet3`); the actual one must be a generated
//         name too (with or without a digit);
//       - task and task-container names are composite: `<name>.<slot>`, `<name>.<slot>.<task
//         ID>`, `<name>.<node ID>[.<task ID>]`: the name (generated or already bound) and the IDs
//         bind as above, the slot must be equal.
//     Bindings are one-to-one and learned in order across calls (one `Bindings` per lab): an
//     expected token already bound must be printed as its binding, and an actual token may be
//     bound to one expected token only. Short IDs are prefixes: the 12-char form of a bound
//     25-char/64-hex ID must be the 12-char prefix of its actual counterpart, and a full ID seen
//     after its short form must extend the bound short form (prefix length ≥ 4). An identical
//     token (the simulator printed the same ID or name) is bound to itself.
//
//  5. Column realignment. docker's tables pad every column to its longest cell plus 3 spaces,
//     so a bound token (or a relative time, or a `[..]`) whose actual text has a different length
//     (`funny_easley` vs `elated_hodgkin`) moves the columns of its row *and of the header*. A
//     line that contains such a token is compared with every run of 2+ spaces collapsed to one
//     separator (a run of 2+ spaces matches any run of 2+ spaces; single spaces stay exact). If
//     the block still fails, it is compared once more with every line collapsed that way, and
//     that comparison is accepted only if at least one line of it did contain such a
//     length-changing token: a table whose columns moved for no reason still fails.
//
//  6. Relative times. A go-units HumanDuration — `Less than a second`, `1 second`, `N seconds`,
//     `About a minute`, `N minutes`, `About an hour`, `N hours|days|weeks|months|years` — that is
//     followed by ` ago` or preceded by `Up ` (`About a minute ago`, `Up 8 minutes`,
//     `Exited (0) 2 minutes ago`, `Running about a minute ago`, `13 days ago`) matches any other
//     HumanDuration; the words around it are compared as usual. A capitalised duration
//     (`About…`, `Less…`) requires a capitalised or numeric one, a lower-case one a lower-case or
//     numeric one.
//
//  7. Latency. `time=3.17 ms` matches `time=<number> ms` with the number within
//     `opts.latency` (default 0.01–10 ms); ping's `rtt min/avg/max/mdev = a/b/c/d ms` (and
//     busybox's `round-trip min/avg/max = a/b/c ms`) matches any numbers; `time 5007ms` in ping's
//     statistics line matches any integer.
//
//  8. Timestamps. An RFC 3339 time (`2024-06-16T17:56:32.107139222+10:00`, as in inspect's
//     `Created`) matches any RFC 3339 time.
//
//  9. `updated` (what `lab verify --update` writes back): on success, the expected lines
//     verbatim. Otherwise the lines are aligned (fewest unmatched lines; a line matches as in
//     rules 1–8, and a table also realigns when one of its expected tokens is bound to a
//     counterpart of another length). Matched lines and `...` are kept verbatim (placeholders and
//     annotations included); expected lines missing from the output are dropped; every other line
//     is the actual line with each bound actual token (and short form of a bound actual ID) mapped
//     back to its expected token, its table cells moved to the expected copy's column starts
//     (learned from the matched lines of the block), and the replaced line's rule-2a annotation
//     re-appended — so a stale copy keeps its original IDs, names and layout. Before an expected
//     line is replaced, the same-shaped tokens at the same place of both lines (a longest common
//     token subsequence) are bound when no binding conflicts, and the bindings of matched lines
//     are kept. Trailing blank lines of the expected side are kept.
//
// `Bindings.applyToCommand` rewrites a command before it runs: every bound expected token, and any
// prefix (≥ 4 chars) of a bound ID used as a short ID (`7e53`, `4254`, `vwyu2ptyoh7a`), is replaced
// by its actual counterpart (the same number of characters).
import { fixtureJson } from '../fixtures';

// ───────────────────────────────────────── Bindings ─────────────────────────────────────────

const ID_LIKE = /^[0-9a-z]{12,}$/;
/** A token whose prefixes can be used as short IDs: 12, 25 or 64 chars of `[0-9a-z]`. */
function isIdLike(t: string): boolean {
  return ID_LIKE.test(t);
}

/** -1: a is a proper prefix of b; 1: b is a proper prefix of a; 0: equal; null: unrelated. */
function prefixRelation(a: string, b: string): number | null {
  if (a === b) return 0;
  if (a.length < b.length && b.startsWith(a)) return -1;
  if (b.length < a.length && a.startsWith(b)) return 1;
  return null;
}

const WORD_CHAR = /[A-Za-z0-9_]/;

export class Bindings {
  private readonly fwd = new Map<string, string>();
  private readonly rev = new Map<string, string>();
  private readonly order: Array<[string, string]> = [];
  /** serial of each entry of `order`: the generation is the last one's, so it comes back after a
   *  rollback and compiled expectations can be reused */
  private readonly serials: number[] = [];
  private serial = 0;

  /** Binds `expected` → `actual`; false (and nothing recorded) when it conflicts with an existing
   *  binding: the expected token is bound to something else, the actual token is bound to another
   *  expected token, or (IDs) a prefix relation holds on one side and not the other. */
  bind(expected: string, actual: string): boolean {
    const cur = this.fwd.get(expected);
    if (cur !== undefined) return cur === actual;
    if (this.rev.has(actual)) return false;
    if (isIdLike(expected) && isIdLike(actual)) {
      // Short IDs are prefixes: a prefix relation with a bound ID must hold on both sides alike,
      // with the short forms of the same length (`7e53a7d90599` ↔ the 12-char prefix of the
      // actual ID bound to `7e53a7d905992a13…`).
      for (const [e, a] of this.order) {
        if (!isIdLike(e) || !isIdLike(a)) continue;
        const re = prefixRelation(expected, e);
        const ra = prefixRelation(actual, a);
        if (re !== ra) return false;
        if (re !== null && Math.min(expected.length, e.length) !== Math.min(actual.length, a.length)) return false;
      }
    }
    this.fwd.set(expected, actual);
    this.rev.set(actual, expected);
    this.order.push([expected, actual]);
    this.serials.push(++this.serial);
    return true;
  }

  /** The actual token bound to `expected`, if any. */
  get(expected: string): string | undefined {
    return this.fwd.get(expected);
  }

  /** The expected token bound to `actual`, if any. */
  expectedFor(actual: string): string | undefined {
    return this.rev.get(actual);
  }

  /** The actual counterpart an expected ID-like token must have, from the bindings of IDs it is a
   *  prefix of (`full`), or the actual prefix it must start with, from a bound shorter form. */
  resolveId(expected: string): { full?: string; prefix?: string } {
    const exact = this.fwd.get(expected);
    if (exact !== undefined) return { full: exact };
    let prefix: string | undefined;
    for (const [e, a] of this.order) {
      if (!isIdLike(e) || !isIdLike(a)) continue;
      if (e.length > expected.length && expected.length >= 4 && e.startsWith(expected)) return { full: a.slice(0, expected.length) };
      if (e.length < expected.length && e.length >= 4 && expected.startsWith(e) && (!prefix || a.length > prefix.length)) prefix = a;
    }
    return prefix ? { prefix } : {};
  }

  /** The expected counterpart of an actual ID-like token (exact, or as the prefix of a bound ID). */
  private expectedForId(actual: string): string | undefined {
    const exact = this.rev.get(actual);
    if (exact !== undefined) return exact;
    for (const [e, a] of this.order) {
      if (isIdLike(e) && isIdLike(a) && a.length > actual.length && a.startsWith(actual)) return e.slice(0, actual.length);
    }
    return undefined;
  }

  /** Replaces every bound expected token, and any prefix of a bound ID of length ≥ 4 used as a
   *  short ID (e.g. `7e53` or `4254` for a 64-hex ID, `vwyu2ptyoh7a` for a 25-char one), by the
   *  actual counterpart (same prefix length); used on commands before they run. */
  applyToCommand(command: string): string {
    return rewrite(command, [...this.fwd.keys()], (k) => this.fwd.get(k)!, (run) => {
      for (const [e, a] of this.order) {
        if (isIdLike(e) && isIdLike(a) && e.length > run.length && e.startsWith(run)) return a.slice(0, run.length);
      }
      return undefined;
    }, 4);
  }

  /** Maps an actual line back to expected tokens (the inverse of applyToCommand, short IDs of 12+
   *  chars); a length change is compensated in the next run of 2+ spaces, so table columns stay
   *  where the output had them. */
  mapBack(line: string): string {
    return rewrite(line, [...this.rev.keys()], (k) => this.rev.get(k)!, (run) => this.expectedForId(run), 12, true);
  }

  entries(): Array<[string, string]> {
    return this.order.map(([e, a]) => [e, a]);
  }

  /** A point to roll back to (bindings are learned in order). */
  checkpoint(): number {
    return this.order.length;
  }

  /** Forgets the bindings learned since `checkpoint`. */
  rollback(checkpoint: number): void {
    while (this.order.length > checkpoint) {
      const [e, a] = this.order.pop()!;
      this.fwd.delete(e);
      this.rev.delete(a);
      this.serials.pop();
    }
  }

  /** Changes whenever the bindings change (a cache key). */
  get generation(): number {
    return this.serials.length ? this.serials[this.serials.length - 1] : 0;
  }
}

/** One pass over `text`: at each token start, the longest key (whole token) is replaced by
 *  `exact(key)`, else a run of `[0-9a-z]` of `minPrefix`+ chars by `prefix(run)` when defined.
 *  With `repad`, a length change is compensated in the next run of 2+ spaces. */
function rewrite(text: string, keys: string[], exact: (k: string) => string, prefix: (run: string) => string | undefined, minPrefix: number, repad = false): string {
  const sorted = keys.filter(Boolean).sort((x, y) => y.length - x.length);
  let out = '';
  let pending = 0; // how much longer the output is so far: removed from the next column gap
  let i = 0;
  const boundaryAt = (k: number) => k >= text.length || !WORD_CHAR.test(text[k]);
  while (i < text.length) {
    const startOk = i === 0 || !WORD_CHAR.test(text[i - 1]);
    if (startOk) {
      const key = sorted.find((k) => text.startsWith(k, i) && boundaryAt(i + k.length));
      if (key !== undefined) {
        const rep = exact(key);
        out += rep;
        pending += rep.length - key.length;
        i += key.length;
        continue;
      }
      const run = /^[0-9a-z]+/.exec(text.slice(i))?.[0];
      if (run && run.length >= minPrefix && boundaryAt(i + run.length)) {
        const rep = prefix(run);
        if (rep !== undefined) {
          out += rep;
          pending += rep.length - run.length;
          i += run.length;
          continue;
        }
      }
    }
    if (repad && pending !== 0 && text[i] === ' ' && text[i + 1] === ' ') {
      let n = 0;
      while (text[i + n] === ' ') n++;
      if (i + n < text.length) {
        const len = Math.max(2, n - pending);
        pending -= n - len;
        out += ' '.repeat(len);
      } else out += ' '.repeat(n);
      i += n;
      continue;
    }
    out += text[i];
    i++;
  }
  return out;
}

// ─────────────────────────────────────── Expected lines ─────────────────────────────────────

type Part =
  | { k: 'lit'; t: string }
  | { k: 'ws'; t: string }
  | { k: 'wild' }
  /** matches `re`, nothing learned; `shift`: a length change realigns table columns */
  | { k: 'free'; t: string; re: string; shift: boolean }
  /** `time=<n> ms`: the number, checked against opts.latency */
  | { k: 'lat'; t: string }
  /** a bindable token; `re` the actual token's shape, `cls` its character class for IDs (prefix logic) */
  | { k: 'bind'; t: string; re: string; cls?: string };

let namesRe: string | undefined;
function nameRe(): string {
  if (!namesRe) {
    const { left, right } = fixtureJson<{ left: string[]; right: string[] }>('names.json');
    namesRe = `(?:${left.join('|')})_(?:${right.join('|')})[0-9]?`;
  }
  return namesRe;
}
let nameAtStart: RegExp | undefined;

const DURATION = /^(?:Less than a second|less than a second|About a minute|about a minute|About an hour|about an hour|\d+ (?:second|minute|hour|day|week|month|year)s?)(?![A-Za-z0-9])/;
const DUR_UPPER = '(?:Less than a second|About a minute|About an hour|\\d+ (?:second|minute|hour|day|week|month|year)s?)';
const DUR_LOWER = '(?:less than a second|about a minute|about an hour|\\d+ (?:second|minute|hour|day|week|month|year)s?)';
const DUR_ANY = '(?:[Ll]ess than a second|[Aa]bout an? (?:minute|hour)|\\d+ (?:second|minute|hour|day|week|month|year)s?)';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/;
const RFC3339_RE = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})';
const NUM_RE = '\\d+(?:\\.\\d+)?';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Splits an expected line into literal text, whitespace, placeholders and tolerant/bindable tokens. */
function scan(s: string): Part[] {
  nameAtStart ??= new RegExp(`^${nameRe()}(?![A-Za-z0-9_])`);
  const parts: Part[] = [];
  let lit = '';
  const push = (p: Part) => {
    if (lit) parts.push({ k: 'lit', t: lit });
    lit = '';
    parts.push(p);
  };
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    const prev = i > 0 ? s[i - 1] : '';
    let m: RegExpExecArray | null;
    if (rest.startsWith('[..]')) {
      push({ k: 'wild' });
      i += 4;
      continue;
    }
    if ((m = /^[ \t]+/.exec(rest))) {
      push({ k: 'ws', t: m[0] });
      i += m[0].length;
      continue;
    }
    const wordStart = !WORD_CHAR.test(prev);
    const alnumStart = !/[A-Za-z0-9]/.test(prev);
    if (wordStart && (m = /^time=(\d+(?:\.\d+)?) ms(?![A-Za-z0-9])/.exec(rest))) {
      lit += 'time=';
      push({ k: 'lat', t: m[1] });
      lit += ' ms';
      i += m[0].length;
      continue;
    }
    if (wordStart && (m = /^time (\d+)ms(?![A-Za-z0-9])/.exec(rest))) {
      lit += 'time ';
      push({ k: 'free', t: m[1], re: '\\d+', shift: false });
      lit += 'ms';
      i += m[0].length;
      continue;
    }
    if (wordStart && (m = /^((?:rtt|round-trip) min\/avg\/max(?:\/(?:mdev|stddev))? = )(\d+(?:\.\d+)?(?:\/\d+(?:\.\d+)?)*) ms/.exec(rest))) {
      const n = m[2].split('/').length;
      lit += m[1];
      push({ k: 'free', t: m[2], re: `${NUM_RE}(?:/${NUM_RE}){${n - 1}}`, shift: false });
      lit += ' ms';
      i += m[0].length;
      continue;
    }
    if (wordStart && (m = DURATION.exec(rest))) {
      const after = s.slice(i + m[0].length);
      if (after.startsWith(' ago') || s.slice(0, i).endsWith('Up ')) {
        const c = m[0][0];
        const re = /[A-Z]/.test(c) ? `(?:${DUR_UPPER})` : /[a-z]/.test(c) ? `(?:${DUR_LOWER})` : DUR_ANY;
        push({ k: 'free', t: m[0], re, shift: true });
        i += m[0].length;
        continue;
      }
    }
    if (alnumStart && (m = RFC3339.exec(rest)) && !/^[0-9A-Za-z]/.test(s.slice(i + m[0].length))) {
      push({ k: 'free', t: m[0], re: RFC3339_RE, shift: false });
      i += m[0].length;
      continue;
    }
    if (alnumStart && (m = /^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}(?![0-9A-Za-z])/.exec(rest))) {
      push({ k: 'bind', t: m[0], re: 'SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}' });
      i += m[0].length;
      continue;
    }
    if (wordStart && (m = nameAtStart.exec(rest))) {
      push({ k: 'bind', t: m[0], re: nameRe() });
      i += m[0].length;
      continue;
    }
    if (alnumStart && (m = /^[0-9a-z]+(?![0-9A-Za-z])/.exec(rest))) {
      const t = m[0];
      const digit = /[0-9]/.test(t);
      const letter = /[a-z]/.test(t);
      const hex = /^[0-9a-f]+$/.test(t);
      let cls: string | undefined;
      if (t.length === 64 && hex && letter) cls = '[0-9a-f]';
      else if (t.length === 25 && digit) cls = '[0-9a-z]';
      else if (t.length === 12 && hex && letter) cls = '[0-9a-f]';
      else if (t.length === 12 && digit && letter) cls = '[0-9a-z]';
      if (cls) {
        push({ k: 'bind', t, re: `${cls}{${t.length}}`, cls });
        i += t.length;
        continue;
      }
    }
    // A literal word (alphanumerics only, so `gateway_<id>` still finds the ID) or one character.
    const word = /^[A-Za-z0-9]+/.exec(rest)?.[0] ?? s[i];
    lit += word;
    i += word.length;
  }
  if (lit) parts.push({ k: 'lit', t: lit });
  return parts;
}

interface Group {
  kind: 'bind' | 'wild' | 'free' | 'lat';
  /** the expected text (`[..]` for a placeholder) */
  t: string;
  shift: boolean;
}
interface Compiled {
  re: RegExp;
  groups: Group[];
}

function compile(parts: Part[], b: Bindings, lenient: boolean): Compiled {
  let src = '^';
  const groups: Group[] = [];
  const seen = new Map<string, number>(); // expected token → group number (backreference)
  for (const p of parts) {
    switch (p.k) {
      case 'lit':
        src += escapeRe(p.t);
        break;
      case 'ws':
        src += lenient && p.t.length >= 2 ? '[ \\t]{2,}' : escapeRe(p.t);
        break;
      case 'wild':
        groups.push({ kind: 'wild', t: '[..]', shift: true });
        src += '(.*?)';
        break;
      case 'free':
        groups.push({ kind: 'free', t: p.t, shift: p.shift });
        src += `(${p.re})`;
        break;
      case 'lat':
        groups.push({ kind: 'lat', t: p.t, shift: false });
        src += `(${NUM_RE})`;
        break;
      case 'bind': {
        const before = p.cls ? '(?<![0-9A-Za-z])' : '(?<![A-Za-z0-9_])';
        const after = p.cls ? '(?![0-9A-Za-z])' : '(?![A-Za-z0-9_])';
        const again = seen.get(p.t);
        if (again !== undefined) {
          src += `${before}\\${again}${after}`;
          break;
        }
        let inner = p.re;
        if (p.cls) {
          const r = b.resolveId(p.t);
          if (r.full !== undefined) inner = escapeRe(r.full);
          else if (r.prefix !== undefined && r.prefix.length < p.t.length) inner = `${escapeRe(r.prefix)}${p.cls}{${p.t.length - r.prefix.length}}`;
        } else {
          const bound = b.get(p.t);
          if (bound !== undefined) inner = escapeRe(bound);
        }
        groups.push({ kind: 'bind', t: p.t, shift: true });
        seen.set(p.t, groups.length);
        src += `${before}(${inner})${after}`;
        break;
      }
    }
  }
  return { re: new RegExp(src + '$'), groups };
}

/** The texts an expected line may stand for, in order of preference (rule 2). */
function candidates(line: string): { texts: string[]; annotation: string } {
  const e = line.trimEnd();
  const texts: string[] = [];
  let annotation = '';
  const a2 = /[ \t]{2,}#/.exec(e);
  const base = a2 ? e.slice(0, a2.index) : e;
  if (a2) annotation = e.slice(a2.index);
  texts.push(base);
  if (a2) texts.push(e);
  const lone = /[ \t]+#(?=[ \t])/g;
  let m: RegExpExecArray | null;
  while ((m = lone.exec(base))) texts.push(base.slice(0, m.index));
  return { texts: [...new Set(texts.map((t) => t.trimEnd()))], annotation };
}

// ─────────────────────────────────────────── Matching ───────────────────────────────────────

export interface MatchOptions {
  /** ms range a `time=3.17 ms` may take (default 0.01–10) */
  latency?: { min: number; max: number };
}

export interface MatchResult {
  ok: boolean;
  /** expected lines with bindings/tolerances applied where they matched: what --update writes back */
  updated: string[];
}

type Leniency = 'never' | 'ifShifted' | 'always';

class LineMatcher {
  private readonly parts = new Map<string, Part[]>();
  private readonly compiled = new Map<string, Compiled>();
  private readonly cands: Array<{ texts: string[]; annotation: string }>;
  constructor(expected: string[], private readonly b: Bindings, private readonly latency: { min: number; max: number }) {
    this.cands = expected.map(candidates);
  }

  annotation(i: number): string {
    return this.cands[i].annotation;
  }

  /** Expected line i without its annotation. */
  text(i: number): string {
    return this.cands[i].texts[0];
  }

  /** Whether expected line i holds a token already bound to a counterpart of another length. */
  boundLengthChange(i: number): boolean {
    const text = this.cands[i].texts[0];
    let parts = this.parts.get(text);
    if (!parts) this.parts.set(text, (parts = scan(text)));
    return parts.some((p) => {
      if (p.k !== 'bind') return false;
      const bound = p.cls ? this.b.resolveId(p.t).full : this.b.get(p.t);
      return bound !== undefined && bound.length !== p.t.length;
    });
  }

  /** Tries expected line i against `actual`; on success the bindings it needs are recorded (the
   *  caller rolls back when abandoning the path). */
  match(i: number, actual: string, leniency: Leniency): { shifted: boolean; lenient: boolean } | null {
    const modes: boolean[] = leniency === 'never' ? [false] : [false, true];
    for (const lenient of modes) {
      for (const text of this.cands[i].texts) {
        const r = this.tryText(text, actual, lenient);
        if (!r) continue;
        if (lenient && leniency === 'ifShifted' && !r.shifted) continue;
        return { shifted: r.shifted, lenient };
      }
    }
    return null;
  }

  private tryText(text: string, actual: string, lenient: boolean): { shifted: boolean } | null {
    let parts = this.parts.get(text);
    if (!parts) this.parts.set(text, (parts = scan(text)));
    if (lenient && !parts.some((p) => p.k === 'ws' && p.t.length >= 2)) return null;
    const key = `${lenient ? 1 : 0}:${this.b.generation}:${text}`;
    let c = this.compiled.get(key);
    if (!c) {
      c = compile(parts, this.b, lenient);
      if (this.compiled.size > 5000) this.compiled.clear();
      this.compiled.set(key, c);
    }
    const m = c.re.exec(actual);
    if (!m) return null;
    let shifted = false;
    const cp = this.b.checkpoint();
    for (let g = 0; g < c.groups.length; g++) {
      const grp = c.groups[g];
      const got = m[g + 1];
      if (grp.shift && got.length !== grp.t.length) shifted = true;
      if (grp.kind === 'lat') {
        const v = Number(got);
        if (!(v >= this.latency.min && v <= this.latency.max)) return this.fail(cp);
      } else if (grp.kind === 'bind' && !this.b.bind(grp.t, got)) return this.fail(cp);
    }
    return { shifted };
  }

  private fail(cp: number): null {
    this.b.rollback(cp);
    return null;
  }
}

function isEllipsis(line: string): boolean {
  return candidates(line).texts[0] === '...';
}

function dropTrailingBlank(lines: string[]): number {
  let n = lines.length;
  while (n > 0 && lines[n - 1].trim() === '') n--;
  return n;
}

const BUDGET = 200_000;

export function matchOutput(expected: string[], actual: string[], bindings: Bindings, opts: MatchOptions = {}): MatchResult {
  const latency = opts.latency ?? { min: 0.01, max: 10 };
  const E = expected.slice(0, dropTrailingBlank(expected));
  const A = actual.slice(0, dropTrailingBlank(actual)).map((l) => l.trimEnd());
  const lm = new LineMatcher(E, bindings, latency);
  const start = bindings.checkpoint();

  // Success path: backtracking over `...`, strict spacing first, then whole-block realignment.
  for (const leniency of ['ifShifted', 'always'] as const) {
    const shiftedAt: boolean[] = [];
    let steps = 0;
    const seq = (i: number, j: number): boolean => {
      if (++steps > BUDGET) return false;
      if (i === E.length) return j === A.length;
      if (isEllipsis(E[i])) {
        for (let k = j; k <= A.length; k++) {
          const cp = bindings.checkpoint();
          if (seq(i + 1, k)) return true;
          bindings.rollback(cp);
          if (steps > BUDGET) return false;
        }
        return false;
      }
      if (j === A.length) return false;
      const cp = bindings.checkpoint();
      const r = lm.match(i, A[j], leniency);
      if (r) {
        shiftedAt[i] = r.shifted;
        if (seq(i + 1, j + 1)) return true;
      }
      bindings.rollback(cp);
      return false;
    };
    if (seq(0, 0) && (leniency === 'ifShifted' || shiftedAt.some(Boolean))) return { ok: true, updated: [...expected] };
    bindings.rollback(start);
  }

  return { ok: false, updated: [...realign(E, A, lm, bindings), ...expected.slice(E.length)] };
}

/** The failure path (rule 9). A first alignment learns the bindings of matched and replaced
 *  lines; the second, which can now also tell that a bound token of this block changed length
 *  (e.g. learned from a replaced row), realigns the table and builds `updated`. */
function realign(E: string[], A: string[], lm: LineMatcher, b: Bindings): string[] {
  align(E, A, lm, b);
  return align(E, A, lm, b);
}

/** Aligns expected and actual lines (fewest unmatched lines), learning the bindings of the matched
 *  lines (and of same-shaped tokens of replaced lines), and returns the `updated` lines. */
function align(E: string[], A: string[], lm: LineMatcher, b: Bindings): string[] {
  const n = E.length;
  const m = A.length;
  const start = b.checkpoint();
  // Which pairs match, each judged from the bindings known before this pass.
  const pair: Array<Array<{ shifted: boolean; lenient: boolean } | null>> = [];
  let anyShift = E.some((_, i) => lm.boundLengthChange(i));
  const huge = n * m > 40_000;
  for (let i = 0; i < n; i++) {
    pair.push([]);
    for (let j = 0; j < m; j++) {
      let r: { shifted: boolean; lenient: boolean } | null = null;
      if (!isEllipsis(E[i]) && (!huge || i === j)) {
        r = lm.match(i, A[j], 'always');
        b.rollback(start);
      }
      pair[i].push(r);
      if (r?.shifted) anyShift = true;
    }
  }
  // The block failed already: a row that matches with its columns realigned is the same row
  // (a row missing elsewhere in the table changes every column's width), so it aligns and binds.
  const ok = (i: number, j: number) => !!pair[i][j];
  // cost[i][j]: fewest unmatched lines aligning E[i..] with A[j..]; a replaced, dropped or added
  // line costs 1, a match or a line absorbed by `...` 0.
  const INF = Number.MAX_SAFE_INTEGER;
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(INF));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n) {
        cost[i][j] = m - j;
        continue;
      }
      if (isEllipsis(E[i])) {
        cost[i][j] = Math.min(cost[i + 1][j], j < m ? cost[i][j + 1] : INF);
        continue;
      }
      let c = 1 + cost[i + 1][j];
      if (j < m) {
        c = Math.min(c, 1 + cost[i][j + 1], 1 + cost[i + 1][j + 1]);
        if (ok(i, j)) c = Math.min(c, cost[i + 1][j + 1]);
      }
      cost[i][j] = c;
    }
  }
  // Walk the cheapest alignment, learning bindings as we go.
  type Op = { k: 'keep'; i: number; j?: number } | { k: 'replace'; i: number; j: number } | { k: 'add'; j: number };
  const ops: Op[] = [];
  const replace = (i: number, j: number) => {
    salvage(E[i], A[j], b);
    ops.push({ k: 'replace', i, j });
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i === n) {
      ops.push({ k: 'add', j: j++ });
      continue;
    }
    if (isEllipsis(E[i])) {
      // Non-greedy: end the `...` as soon as that is as good as absorbing one more line.
      if (j < m && cost[i][j + 1] === cost[i][j] && cost[i + 1][j] !== cost[i][j]) j++;
      else ops.push({ k: 'keep', i: i++ });
      continue;
    }
    if (j < m && ok(i, j) && cost[i][j] === cost[i + 1][j + 1]) {
      const cp = b.checkpoint();
      if (lm.match(i, A[j], anyShift ? 'always' : 'ifShifted')) {
        ops.push({ k: 'keep', i: i++, j: j++ });
        continue;
      }
      b.rollback(cp); // it conflicts with a binding learned earlier in this walk
      replace(i++, j++);
    } else if (j < m && cost[i][j] === 1 + cost[i + 1][j + 1]) replace(i++, j++);
    else if (j < m && cost[i][j] === 1 + cost[i][j + 1]) ops.push({ k: 'add', j: j++ });
    else i++;
  }
  // Table columns: where each column of the actual output starts in the expected copy, from the
  // lines that matched.
  const columns = new Map<number, number>();
  for (const op of ops) {
    if (op.k !== 'keep' || op.j === undefined) continue;
    const es = segments(lm.text(op.i));
    const as = segments(A[op.j]);
    if (es.length !== as.length) continue;
    as.forEach((seg, k) => {
      if (!columns.has(seg.start)) columns.set(seg.start, es[k].start);
    });
  }
  return ops.map((op) =>
    op.k === 'keep' ? E[op.i] : op.k === 'add' ? relayout(A[op.j], columns, b) : relayout(A[op.j], columns, b) + lm.annotation(op.i),
  );
}

/** The cells of a line: text separated by runs of 2+ spaces, with where each starts. */
function segments(line: string): Array<{ start: number; text: string; gap: number }> {
  const out: Array<{ start: number; text: string; gap: number }> = [];
  const re = /[ \t]{2,}/g;
  let from = 0;
  let gap = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    if (m.index > from || from === 0) out.push({ start: from, text: line.slice(from, m.index), gap });
    gap = m[0].length;
    from = m.index + m[0].length;
  }
  if (from < line.length) out.push({ start: from, text: line.slice(from), gap });
  return out;
}

/** An actual line mapped back to expected tokens, its cells placed at the expected copy's column
 *  starts (`columns`, actual start → expected start) where known. */
function relayout(line: string, columns: Map<number, number>, b: Bindings): string {
  if (columns.size <= 1) return b.mapBack(line);
  let out = '';
  for (const seg of segments(line)) {
    const text = b.mapBack(seg.text);
    if (!out) {
      out = ' '.repeat(columns.get(seg.start) ?? seg.start) + text.trimStart();
      continue;
    }
    const target = columns.get(seg.start) ?? out.length + seg.gap;
    out += ' '.repeat(Math.max(Math.min(seg.gap, 3), target - out.length)) + text;
  }
  return out;
}

type Tok = { k: Part['k']; t: string; re?: string };

/** A line as tokens: words, single punctuation characters, one token per whitespace run, and
 *  the scanner's bindable/tolerant tokens. */
function tokens(line: string): Tok[] {
  const out: Tok[] = [];
  for (const p of scan(line.trim())) {
    if (p.k === 'lit') for (const w of p.t.match(/[A-Za-z0-9]+|[^A-Za-z0-9]/g) ?? []) out.push({ k: 'lit', t: w });
    else if (p.k === 'wild') out.push({ k: 'wild', t: '[..]' });
    else if (p.k === 'bind') out.push({ k: 'bind', t: p.t, re: p.re });
    else out.push({ k: p.k, t: p.t });
  }
  return out;
}

/** Rule 9: an expected line replaced by an actual line binds the same-shaped tokens that sit at
 *  the same place of both (a longest common token subsequence), when no binding conflicts. */
function salvage(expectedLine: string, actualLine: string, b: Bindings): void {
  const e = tokens(candidates(expectedLine).texts[0]);
  const a = tokens(actualLine);
  // A replaced row is taken for the same row with other values only when its first plain word
  // (the key column: a network's or image's name) agrees; binding the IDs of a row that is really
  // another row (a network missing from one side) would make every later block fail with it.
  const first = (ts: Tok[]) => ts.find((t) => t.k === 'lit' && /\w/.test(t.t))?.t;
  if (first(e) !== first(a)) return;
  const same = (x: Tok, y: Tok) => x.k === y.k && (x.k === 'bind' ? new RegExp(`^(?:${x.re})$`).test(y.t) : x.k === 'lit' ? x.t === y.t : true);
  const n = e.length;
  const m = a.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = same(e[i], a[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(e[i], a[j]) && lcs[i][j] === lcs[i + 1][j + 1] + 1) {
      if (e[i].k === 'bind') b.bind(e[i].t, a[j].t);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
}
