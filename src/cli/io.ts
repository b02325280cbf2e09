// What a command writes. Commands append to these buffers; main.ts writes them once at the end
// (interactive sessions stream through `write*` directly).
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** stdout is a terminal (progress bars, TTY forms). */
  isTTY: boolean;
  /** stdin is a terminal (exec -it, prompts). */
  stdinTTY: boolean;
  columns: number;
  /** Reads one line from stdin (prompts); null at end of input. */
  readLine(): Promise<string | null>;
  /** Whole stdin (exec -i). */
  readAll(): Promise<string>;
}

export class BufferIo implements Io {
  stdout = '';
  stderr = '';
  isTTY = false;
  stdinTTY = false;
  columns = 80;
  constructor(private input = '') {}
  out(s: string) {
    this.stdout += s;
  }
  err(s: string) {
    this.stderr += s;
  }
  async readLine(): Promise<string | null> {
    if (!this.input) return null;
    const i = this.input.indexOf('\n');
    const line = i < 0 ? this.input : this.input.slice(0, i);
    this.input = i < 0 ? '' : this.input.slice(i + 1);
    return line;
  }
  async readAll(): Promise<string> {
    const s = this.input;
    this.input = '';
    return s;
  }
}
