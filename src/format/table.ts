// docker's tabwriter (minwidth 10, padding 3, last cell unpadded) rendered with cli-table3
// (toolchain.md §2). Width counts display columns as go-runewidth does.
import Table from 'cli-table3';

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
  'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

/** Lines of TAB-separated cells → aligned text, each line ending in "\n". */
export function renderTable(rows: string[][]): string {
  if (!rows.length) return '';
  const ncols = Math.max(...rows.map((r) => r.length));
  const padded = rows.map((r) => [...r, ...Array(ncols - r.length).fill('')]);
  const colWidths = Array.from({ length: ncols }, (_, i) => Math.max(10, 3 + Math.max(...padded.map((r) => r[i].length))));
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
