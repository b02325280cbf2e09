// `ls` wraps just-bash's: on a terminal (or with -C) names are laid out in columns — GNU coreutils
// ls.c calculate_columns/print_many_per_line, or busybox's fixed-width columns — and long listings show the
// files as root's, as they are in a container. GNU ls pads with tabs where it can; we pad with spaces,
// which look the same on a terminal.
import { fail, type CmdFactory } from './types';

/** Marker variable the sandbox puts on an `ls` whose stdout is the terminal; its value is the width. */
export const TTY_MARK = '__DOCKERSIM_LS_TTY';

const MIN_COLUMN_WIDTH = 3;

export function gnuColumns(names: string[], width: number): string {
  const n = names.length;
  if (n === 0) return '';
  let maxIdx = Math.floor(width / MIN_COLUMN_WIDTH) + (width % MIN_COLUMN_WIDTH !== 0 ? 1 : 0);
  if (maxIdx < 1) maxIdx = 1;
  const maxCols = maxIdx < n ? maxIdx : n;
  const info = Array.from({ length: maxCols }, (_, i) => ({
    valid: true,
    lineLen: (i + 1) * MIN_COLUMN_WIDTH,
    cols: new Array<number>(i + 1).fill(MIN_COLUMN_WIDTH),
  }));
  names.forEach((name, filesno) => {
    for (let i = 0; i < maxCols; i++) {
      const c = info[i];
      if (!c.valid) continue;
      const idx = Math.floor(filesno / Math.floor((n + i) / (i + 1)));
      const real = name.length + (idx === i ? 0 : 2);
      if (c.cols[idx] < real) {
        c.lineLen += real - c.cols[idx];
        c.cols[idx] = real;
        c.valid = c.lineLen < width;
      }
    }
  });
  let cols = maxCols;
  while (cols > 1 && !info[cols - 1].valid) cols--;
  const fmt = info[cols - 1].cols;
  const rows = Math.floor(n / cols) + (n % cols !== 0 ? 1 : 0);
  let out = '';
  for (let row = 0; row < rows; row++) {
    let col = 0;
    let filesno = row;
    let line = '';
    for (;;) {
      const name = names[filesno];
      const w = fmt[col++];
      line += name;
      filesno += rows;
      if (filesno >= n) break;
      line += ' '.repeat(Math.max(0, w - name.length));
    }
    out += line + '\n';
  }
  return out;
}

export function busyboxColumns(names: string[], width: number): string {
  const n = names.length;
  if (n === 0) return '';
  const colWidth = Math.max(...names.map((s) => s.length)) + 2;
  let ncols = Math.floor(width / colWidth);
  let nrows: number;
  if (ncols > 1) nrows = Math.ceil(n / ncols);
  else {
    nrows = n;
    ncols = 1;
  }
  let out = '';
  for (let row = 0; row < nrows; row++) {
    let line = '';
    for (let nc = 0; nc < ncols; nc++) {
      const i = nc * nrows + row;
      if (i >= n) continue;
      if (line.length > 0) line += ' '.repeat(nc * colWidth - line.length);
      line += names[i];
    }
    out += line + '\n';
  }
  return out;
}

interface Parsed {
  args: string[];
  /** sorting flags (-t -S -r -U -f -v -X -c -u) given: operands keep their order. */
  customSort: boolean;
  long: boolean;
  one: boolean;
  forceColumns: boolean;
  recursive: boolean;
  operands: number;
}

function parse(args: string[]): Parsed {
  const out: string[] = [];
  let long = false;
  let one = false;
  let forceColumns = false;
  let recursive = false;
  let customSort = false;
  let operands = 0;
  let done = false;
  for (const a of args) {
    if (done || a === '-' || !a.startsWith('-')) {
      operands++;
      out.push(a);
      continue;
    }
    if (a === '--') {
      done = true;
      out.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      if (a === '--format=long' || a === '--format=verbose') long = true;
      else if (a === '--format=single-column') one = true;
      else if (a === '--format=vertical') {
        forceColumns = true;
        continue;
      } else if (a === '--recursive') recursive = true;
      else if (a.startsWith('--sort') || a === '--reverse') customSort = true;
      if (a.startsWith('--color') || a.startsWith('--format')) continue;
      out.push(a);
      continue;
    }
    let cluster = '';
    for (const c of a.slice(1)) {
      if (c === 'C') forceColumns = true;
      else {
        if ('lngo'.includes(c)) long = true;
        if (c === '1') one = true;
        if (c === 'R') recursive = true;
        if ('tSrUfvXcu'.includes(c)) customSort = true;
        cluster += c;
      }
    }
    if (cluster) out.push('-' + cluster);
  }
  if (!customSort) {
    // GNU ls lists its operands sorted (files before directories, which just-bash already does).
    const dashdash = out.indexOf('--');
    const isOperand = (a: string, i: number) => (dashdash >= 0 && i > dashdash) || a === '-' || !a.startsWith('-');
    const idx = out.map((a, i) => (isOperand(a, i) ? i : -1)).filter((i) => i >= 0);
    const sorted = idx.map((i) => out[i]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    idx.forEach((i, k) => (out[i] = sorted[k]));
  }
  return { args: out, long, one, forceColumns, recursive, operands, customSort };
}

/** Re-lays one-name-per-line output into columns, block by block ("dir:" headers stay on their own line). */
function columnize(stdout: string, headers: boolean, layout: (names: string[]) => string): string {
  if (!stdout) return stdout;
  const trailing = stdout.endsWith('\n');
  const blocks = (trailing ? stdout.slice(0, -1) : stdout).split('\n\n');
  return (
    blocks
      .map((block) => {
        const lines = block.split('\n');
        let head = '';
        if (headers && lines.length > 0 && lines[0].endsWith(':')) head = lines.shift()! + '\n';
        if (lines.length === 1 && lines[0] === '') return head.replace(/\n$/, '');
        return (head + layout(lines)).replace(/\n$/, '');
      })
      .join('\n\n') + (trailing ? '\n' : '')
  );
}

const OWNER_RE = /^([-dlcbps][-rwxsStT]{9}[.+@]?\s+\d+\s+)user(\s+)user(\s)/gm;

export const ls: CmdFactory = (env) => async (args, io) => {
  if (!io.orig) return fail('ls: unavailable\n', 127);
  const p = parse(args);
  const ttyWidth = parseInt(io.env.get(TTY_MARK) ?? '', 10);
  const r = await io.orig(p.args);
  let stdout = r.stdout;
  if (p.long) stdout = stdout.replace(OWNER_RE, '$1root$2root$3');
  else if (!p.one && (p.forceColumns || Number.isFinite(ttyWidth))) {
    const width = Number.isFinite(ttyWidth) && ttyWidth > 0 ? ttyWidth : 80;
    const layout = env.os.toolset === 'busybox' ? (n: string[]) => busyboxColumns(n, width) : (n: string[]) => gnuColumns(n, width);
    stdout = columnize(stdout, p.recursive || p.operands > 1, layout);
  }
  return { ...r, stdout };
};
