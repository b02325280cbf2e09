// A port of Go's text/template/parse (parse.go and node.go): the same recursive descent with
// three-token lookahead, the same checks at parse time (unknown functions, undefined
// variables, break outside range...) and the same error texts, e.g.
// `template: :1: function "foo" not defined`.

import { TemplateError } from './errors';
import { Lexer, T, type Item } from './lexer';
import { byteLength, parseFloat64, parseInt64, parseUint, quote, unquote, unquoteCharConstant } from './strconv';
import { GoComplex } from './values';

export interface TextNode { kind: 'text'; pos: number; text: string }
export interface ListNode { kind: 'list'; pos: number; nodes: Node[] }
export interface ActionNode { kind: 'action'; pos: number; pipe: PipeNode }
export interface PipeNode {
  kind: 'pipe'; pos: number; isAssign: boolean; decl: VariableNode[]; cmds: CommandNode[];
}
export interface CommandNode { kind: 'command'; pos: number; args: ArgNode[] }
export interface IdentifierNode { kind: 'identifier'; pos: number; ident: string }
export interface VariableNode { kind: 'variable'; pos: number; ident: string[] }
export interface DotNode { kind: 'dot'; pos: number }
export interface NilNode { kind: 'nil'; pos: number }
export interface FieldNode { kind: 'field'; pos: number; ident: string[] }
export interface ChainNode { kind: 'chain'; pos: number; node: ArgNode; field: string[] }
export interface BoolNode { kind: 'bool'; pos: number; value: boolean }
export interface StringNode { kind: 'string'; pos: number; quoted: string; text: string }
export interface NumberNode {
  kind: 'number'; pos: number; text: string;
  isInt: boolean; isUint: boolean; isFloat: boolean; isComplex: boolean;
  int64: bigint; uint64: bigint; float64: number; complex: GoComplex;
}
export interface BranchNode {
  kind: 'if' | 'range' | 'with'; pos: number; pipe: PipeNode; list: ListNode; elseList: ListNode | null;
}
export interface TemplateNode { kind: 'template'; pos: number; name: string; pipe: PipeNode | null }
export interface BreakNode { kind: 'break' | 'continue'; pos: number }
interface EndNode { kind: 'end'; pos: number }
interface ElseNode { kind: 'else'; pos: number }

export type ArgNode =
  | FieldNode | ChainNode | VariableNode | IdentifierNode | DotNode | NilNode | BoolNode
  | NumberNode | StringNode | PipeNode;
export type Node = TextNode | ListNode | ActionNode | BranchNode | TemplateNode | BreakNode;
type AnyNode = Node | ArgNode | CommandNode | EndNode | ElseNode;

