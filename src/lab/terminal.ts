// What a terminal shows after a byte stream: the final screen of progress output (handles \n,
// \r, \t, ESC[nA, ESC[nB, ESC[2K), so transcripts compare with what a reader saw.
export function finalScreen(bytes: string): string {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === '\x1b') {
      const m = /^\x1b\[(\d*)([ABK])/.exec(bytes.slice(i, i + 12));
      if (!m) continue;
      const n = Number(m[1] || 1);
      if (m[2] === 'A') row = Math.max(0, row - n);
      else if (m[2] === 'B') row += n;
      else lines[row] = '';
      while (lines.length <= row) lines.push('');
      i += m[0].length - 1;
    } else if (c === '\n') {
      row++;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (c === '\r') col = 0;
    else if (c === '\t') {
      // Terminals expand TABs to the next 8-column stop (docker's --pretty output uses real TABs).
      const next = (Math.floor(col / 8) + 1) * 8;
      lines[row] = lines[row].padEnd(next);
      col = next;
    } else {
      const l = lines[row].padEnd(col);
      lines[row] = l.slice(0, col) + c + l.slice(col + 1);
      col++;
    }
  }
  return lines.join('\n');
}
