// Turning just-bash's diagnostics into the container's: runaway-limit messages, dash/ash wording.
import type { ShellKind } from './flavor';
import { LIMITS } from './limits';

const LIMIT_LINE = /^(?:bash: )?(.*?)(?:, increase executionLimits\.(\w+)| exceeded (?:its )?execution deadline.*)$/;

export function limitMessage(line: string, timeMs: number): string | undefined {
  const m = LIMIT_LINE.exec(line);
  if (!m) return undefined;
  const what = m[2];
  const reason =
    what === 'maxCommandCount' ? `more than ${LIMITS.commands} commands`
    : what === 'maxLoopIterations' ? `a loop ran more than ${LIMITS.loopIterations} times`
    : what === 'maxCallDepth' || what === 'maxSourceDepth' ? 'recursion too deep'
    : what === 'maxOutputSize' ? `more than ${LIMITS.outputBytes / 1024 / 1024} MiB of output`
    : `still running after ${timeMs / 1000} s`;
  return `dockersim: runaway command stopped (${reason}): simulated containers limit one command to ${timeMs / 1000} s and ${LIMITS.commands} steps\n`;
}

/** dash/ash word their diagnostics differently from bash. */
export function restyleStderr(stderr: string, kind: ShellKind, name: string): string {
  if (kind === 'bash' || !stderr.includes('bash: ')) return stderr;
  const pre = kind === 'dash' ? `${name}: 1: ` : `${name}: `;
  return stderr
    .split('\n')
    .map((line) => {
      if (!line.startsWith('bash: ')) return line;
      const rest = line.slice(6);
      let m = /^(.+): command not found$/.exec(rest);
      if (m) return `${pre}${m[1]}: not found`;
      m = /^cd: (.+): No such file or directory$/.exec(rest);
      if (m) return kind === 'dash' ? `${pre}cd: can't cd to ${m[1]}` : `${pre}cd: can't cd to ${m[1]}: No such file or directory`;
      m = /^(.+): Is a directory$/.exec(rest);
      if (m) return kind === 'dash' ? `${pre}cannot create ${m[1]}: Is a directory` : `${pre}can't create ${m[1]}: Is a directory`;
      return pre + rest;
    })
    .join('\n');
}
