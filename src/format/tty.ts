// Output that went through a pseudo-terminal.

/** The line discipline's onlcr: every line ends in CR LF. */
export function crlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}
