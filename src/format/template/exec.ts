// A port of Go's text/template/exec.go: walks the parse tree over the JS stand-ins for Go
// values (values.ts), with Go's evaluation order, variable scoping, argument checking and
// error texts (`template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type T`).

import { TemplateError } from './errors';
import { Deref, printTemplateValue, sprint } from './fmt';
import { assignable, callFunc } from './funcs';
import {
  nodeString, type ArgNode, type BranchNode, type ChainNode, type CommandNode, type FieldNode,
  type IdentifierNode, type Node, type NumberNode, type ParsedTree, type PipeNode,
  type TemplateNode, type VariableNode,
} from './parser';
import { byteLength, quote } from './strconv';
import {
  NIL_IFACE, elem, elemIsInterface, indirectInterface, isTrue, kindOf, mapKeys, paramTypeName, sigOf,
  stringSlice, typeName, type GoSignature, type ParamType,
} from './values';

/** Go's missingVal: "no value was piped into this command". */
const MISSING = Symbol('missing');

const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;

const MAX_EXEC_DEPTH = 100000;

export interface FuncEntry {
  fn: Function;
  builtin: boolean;
}

export interface ExecInput {
  parseName: string;
  text: string;
  trees: Map<string, ParsedTree>;
  lookup: (name: string) => FuncEntry | undefined;
}

type ErrNode = Node | ArgNode | CommandNode;

class State {
  out = '';
  node: ErrNode | null = null;
  vars: string[];
  vals: unknown[];
  /**
   * Per variable, and for dot: whether the value came out of a slice or map element of static
   * type interface{} (a range element, $v of a range). Go's reflect keeps such values
   * interface-kind, so field errors on them say `in type interface {}`; pipelines dig the
   * concrete value out, so anything computed by a pipeline is concrete.
   */
  ifaces: boolean[];
  dotIface = false;
  depth = 0;

  constructor(private readonly input: ExecInput, private tmplName: string, dot: unknown) {
    this.vars = ['$'];
    this.vals = [dot];
    this.ifaces = [false];
  }

  // ---- errors ----

  errorf(msg: string): never {
    const name = this.tmplName;
    if (this.node === null) throw new TemplateError(`template: ${name}: ${msg}`);
    const { text, parseName } = this.input;
    const before = text.slice(0, this.node.pos);
    const nl = before.lastIndexOf('\n');
    const col = byteLength(nl < 0 ? before : before.slice(nl + 1));
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    throw new TemplateError(
      `template: ${parseName}:${line}:${col}: executing ${quote(name)} at <${nodeString(this.node)}>: ${msg}`);
  }

  // ---- variables ----

  private push(name: string, value: unknown): void {
    this.vars.push(name);
    this.vals.push(value);
    this.ifaces.push(false);
  }

  private pop(mark: number): void {
    this.vars.length = mark;
    this.vals.length = mark;
    this.ifaces.length = mark;
  }

