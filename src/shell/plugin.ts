// The AST pass applied to each top-level script: marks an `ls` whose stdout is the terminal (so it prints
// columns) and appends the "still running" sentinel that tells `exit` apart from the end of the line.
import type { CommandNode, ScriptNode, StatementNode, TransformPlugin } from 'just-bash';
import { TTY_MARK } from './commands/ls';

/** Set to $? by the sentinel statement; absent after the run means the script ended through `exit`. */
export const ALIVE = '__DOCKERSIM_ALIVE';

function literalName(c: CommandNode): string | undefined {
  if (c.type !== 'SimpleCommand' || !c.name || c.name.parts.length !== 1) return undefined;
  const p = c.name.parts[0];
  return p.type === 'Literal' ? p.value : undefined;
}

function stdoutRedirected(reds: { fd: number | null; operator: string }[]): boolean {
  return reds.some((r) => (r.fd === null || r.fd === 1) && ['>', '>>', '>|', '&>', '&>>', '>&'].includes(r.operator));
}

function markStatements(stmts: StatementNode[] | null | undefined, cols: number): void {
  for (const s of stmts ?? []) {
    if (s.background) continue;
    for (const p of s.pipelines) if (p.commands.length) markCommand(p.commands[p.commands.length - 1], cols);
  }
}

function markCommand(c: CommandNode, cols: number): void {
  if (c.type === 'FunctionDef' || c.type === 'ArithmeticCommand' || c.type === 'ConditionalCommand') return;
  if (stdoutRedirected(c.redirections)) return;
  switch (c.type) {
    case 'SimpleCommand': {
      const n = literalName(c);
      if (n === 'ls' || n?.endsWith('/ls')) {
        c.assignments.push({
          type: 'Assignment', name: TTY_MARK, append: false, array: null,
          value: { type: 'Word', parts: [{ type: 'Literal', value: String(cols) }] },
        });
      }
      return;
    }
    case 'If':
      for (const cl of c.clauses) {
        markStatements(cl.condition, cols);
        markStatements(cl.body, cols);
      }
      markStatements(c.elseBody, cols);
      return;
    case 'While':
    case 'Until':
      markStatements(c.condition, cols);
      markStatements(c.body, cols);
      return;
    case 'For':
    case 'CStyleFor':
    case 'Subshell':
    case 'Group':
      markStatements(c.body, cols);
      return;
    case 'Case':
      for (const item of c.items) markStatements(item.body, cols);
      return;
  }
}

export class ShellPlugin implements TransformPlugin {
  name = 'dockersim-shell';
  armed = false;
  parsed = false;
  ttyCols: number | null = null;
  sentinel = false;
  constructor(private readonly sentinelStmt: StatementNode) {}
  transform(context: { ast: ScriptNode; metadata: Record<string, unknown> }): { ast: ScriptNode } {
    if (!this.armed) return { ast: context.ast };
    this.armed = false;
    this.parsed = true;
    const ast = context.ast;
    if (this.ttyCols !== null) markStatements(ast.statements, this.ttyCols);
    if (this.sentinel) return { ast: { ...ast, statements: [...ast.statements, structuredClone(this.sentinelStmt)] } };
    return { ast };
  }
}
