// docker's tabwriter (minwidth 10, padding 3, last cell unpadded) rendered with cli-table3
// (toolchain.md §2). Width counts display columns as go-runewidth does.

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
  'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

/** Only printable ASCII: cli-table3 pads such a cell to its column width and nothing else. */
const PLAIN = /^[\x20-\x7e]*$/;

/** Lines of TAB-separated cells → aligned text, each line ending in "\n". */
export function renderTable(rows: string[][]): string {
  if (!rows.length) return '';
  let ncols = 0;
  for (const r of rows) if (r.length > ncols) ncols = r.length;
  const padded = rows.map((r) => (r.length === ncols ? r : [...r, ...Array(ncols - r.length).fill('')]));
  const colWidths: number[] = Array(ncols).fill(0);
  let plain = true;
  for (const r of padded) {
    for (let i = 0; i < ncols; i++) {
      if (r[i].length > colWidths[i]) colWidths[i] = r[i].length;
      if (plain && !PLAIN.test(r[i])) plain = false;
    }
  }
  for (let i = 0; i < ncols; i++) colWidths[i] = Math.max(10, 3 + colWidths[i]);
  // The same text cli-table3 makes (its layout is quadratic in the rows: 0.7 s for 3,000 nodes).
  if (plain) return padded.map((r) => r.map((c, i) => (i < ncols - 1 ? c.padEnd(colWidths[i]) : c)).join('') + '\n').join('');
  const Table = require('cli-table3') as typeof import('cli-table3');
  const table = new Table({
    colWidths,
    chars: NO_BORDERS,
    wordWrap: false,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  table.push(...padded);
  const prefix = colWidths.slice(0, -1).reduce((a, b) => a + b, 0);
  const lines = table.toString().split('\n');
  return lines.map((l, i) => l.slice(0, prefix + padded[i][ncols - 1].length) + '\n').join('');
}

/** Text already holding TAB-separated cells per line (template output) → aligned. */
export function tabwriter(text: string): string {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (!lines.some((l) => l.includes('\t'))) return lines.map((l) => l + '\n').join('');
  return renderTable(lines.map((l) => l.split('\t')));
}