  private setVar(name: string, value: unknown, iface = false): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i] === name) {
        this.vals[i] = value;
        this.ifaces[i] = iface;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varIndex(name: string): number {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i] === name) return i;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking ----

  walk(dot: unknown, node: Node): number {
    this.node = node;
    switch (node.kind) {
      case 'text':
        this.out += node.text;
        return NORMAL;
      case 'action': {
        // Variables declared here persist until the enclosing {{end}}; declarations print nothing.
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return NORMAL;
      }
      case 'list':
        for (const n of node.nodes) {
          const c = this.walk(dot, n);
          if (c !== NORMAL) return c;
        }
        return NORMAL;
      case 'if': case 'with':
        return this.walkIfOrWith(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        this.walkTemplate(dot, node);
        return NORMAL;
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
    }
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): number {
    const mark = this.vars.length;
    const val = this.evalPipeline(dot, node.pipe);
    let c = NORMAL;
    if (isTrue(indirectInterface(val))) {
      if (node.kind === 'with') {
        const outerIface = this.dotIface;
        this.dotIface = false; // a pipeline's value is concrete
        c = this.walk(val, node.list);
        this.dotIface = outerIface;
      } else {
        c = this.walk(dot, node.list);
      }
    } else if (node.elseList) {
      c = this.walk(dot, node.elseList);
    }
    this.pop(mark);
    return c;
  }

  private walkRange(dot: unknown, r: BranchNode): number {
    this.node = r;
    const outer = this.vars.length;
    const val = this.evalPipeline(dot, r.pipe);
    // Mark the top of the stack before any variables in the body are pushed.
    const mark = this.vars.length;
    const decl = r.pipe.decl;
    const elIface = elemIsInterface(val);
    const outerIface = this.dotIface;
    const oneIteration = (index: unknown, el: unknown): number => {
      if (decl.length > 0) {
        if (r.pipe.isAssign) {
          if (decl.length > 1) this.setVar(decl[0].ident[0], index);
          else this.setVar(decl[0].ident[0], el, elIface);
        } else {
          // the top var (lexically the second if two)
          this.vals[this.vals.length - 1] = el;
          this.ifaces[this.ifaces.length - 1] = elIface;
        }
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(decl[1].ident[0], el, elIface);
        else this.vals[this.vals.length - 2] = index;
      }
      this.dotIface = elIface;
      const c = this.walk(el, r.list);
      this.dotIface = outerIface;
      this.pop(mark);
      return c;
    };
    let ran = false;
    switch (kindOf(val)) {
      case 'slice': {
        const a = val as unknown[];
        for (let i = 0; i < a.length; i++) {
          ran = true;
          if (oneIteration(BigInt(i), elem(a[i])) === BREAK) break;
        }
        break;
      }
      case 'map': {
        const m = val as Record<string, unknown>;
        for (const k of mapKeys(m)) {
          ran = true;
          if (oneIteration(k, elem(m[k])) === BREAK) break;
        }
        break;
      }
      case 'int': {
        // Go 1.22+: range over an integer n yields 0..n-1.
        if (decl.length > 1) this.errorf(`can't use ${sprint([val])} to iterate over more than one variable`);
        for (let i = 0n; i < (val as bigint); i++) {
          ran = true;
          if (oneIteration(undefined, i) === BREAK) break;
        }
        break;
      }
      case 'invalid':
        break; // An invalid value is likely a nil map, etc. and acts like an empty map.
      default:
        this.errorf(`range can't iterate over ${sprint([kindOf(val) === 'ptr' ? new Deref(val as object) : val])}`);
    }
    let c = NORMAL;
    if (!ran && r.elseList) {
      c = this.walk(dot, r.elseList);
      if (c === BREAK) c = NORMAL; // Go's walkRange recovers every break below it
    }
    this.pop(outer);
    return c;
  }

  private walkTemplate(dot: unknown, t: TemplateNode): void {
    this.node = t;
    const tree = this.input.trees.get(t.name);
    if (!tree) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    // Variables declared by the pipeline persist.
    dot = this.evalPipeline(dot, t.pipe);
    // No dynamic scoping: template invocations inherit no variables.
    const { vars, vals, ifaces, dotIface, tmplName } = this;
    this.vars = ['$'];
    this.vals = [dot];
    this.ifaces = [false];
    this.dotIface = false;
    this.tmplName = t.name;
    this.depth++;
    try {
      this.walk(dot, tree.root);
    } catch (e) {
      if (e instanceof RangeError && /call stack/.test(e.message)) {
        // The JS stack runs out long before Go's limit: report it as Go would.
        this.node = t;
        this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
      }
      throw e;
    }
    this.depth--;
    this.vars = vars;
    this.vals = vals;
    this.ifaces = ifaces;
    this.dotIface = dotIface;
    this.tmplName = tmplName;
  }

  // ---- evaluation ----

  private evalPipeline(dot: unknown, pipe: PipeNode | null): unknown {
    if (!pipe) return undefined;
    this.node = pipe;
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value); // the previous value is this one's final arg
      // If the object has type interface{}, dig down one level to the thing inside.
      if (value === NIL_IFACE) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value);
      else this.push(v.ident[0], value);
    }
    return value;
  }

  private notAFunction(args: ArgNode[] | null, final: unknown): void {
    if ((args && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args![0])}`);
    }
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: unknown): unknown {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field': return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain': return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier': return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        // Parenthesized pipeline. The arguments are all inside the pipeline; final must be absent.
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable': return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool': return first.value;
      case 'dot': return dot;
      case 'nil': return this.errorf('nil is not a command');
      case 'number': return this.idealConstant(first);
      case 'string': return first.text;
    }
  }

  /** A constant in a context with no type: the syntax decides (1 is an int, 1.0 a float64). */
  private idealConstant(n: NumberNode): unknown {
    this.node = n;
    if (n.isComplex) return n.complex;
    const isHexInt = /^0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !isHexInt && n.text[0] !== "'" && /[.eEpP]/.test(n.text)) return n.float64;
    if (n.isInt) return n.int64;
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: ArgNode[] | null, final: unknown): unknown {
    this.node = field;
    return this.evalFieldChain(dot, dot, this.dotIface, field, field.ident, 0, args, final);
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: ArgNode[] | null, final: unknown): unknown {
    this.node = chain;
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    // (pipe).Field1.Field2 has pipe as .node, fields as .field. Eval the pipeline, then the fields.
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, false, chain, chain.field, 0, args, final);
  }

  private evalVariableNode(dot: unknown, v: VariableNode, args: ArgNode[] | null, final: unknown): unknown {
    // $x.Field has $x as the first ident, Field as the second. Eval the var, then the fields.
    this.node = v;
    const i = this.varIndex(v.ident[0]);
    const value = this.vals[i];
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, this.ifaces[i], v, v.ident, 1, args, final);
  }

  /** .X.Y.Z possibly followed by arguments: only the last element gets them. */
  private evalFieldChain(
    dot: unknown, receiver: unknown, iface: boolean, node: ErrNode, ident: string[], from: number,
    args: ArgNode[] | null, final: unknown,
  ): unknown {
    const n = ident.length;
    for (let i = from; i < n - 1; i++) {
      const next = this.evalField(dot, ident[i], node, null, MISSING, receiver, iface);
      // A map's element has the map's element type: interface{} for plain objects.
      iface = kindOf(receiver) === 'map' && elemIsInterface(receiver);
      receiver = next;
    }
    return this.evalField(dot, ident[n - 1], node, args, final, receiver, iface);
  }

  private evalFunction(dot: unknown, node: IdentifierNode, cmd: ErrNode, args: ArgNode[] | null, final: unknown): unknown {
    this.node = node;
    const name = node.ident;
    const f = this.input.lookup(name);
    if (!f) this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, f.fn, f.builtin, cmd, name, args, final, undefined);
  }

  /** .Field or .Method args: a struct field or method, or a map key. */
  private evalField(
    dot: unknown, fieldName: string, node: ErrNode, args: ArgNode[] | null, final: unknown, receiver: unknown,
    iface = false,
  ): unknown {
    // Go names the receiver's static type: an interface-kind value is `interface {}`.
    const typ = () => (iface ? 'interface {}' : typeName(receiver));
    if (receiver === undefined) return undefined; // missingkey=default: nothing, quietly
    if (receiver === null || receiver === NIL_IFACE) {
      this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    }
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    const kind = kindOf(receiver);
    if (kind === 'struct' || kind === 'ptr') {
      const obj = receiver as Record<string, unknown>;
      if (!/^\p{Lu}/u.test(fieldName)) {
        // Methods and fields are exported by an upper-case initial; JS's own lower-case
        // helpers (toString...) are not Go fields at all.
        if (Object.prototype.hasOwnProperty.call(obj, fieldName)) {
          this.errorf(`${fieldName} is an unexported field of struct type ${typ()}`);
        }
      } else if (fieldName in obj) {
        let v: unknown;
        try {
          v = obj[fieldName]; // may run a getter: a method without arguments
        } catch (e) {
          this.node = node;
          this.errorf(`error calling ${fieldName}: ${errorText(e)}`);
        }
        if (typeof v === 'function') return this.evalCall(dot, v, false, node, fieldName, args, final, obj);
        if (hasArgs) {
          const numIn = (args ? args.length - 1 : 0) + (final !== MISSING ? 1 : 0);
          if (isGetter(obj, fieldName)) this.errorf(`wrong number of args for ${fieldName}: want 0 got ${numIn}`);
          this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        }
        return v === undefined ? NIL_IFACE : v;
      }
    } else if (kind === 'map') {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const m = receiver as Record<string, unknown>;
      const v = Object.prototype.hasOwnProperty.call(m, fieldName) ? m[fieldName] : undefined;
      return v === undefined ? undefined : elem(v);
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${typ()}`);
  }

  /** Calls a function or method; args[0] is the function's own node (not an argument). */
  private evalCall(
    dot: unknown, fn: Function, isBuiltin: boolean, node: ErrNode, name: string,
    args: ArgNode[] | null, final: unknown, self: object | undefined,
  ): unknown {
    const argNodes = args ? args.slice(1) : [];
    const sig = sigOf(fn);
    const params = sig.params;
    let numIn = argNodes.length;
    if (final !== MISSING) numIn++;
    let numFixed = argNodes.length;
    if (sig.variadic) {
      numFixed = params.length - 1; // the last parameter is the variadic one
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${params.length - 1} got ${argNodes.length}`);
      }
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }

    // and/or short-circuit: they return the first deciding argument, unevaluated past it.
    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (const arg of argNodes) {
        v = this.evalArg(dot, 'value', arg);
        if (isTrue(indirectInterface(v)) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'value');
      return v;
    }

    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) argv.push(this.evalArg(dot, params[i], argNodes[i]));
    if (sig.variadic) {
      const t = params[params.length - 1];
      for (; i < argNodes.length; i++) argv.push(this.evalArg(dot, t, argNodes[i]));
    }
    if (final !== MISSING) {
      let t = params[params.length - 1];
      if (sig.variadic && numIn - 1 < numFixed) t = params[numIn - 1];
      argv.push(this.validateType(final, t));
    }

    try {
      if (isBuiltin && name === 'call') {
        const callee = argNodes.length === 0 ? String(final) : nodeString(argNodes[0]);
        return callFunc(callee, argv[0], argv.slice(1), (f, a) => invoke(f, sigOf(f), a, undefined));
      }
      return invoke(fn, sig, argv, self);
    } catch (e) {
      this.node = node;
      return this.errorf(`error calling ${name}: ${errorText(e)}`);
    }
  }

  private validateType(value: unknown, typ: ParamType | null): unknown {
    if (typ === null) return value;
    if (value === undefined) {
      switch (typ) {
        case 'any': return NIL_IFACE;
        case 'value': return undefined;
        case '[]string': return stringSlice([]);
      }
      this.errorf(`invalid value; expected ${paramTypeName(typ)}`);
    }
    if (assignable(value, typ)) return value;
    return this.errorf(`wrong type for value; expected ${paramTypeName(typ)}; got ${typeName(value)}`);
  }

  private evalArg(dot: unknown, typ: ParamType | null, n: ArgNode): unknown {
    this.node = n;
    switch (n.kind) {
      case 'dot': return this.validateType(dot, typ);
      case 'nil':
        if (typ === 'any') return NIL_IFACE;
        if (typ === 'value' || typ === null) return undefined;
        if (typ === '[]string') return stringSlice([]);
        return this.errorf(`cannot assign nil to ${paramTypeName(typ)}`);
      case 'field': return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable': return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe': return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier': return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain': return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.kind === 'bool') return n.value;
        return this.errorf(`expected bool; found ${nodeString(n)}`);
      case 'string':
        if (n.kind === 'string') return n.text;
        return this.errorf(`expected string; found ${nodeString(n)}`);
      case 'int':
        if (n.kind === 'number' && n.isInt) return n.int64;
        return this.errorf(`expected integer; found ${nodeString(n)}`);
      case 'float64':
        if (n.kind === 'number' && n.isFloat) return n.float64;
        return this.errorf(`expected float; found ${nodeString(n)}`);
      case 'any': case 'value': case null:
        return this.evalEmptyInterface(n);
    }
    return this.errorf(`can't handle ${nodeString(n)} for arg of type ${paramTypeName(typ)}`);
  }

  private evalEmptyInterface(n: ArgNode): unknown {
    this.node = n;
    switch (n.kind) {
      case 'bool': return n.value;
      case 'number': return this.idealConstant(n);
      case 'string': return n.text;
    }
    return this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  private printValue(node: Node, v: unknown): void {
    this.node = node;
    if (v === undefined) {
      this.out += '<no value>';
      return;
    }
    if (typeof v === 'function') this.errorf(`can't print ${nodeString(node)} of type ${typeName(v)}`);
    this.out += typeof v === 'string' ? v : printTemplateValue(v);
  }
}

function isGetter(obj: object, name: string): boolean {
  for (let o: object | null = obj; o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d) return d.get !== undefined;
  }
  return false;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** JS functions see JS values: small ints as numbers, nil as null. */
function toJS(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  if (v === NIL_IFACE) return null;
  return v;
}

function invoke(fn: Function, sig: GoSignature, argv: unknown[], self: object | undefined): unknown {
  if (sig.raw) return fn.apply(self, argv);
  const r = fn.apply(self, argv.map(toJS));
  if (r === undefined) return NIL_IFACE;
  // A method's null is a typed nil pointer (prints <nil>); a function's is a nil interface{}.
  if (r === null) return self ? null : NIL_IFACE;
  if (sig.result === 'int' && typeof r === 'number') return BigInt(Math.trunc(r));
  return r;
}

/** Executes the template `name` (the main one: "") over `data`. */
export function executeTree(input: ExecInput, name: string, data: unknown): string {
  const tree = input.trees.get(name);
  if (!tree) throw new TemplateError(`template: no template ${quote(name)} associated with template ${quote(name)}`);
  const dot = data === null ? undefined : data;
  const s = new State(input, name, dot);
  s.walk(dot, tree.root);
  return s.out;
}
