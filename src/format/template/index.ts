// Go's text/template, as docker's --format uses it: parse once, execute per row.
//
//   const t = parse('{{.Name}}\t{{json .Labels}}');          // docker's functions included
//   execute(t, row);                                           // throws TemplateError
//   execute(t, headerMap, headerFuncs);                        // the table header row
//
// Data model (see values.ts): objects with obj[GO_TYPE] = '*pkg.Type' are Go structs whose
// function-valued properties and getters are methods; other plain objects are
// map[string]interface{} (missing key → "<no value>"); arrays are slices; JS numbers are
// float64 (as docker decodes JSON: 1e+06 prints that way) and bigints (goInt) are Go ints.

import { TemplateError } from './errors';
import { executeTree, type FuncEntry } from './exec';
import { builtins, dockerFuncs, headerFuncs } from './funcs';
import { parseTrees, type ParsedTree } from './parser';

export { TemplateError, dockerFuncs, headerFuncs };
export { GO_TYPE, GO_SIG, goInt, goFunc, type GoParam } from './values';

/** A parsed template (opaque): the main tree plus any {{define}}d / {{block}} ones. */
export interface Template {
  readonly name: string;
  readonly text: string;
  /** @internal */
  readonly trees: Map<string, ParsedTree>;
  /** @internal */
  readonly funcs: Record<string, Function>;
  /** @internal */
  readonly lookup: (name: string) => FuncEntry | undefined;
}

function makeLookup(...maps: Record<string, Function>[]): (name: string) => FuncEntry | undefined {
  const table = new Map<string, FuncEntry>();
  for (const [name, fn] of Object.entries(builtins)) table.set(name, { fn, builtin: true });
  // Later maps win, and user functions override builtins (Go checks them first).
  for (const m of maps) {
    for (const [name, fn] of Object.entries(m)) {
      if (typeof fn === 'function') table.set(name, { fn, builtin: false });
    }
  }
  return (name) => table.get(name);
}

/**
 * Parses `text` as docker does (template name ""). `funcs` are the functions the template may
 * call besides Go's builtins; they default to docker's (`dockerFuncs`); pass `{}` for plain Go.
 * Throws TemplateError with Go's message, e.g. `template: :1: unclosed action`.
 */
export function parse(text: string, funcs: Record<string, Function> = dockerFuncs): Template {
  const lookup = makeLookup(funcs);
  const trees = parseTrees('', text, (name) => lookup(name) !== undefined);
  return { name: '', text, trees, funcs, lookup };
}

/**
 * Executes `t` over `data`. `funcs` replace same-named functions for this execution (docker
 * renders table headers with `headerFuncs`). Throws TemplateError with Go's message, e.g.
 * `template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext`.
 */
export function execute(t: Template, data: unknown, funcs?: Record<string, Function>): string {
  const lookup = funcs ? makeLookup(t.funcs, funcs) : t.lookup;
  return executeTree({ parseName: t.name, text: t.text, trees: t.trees, lookup }, t.name, data);
}