/** node.String() in Go: what error messages show as the context `<...>`. */
export function nodeString(n: AnyNode): string {
  switch (n.kind) {
    case 'text': return n.text;
    case 'list': return n.nodes.map(nodeString).join('');
    case 'action': return `{{${nodeString(n.pipe)}}}`;
    case 'pipe': {
      const decl = n.decl.length ? n.decl.map(nodeString).join(', ') + ' := ' : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'identifier': return n.ident;
    case 'variable': return n.ident.join('.');
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'field': return n.ident.map((id) => '.' + id).join('');
    case 'chain': {
      const head = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return head + n.field.map((f) => '.' + f).join('');
    }
    case 'bool': return n.value ? 'true' : 'false';
    case 'number': return n.text;
    case 'string': return n.quoted;
    case 'end': return '{{end}}';
    case 'else': return '{{else}}';
    case 'if': case 'range': case 'with': {
      const els = n.elseList ? '{{else}}' + nodeString(n.elseList) : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${els}{{end}}`;
    }
    case 'template':
      return `{{template ${quote(n.name)}${n.pipe ? ' ' + nodeString(n.pipe) : ''}}}`;
    case 'break': return '{{break}}';
    case 'continue': return '{{continue}}';
  }
}

/** item.String() in Go, used by "unexpected X in Y". */
function itemString(i: Item): string {
  if (i.typ === T.EOF) return 'EOF';
  if (i.typ === T.Error) return i.val;
  if (i.typ > T.Keyword) return `<${i.val}>`;
  if (byteLength(i.val) > 10) return quote(Array.from(i.val).slice(0, 10).join('')) + '...';
  return quote(i.val);
}

export interface ParsedTree {
  name: string;
  root: ListNode;
}

const MAX_STACK_DEPTH = 10000;

function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  if (n.kind === 'list') return n.nodes.every(isEmptyTree);
  if (n.kind === 'text') return n.text.trim() === '';
  return false;
}

class Tree {
  root: ListNode | null = null;
  private lex!: Lexer;
  private token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private treeSet!: Map<string, Tree>;
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(
    public name: string,
    readonly parseName: string,
    readonly hasFunction: (name: string) => boolean,
  ) {}

  startParse(lex: Lexer, treeSet: Map<string, Tree>): void {
    this.lex = lex;
    this.vars = ['$'];
    this.treeSet = treeSet;
    this.stackDepth = 0;
  }

  // ---- token stream ----

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.typ === T.Space);
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // ---- errors ----

  errorf(msg: string): never {
    this.root = null;
    throw new TemplateError(`template: ${this.parseName}:${this.token[0]?.line ?? 1}: ${msg}`);
  }

  private expect(expected: T, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === T.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  private unquote(text: string): string {
    try {
      return unquote(text);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  // ---- grammar ----

  /** The top level: like itemList, but also handles {{define}}; runs to EOF. */
  parse(): void {
    this.root = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === T.Define) {
          const newT = new Tree('definition', this.parseName, this.hasFunction);
          newT.startParse(this.lex, this.treeSet);
          newT.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      this.root.nodes.push(n);
    }
  }

  add(): void {
    const tree = this.treeSet.get(this.name);
    if (!tree || isEmptyTree(tree.root)) {
      this.treeSet.set(this.name, this);
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${quote(this.name)}`);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.nextNonSpace();
    if (name.typ !== T.String && name.typ !== T.RawString) this.unexpected(name, context);
    this.name = this.unquote(name.val);
    this.expect(T.RightDelim, context);
    const [root, end] = this.itemList();
    this.root = root;
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add();
  }

  private itemList(): [ListNode, EndNode | ElseNode] {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | EndNode | ElseNode {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Text:
        return { kind: 'text', pos: token.pos, text: token.val };
      case T.LeftDelim:
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
    }
    return this.unexpected(token, 'input');
  }

  private action(): Node | EndNode | ElseNode {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Block: return this.blockControl();
      case T.Break: return this.breakControl(token, 'break');
      case T.Continue: return this.breakControl(token, 'continue');
      case T.Else: return this.elseControl();
      case T.End: return { kind: 'end', pos: this.expect(T.RightDelim, 'end').pos };
      case T.If: return this.branchControl('if');
      case T.Range: return this.branchControl('range');
      case T.Template: return this.templateControl();
      case T.With: return this.branchControl('with');
    }
    this.backup();
    const first = this.peek();
    // Do not pop variables; they persist until "end".
    return { kind: 'action', pos: first.pos, pipe: this.pipeline('command', T.RightDelim) };
  }

  private breakControl(at: Item, kind: 'break' | 'continue'): BreakNode {
    const token = this.nextNonSpace();
    if (token.typ !== T.RightDelim) this.unexpected(token, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { kind, pos: at.pos };
  }

  private pipeline(context: string, end: T): PipeNode {
    const pipe: PipeNode = { kind: 'pipe', pos: this.peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    // Are there declarations or assignments?
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ === T.Variable) {
        this.next();
        // Since space is a token, we need 3-token look-ahead here in the worst case: in
        // "$x foo" we need to read "foo" (as opposed to ":=") to know that $x is an argument
        // variable rather than a declaration.
        const tokenAfterVariable = this.peek();
        const next = this.peekNonSpace();
        if (next.typ === T.Assign || next.typ === T.Declare) {
          pipe.isAssign = next.typ === T.Assign;
          this.nextNonSpace();
          pipe.decl.push(newVariable(v.pos, v.val));
          this.vars.push(v.val);
        } else if (next.typ === T.Char && next.val === ',') {
          this.nextNonSpace();
          pipe.decl.push(newVariable(v.pos, v.val));
          this.vars.push(v.val);
          if (context === 'range' && pipe.decl.length < 2) {
            const t = this.peekNonSpace().typ;
            if (t === T.Variable || t === T.RightDelim || t === T.RightParen) continue decls;
            this.errorf('range can only initialize variables');
          }
          this.errorf(`too many declarations in ${context}`);
        } else if (tokenAfterVariable.typ === T.Space) {
          this.backup3(v, tokenAfterVariable);
        } else {
          this.backup2(v);
        }
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case T.Bool: case T.CharConstant: case T.Complex: case T.Dot: case T.Field:
        case T.Identifier: case T.Number: case T.Nil: case T.RawString: case T.String:
        case T.Variable: case T.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    // Only the first command of a pipeline can start with a non executable operand.
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0].kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private branchControl(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, T.RightDelim);
      if (context === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.kind === 'else') {
        // "{{else if b}}" / "{{else with b}}" are "{{else}}{{if b}}...{{end}}{{end}}": parse
        // the inner if/with as usual; its {{end}} is the one that closes both.
        if ((context === 'if' && this.peek().typ === T.If) || (context === 'with' && this.peek().typ === T.With)) {
          this.next();
          elseList = { kind: 'list', pos: next.pos, nodes: [this.branchControl(context)] };
        } else {
          const [els, end] = this.itemList();
          if (end.kind !== 'end') this.errorf(`expected end; found ${nodeString(end)}`);
          elseList = els;
        }
      }
      return { kind: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace();
    if (peek.typ === T.If || peek.typ === T.With) return { kind: 'else', pos: peek.pos };
    return { kind: 'else', pos: this.expect(T.RightDelim, 'else').pos };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, T.RightDelim);
    const block = new Tree(name, this.parseName, this.hasFunction);
    block.startParse(this.lex, this.treeSet);
    const [root, end] = block.itemList();
    block.root = root;
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.add();
    return { kind: 'template', pos: token.pos, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return { kind: 'template', pos: token.pos, name, pipe };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === T.String || token.typ === T.RawString) return this.unquote(token.val);
    return this.unexpected(token, context);
  }

  /** operand (space operand)*, up to a pipe character or right delimiter. */
  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace(); // skip leading spaces.
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === T.Space) continue;
      if (token.typ === T.RightDelim || token.typ === T.RightParen) this.backup();
      else if (token.typ !== T.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  /** term .Field* */
  private operand(): ArgNode | null {
    let node = this.term();
    if (!node) return null;
    if (this.peek().typ === T.Field) {
      const chain: ChainNode = { kind: 'chain', pos: this.peek().pos, node, field: [] };
      while (this.peek().typ === T.Field) chain.field.push(this.next().val.slice(1));
      // Fields and variables just get longer; literals can't have fields.
      switch (node.kind) {
        case 'field':
          node = { kind: 'field', pos: chain.pos, ident: [...node.ident, ...chain.field] };
          break;
        case 'variable':
          node = { kind: 'variable', pos: chain.pos, ident: [...node.ident, ...chain.field] };
          break;
        case 'bool': case 'string': case 'number': case 'nil': case 'dot':
          return this.errorf(`unexpected . after term ${quote(nodeString(node))}`);
        default:
          node = chain;
      }
    }
    return node;
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Identifier:
        if (!this.hasFunction(token.val)) this.errorf(`function ${quote(token.val)} not defined`);
        return { kind: 'identifier', pos: token.pos, ident: token.val };
      case T.Dot:
        return { kind: 'dot', pos: token.pos };
      case T.Nil:
        return { kind: 'nil', pos: token.pos };
      case T.Variable:
        return this.useVar(token.pos, token.val);
      case T.Field:
        return { kind: 'field', pos: token.pos, ident: token.val.slice(1).split('.') };
      case T.Bool:
        return { kind: 'bool', pos: token.pos, value: token.val === 'true' };
      case T.CharConstant: case T.Complex: case T.Number:
        return this.newNumber(token.pos, token.val, token.typ);
      case T.LeftParen: {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', T.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case T.String: case T.RawString:
        return { kind: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val) };
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = newVariable(pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${quote(v.ident[0])}`);
    return v;
  }

  private newNumber(pos: number, text: string, typ: T): NumberNode {
    const n: NumberNode = {
      kind: 'number', pos, text, isInt: false, isUint: false, isFloat: false, isComplex: false,
      int64: 0n, uint64: 0n, float64: 0, complex: new GoComplex(0, 0),
    };
    if (typ === T.CharConstant) {
      let r: number | null;
      try {
        r = unquoteCharConstant(text);
      } catch (e) {
        return this.errorf((e as Error).message);
      }
      if (r === null) this.errorf(`malformed character constant: ${text}`);
      n.isInt = n.isUint = n.isFloat = true;
      n.int64 = n.uint64 = BigInt(r);
      n.float64 = r; // odd but those are the rules.
      return n;
    }
    if (typ === T.Complex) {
      const m = /^(.*[^eEpP])([+-][^+-]*)i$/.exec(text);
      const re = m ? parseFloat64(m[1]) : null;
      const im = m ? parseFloat64(m[2]) : null;
      if (re === null || im === null) this.errorf(`illegal number syntax: ${quote(text)}`);
      n.isComplex = true;
      n.complex = new GoComplex(re, im);
      return simplifyComplex(n);
    }
    // Imaginary constants can only be complex unless they are zero.
    if (text.endsWith('i')) {
      const f = parseFloat64(text.slice(0, -1));
      if (f !== null) {
        n.isComplex = true;
        n.complex = new GoComplex(0, f);
        return simplifyComplex(n);
      }
    }
    // Do integer test first so we get 0x123 etc.
    const u = parseUint(text);
    if (u !== null) {
      n.isUint = true;
      n.uint64 = u;
    }
    const i = parseInt64(text);
    if (i !== null) {
      n.isInt = true;
      n.int64 = i;
      if (i === 0n) {
        n.isUint = true; // in case of -0.
        n.uint64 = u ?? 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseFloat64(text);
      if (f !== null) {
        // Parsed as a float but looks like an integer: too large to fit in an int.
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${quote(text)}`);
        n.isFloat = true;
        n.float64 = f;
        if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
          n.isInt = true;
          n.int64 = BigInt(f);
        }
        if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
          n.isUint = true;
          n.uint64 = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${quote(text)}`);
    return n;
  }
}

function simplifyComplex(n: NumberNode): NumberNode {
  n.isFloat = n.complex.im === 0;
  if (n.isFloat) {
    const f = (n.float64 = n.complex.re);
    n.isInt = Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63;
    if (n.isInt) n.int64 = BigInt(f);
    n.isUint = Number.isInteger(f) && f >= 0 && f < 2 ** 64;
    if (n.isUint) n.uint64 = BigInt(f);
  }
  return n;
}

function newVariable(pos: number, ident: string): VariableNode {
  return { kind: 'variable', pos, ident: ident.split('.') };
}

/**
 * Parses `text` as template `name`; returns the trees by name (the main one and every
 * {{define}}/{{block}}). `hasFunction` tells which identifiers are functions.
 */
export function parseTrees(name: string, text: string, hasFunction: (name: string) => boolean): Map<string, ParsedTree> {
  const treeSet = new Map<string, Tree>();
  const t = new Tree(name, name, hasFunction);
  const lex = new Lexer(text, { breakOK: !hasFunction('break'), continueOK: !hasFunction('continue') });
  t.startParse(lex, treeSet);
  t.parse();
  t.add();
  const out = new Map<string, ParsedTree>();
  for (const [k, v] of treeSet) out.set(k, { name: k, root: v.root! });
  return out;
}
