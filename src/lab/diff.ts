// Unified diff of a transcript's expected output against the simulator's actual output, for
// `dockersim lab verify`.
//
//   --- FILE:LINE expected
//   +++ actual
//   @@ -a,b +c,d @@
//
// `startLine` is the 1-based line of the file where `expected[0]` sits; hunk positions on both
// sides count from it (the `+` side is the file as `--update` would rewrite this block), so `-a`
// points straight into the Markdown file. Hunks carry 2 lines of context; a side with no lines in
// a hunk shows the line before it with a count of 0, as GNU diff does. Lines are compared with
// trailing whitespace ignored (as the matcher does) and printed as given. With `color`, removed
// lines are red, added lines green, hunk headers cyan and the file headers bold (plain ANSI).
// Identical inputs give ''; otherwise the text ends with a newline.

const CONTEXT = 2;
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const CYAN = '\x1b[36m';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

type Op = { k: ' ' | '-' | '+'; text: string; a: number; b: number };

/** Line operations turning `x` into `y` (a longest common subsequence, deletions first). */
function diffLines(x: string[], y: string[]): Op[] {
  const xs = x.map((l) => l.trimEnd());
  const ys = y.map((l) => l.trimEnd());
  let pre = 0;
  while (pre < xs.length && pre < ys.length && xs[pre] === ys[pre]) pre++;
  let suf = 0;
  while (suf < xs.length - pre && suf < ys.length - pre && xs[xs.length - 1 - suf] === ys[ys.length - 1 - suf]) suf++;
  const n = xs.length - pre - suf;
  const m = ys.length - pre - suf;
  // lcs[i][j] for the middle parts, from the end.
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = xs[pre + i] === ys[pre + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Op[] = [];
  for (let k = 0; k < pre; k++) ops.push({ k: ' ', text: x[k], a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && xs[pre + i] === ys[pre + j]) {
      ops.push({ k: ' ', text: x[pre + i], a: pre + i, b: pre + j });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ k: '-', text: x[pre + i], a: pre + i, b: pre + j });
      i++;
    } else {
      ops.push({ k: '+', text: y[pre + j], a: pre + i, b: pre + j });
      j++;
    }
  }
  for (let k = 0; k < suf; k++) ops.push({ k: ' ', text: x[pre + n + k], a: pre + n + k, b: pre + m + k });
  return ops;
}

export function unifiedDiff(file: string, startLine: number, expected: string[], actual: string[], color: boolean): string {
  const ops = diffLines(expected, actual);
  const changed = ops.map((o, k) => (o.k === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (changed.length === 0) return '';
  const paint = (code: string, s: string) => (color ? `${code}${s}${RESET}` : s);
  const out: string[] = [paint(BOLD, `--- ${file}:${startLine} expected`), paint(BOLD, '+++ actual')];
  // Group changes whose context would touch or overlap.
  let g = 0;
  while (g < changed.length) {
    let last = g;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * CONTEXT + 1) last++;
    const from = Math.max(0, changed[g] - CONTEXT);
    const to = Math.min(ops.length - 1, changed[last] + CONTEXT);
    const hunk = ops.slice(from, to + 1);
    const oldCount = hunk.filter((o) => o.k !== '+').length;
    const newCount = hunk.filter((o) => o.k !== '-').length;
    const oldStart = startLine + hunk[0].a + (oldCount === 0 ? -1 : 0);
    const newStart = startLine + hunk[0].b + (newCount === 0 ? -1 : 0);
    out.push(paint(CYAN, `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`));
    for (const o of hunk) {
      const line = `${o.k}${o.text}`;
      out.push(o.k === '-' ? paint(RED, line) : o.k === '+' ? paint(GREEN, line) : line);
    }
    g = last + 1;
  }
  return out.join('\n') + '\n';
}
