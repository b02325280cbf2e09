// Markdown transcripts → steps: every prompt line inside a fenced block is a command, and the
// lines up to the next prompt (or the end of the block) are its expected output.

export interface LabHeader {
  topology: string;
  engine?: string;
  seed: string;
  clock?: string;
}

export type Target =
  | { kind: 'machine'; machine: string | null; user?: string }
  | { kind: 'container'; prompt: string };

export interface Step {
  /** 1-based line of the command in the file. */
  line: number;
  /** The prompt text as written (`$`, `dc-ops@worker01:~$`, `root@7e53a7d90599:/#`). */
  prompt: string;
  target: Target;
  command: string;
  expected: string[];
  /** 1-based line where the expected output starts (for diffs and --update). */
  expectedLine: number;
}

export interface Transcript {
  header: LabHeader;
  steps: Step[];
  lines: string[];
}

const HEADER_RE = /^<!--\s*dockersim lab:(.*?)-->/;
const MACHINE_PROMPT = /^\s*(?:([a-z_][a-z0-9_-]*)@([A-Za-z0-9][A-Za-z0-9_.-]*):[^$#\s]*)?\$(?:\s(.*)|$)/;
const BASH_PROMPT = /^\s*(root@[0-9a-f]{4,64}:[^#\s]*#)(?:\s(.*)|$)/;
const SH_PROMPT = /^\s*(\/[^#\s]*\s#)(?:\s(.*)|$)/;

export function parseHeader(first: string | undefined): LabHeader {
  const header: LabHeader = { topology: 'overlay', seed: '1' };
  const m = first ? HEADER_RE.exec(first) : null;
  if (!m) return header;
  for (const kv of m[1].trim().split(/\s+/)) {
    const [k, v] = kv.split('=');
    if (k === 'topology') header.topology = v;
    else if (k === 'engine') header.engine = v;
    else if (k === 'seed') header.seed = v;
    else if (k === 'clock') header.clock = v;
  }
  return header;
}

interface PromptMatch {
  prompt: string;
  target: Target;
  command: string;
}

export function matchPrompt(line: string, inContainer: boolean): PromptMatch | null {
  const bash = BASH_PROMPT.exec(line);
  if (bash) return { prompt: bash[1], target: { kind: 'container', prompt: bash[1] }, command: bash[2] ?? '' };
  if (inContainer) {
    const sh = SH_PROMPT.exec(line);
    if (sh) return { prompt: sh[1], target: { kind: 'container', prompt: sh[1] }, command: sh[2] ?? '' };
  }
  const m = MACHINE_PROMPT.exec(line);
  if (m) {
    const prompt = line.trim().slice(0, line.trim().length - (m[3]?.length ?? 0)).trimEnd();
    return { prompt, target: { kind: 'machine', machine: m[2] ?? null, user: m[1] }, command: m[3] ?? '' };
  }
  return null;
}

/** Does this command open an interactive shell in a container (`exec -it … bash`, `run -it …`)? */
export function opensSession(command: string): boolean {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'docker') return false;
  const sub = words.slice(1).filter((w) => !w.startsWith('-'));
  const isExec = sub[0] === 'exec' || (sub[0] === 'container' && sub[1] === 'exec');
  const isRun = sub[0] === 'run' || (sub[0] === 'container' && sub[1] === 'run');
  const flags = words.filter((w) => /^-[a-z]*[it][a-z]*$/.test(w)).join('');
  const long = (f: string) => words.includes(`--${f}`);
  const interactive = (flags.includes('i') || long('interactive')) && (flags.includes('t') || long('tty'));
  // -dit starts it in the background: no session
  return (isExec || isRun) && interactive && !flags.includes('d') && !long('detach');
}

export function parseTranscript(text: string): Transcript {
  const lines = text.split('\n');
  const header = parseHeader(lines[0]);
  const steps: Step[] = [];
  let inBlock = false;
  let inContainer = false;
  let current: Step | null = null;
  const finish = () => {
    if (current) steps.push(current);
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const fence = /^\s*```/.test(raw);
    if (fence) {
      const inline = /^\s*```.*```\s*$/.test(raw) && raw.trim().length > 6;
      if (inline) continue;
      if (inBlock) finish();
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock) continue;
    const p = matchPrompt(raw, inContainer);
    if (p) {
      finish();
      let command = p.command;
      let j = i;
      while (command.endsWith('\\') && j + 1 < lines.length) {
        j++;
        command = command.slice(0, -1) + ' ' + lines[j].trim();
      }
      i = j;
      current = { line: i + 1, prompt: p.prompt, target: p.target, command: command.trim(), expected: [], expectedLine: i + 2 };
      if (p.target.kind === 'machine') inContainer = opensSession(command);
      else if (/^exit(\s|$)/.test(command.trim())) inContainer = false;
      continue;
    }
    if (current) (current as Step).expected.push(raw);
  }
  finish();
  return { header, steps, lines };
}
