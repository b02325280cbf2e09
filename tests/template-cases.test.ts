// Table-driven conformance cases for the Go text/template engine in src/format/template.
//
// Every expectation below was written from Go's or docker's sources and documentation, never by
// running the engine:
//   [exec]  golang/go src/text/template/exec_test.go (execTests, cmpTests, TestExecError,
//           TestEvalFieldErrors, TestFunctionCheckDuringCall, TestInterfaceValues)
//   [parse] golang/go src/text/template/parse/parse_test.go (parseTests, errorTests) together with
//           parse.go / lex.go for the exact message text
//   [src]   golang/go src/text/template/exec.go, funcs.go (Go 1.24 texts: docker 28.2 uses it)
//   [doc]   golang/go src/text/template/doc.go (package documentation)
//   [fmt]   golang/go src/fmt doc.go / fmt_test.go (verbs, %!verb(type=value) errors, Sprint
//           spacing, %v of maps with sorted keys), strconv (shortest float formatting)
//   [json]  encoding/json (map keys sorted, float formatting, unexported fields skipped)
//   [docker] docker/cli templates/templates.go and templates_test.go, docs.docker.com
//           "Format command and log output", /work/shared/reference/docker-cli-output.md §1.1, §7
//
// Data model (src/format/template/index.ts): plain objects are map[string]interface{}, objects
// with [GO_TYPE] are structs / typed maps / typed slices, JS numbers are float64, goInt(n) an int.
import { describe, expect, it } from '@jest/globals';
import {
  GO_TYPE, TemplateError, execute, goFunc, goInt, headerFuncs, parse,
} from '../src/format/template';

interface Case {
  name: string;
  template: string;
  data?: unknown;
  want?: string;
  err?: string;
}

type Outcome = { out: string } | { err: string };

function run(c: Case, funcs?: Record<string, Function>): Outcome {
  try {
    return { out: execute(parse(c.template), c.data, funcs) };
  } catch (e) {
    if (e instanceof TemplateError) return { err: e.message };
    throw e;
  }
}

function table(cases: Case[], funcs?: Record<string, Function>): void {
  for (const c of cases) {
    it(c.name, () => {
      const want: Outcome = c.err !== undefined ? { err: c.err } : { out: c.want as string };
      expect(run(c, funcs)).toEqual(want);
    });
  }
}

const typed = <T extends object>(type: string, v: T): T => Object.assign(v, { [GO_TYPE]: type });
const ints = (...n: number[]) => typed('[]int', n.map((x) => goInt(x)));
const strs = (...s: string[]) => typed('[]string', s);
const msi = (o: Record<string, number>) =>
  typed('map[string]int', Object.fromEntries(Object.entries(o).map(([k, v]) => [k, goInt(v)])));

// exec_test.go's tVal, in this package's data model (the parts these cases use).
const tVal = typed('*template.T', {
  True: true,
  I: goInt(17),
  X: 'x',
  S: 'xyz',
  FloatZero: 0,
  U: typed('*template.U', { V: 'v' }),
  SI: ints(3, 4, 5),
  SIEmpty: ints(),
  SB: typed('[]bool', [true, false]),
  MSI: msi({ one: 1, two: 2, three: 3 }),
  MSIone: msi({ one: 1 }),
  MSIEmpty: msi({}),
  SMSI: typed('[]map[string]int', [msi({ one: 1, two: 2 }), msi({ eleven: 11, twelve: 12 })]),
  Empty0: undefined as unknown, // interface{} field holding nil
  Empty3: ints(7, 8),
  NIL: null as unknown, // a nil pointer field
  unexported: goInt(0),
  Method0: () => 'M0',
  Method1: goFunc((a: number) => goInt(a), ['int'], { result: 'int' }),
});

// A func-typed value must be a map element here (a struct's function properties are methods).
const funcs = { BinaryFunc: goFunc((a: string, b: string) => `[${a}=${b}]`, ['string', 'string'], { result: 'string' }) };

const row = typed('*formatter.ContainerContext', { ID: '7e53a7d90599', Names: 'web' });

// ---------------------------------------------------------------------------------------------

describe('fields, map keys, dot and variables', () => {
  table([
    { name: 'empty template [exec "empty"]', template: '', data: tVal, want: '' },
    { name: 'plain text [exec "text"]', template: 'some text', data: tVal, want: 'some text' },
    { name: 'struct field [exec ".X"]', template: '-{{.X}}-', data: tVal, want: '-x-' },
    { name: 'chained struct fields [exec ".U.V"]', template: '-{{.U.V}}-', data: tVal, want: '-v-' },
    { name: 'typed map key as field [exec "map .one"]', template: '{{.MSI.one}}', data: tVal, want: '1' },
    { name: 'typed map missing key [exec "map .NO"]', template: '{{.MSI.NO}}', data: tVal, want: '<no value>' },
    { name: 'lower-case map key [exec "bug9"]', template: '{{.cause}}', data: { cause: 'neglect' }, want: 'neglect' },
    { name: 'chained plain map keys', template: '{{.Spec.Labels.env}}', data: { Spec: { Labels: { env: 'prod' } } }, want: 'prod' },
    { name: 'missing key in the middle of a chain is <no value> [src evalField]', template: '{{.Spec.Nope.deeper}}', data: { Spec: {} }, want: '<no value>' },
    { name: 'missing top-level map key [exec TestMissingMapKey]', template: '{{.x}} {{.y}}', data: typed('map[string]int', { x: goInt(99) }), want: '99 <no value>' },
    { name: 'nil element of a map[string]interface{} prints <no value> [src evalPipeline]', template: '{{.a}}', data: { a: null }, want: '<no value>' },
    { name: 'field of nil data [exec "field on interface"]', template: '{{.foo}}', data: undefined, want: '<no value>' },
    { name: 'field of parenthesized nil data [exec "field on parenthesized interface"]', template: '{{(.).foo}}', data: undefined, want: '<no value>' },
    { name: 'dot int [exec "dot int"]', template: '<{{.}}>', data: goInt(13), want: '<13>' },
    { name: 'dot float [exec "dot float"]', template: '<{{.}}>', data: 15.1, want: '<15.1>' },
    { name: 'dot bool [exec "dot bool"]', template: '<{{.}}>', data: true, want: '<true>' },
    { name: 'dot string [exec "dot string"]', template: '<{{.}}>', data: 'hello', want: '<hello>' },
    { name: 'dot slice [exec "dot slice"]', template: '<{{.}}>', data: ints(-1, -2, -3), want: '<[-1 -2 -3]>' },
    { name: 'dot typed map [exec "dot map"]', template: '<{{.}}>', data: typed('map[string]int', { two: goInt(22) }), want: '<map[two:22]>' },
    { name: 'dot struct value [exec "dot struct"]', template: '<{{.}}>', data: typed('struct { a int; b string }', { a: goInt(7), b: 'seven' }), want: '<{7 seven}>' },
    { name: 'dot of nil data prints <no value> [src printValue]', template: '{{.}}', data: undefined, want: '<no value>' },
    { name: 'struct behind a pointer prints its value [exec "empty with struct"]', template: '{{.U}}', data: tVal, want: '{v}' },
    { name: 'nil pointer field prints <nil> [exec "NIL"]', template: '{{.NIL}}', data: tVal, want: '<nil>' },
    { name: 'nil interface field prints <no value> [exec "empty nil"]', template: '{{.Empty0}}', data: tVal, want: '<no value>' },
    { name: 'method without arguments [exec ".Method0"]', template: '-{{.Method0}}-', data: tVal, want: '-M0-' },
    { name: 'method with a constant argument [exec ".Method1(1234)"]', template: '-{{.Method1 1234}}-', data: tVal, want: '-1234-' },
    { name: 'method with a field argument [exec ".Method1(.I)"]', template: '-{{.Method1 .I}}-', data: tVal, want: '-17-' },
    { name: '$ is the data [exec "$ int"]', template: '{{$}}', data: goInt(123), want: '123' },
    { name: '$.I [exec "$.I"]', template: '{{$.I}}', data: tVal, want: '17' },
    { name: '$.U.V [exec "$.U.V"]', template: '{{$.U.V}}', data: tVal, want: 'v' },
    { name: 'declare in action [exec "declare in action"]', template: '{{$x := $.U.V}}{{$x}}', data: tVal, want: 'v' },
    { name: 'variable followed by fields', template: '{{$u := .U}}{{$u.V}}', data: tVal, want: 'v' },
    { name: 'a declaration prints nothing [doc]', template: 'a{{$x := "hidden"}}b', data: tVal, want: 'ab' },
    { name: 'reassignment with = [doc]', template: '{{$x := 1}}{{$x = 2}}{{$x}}', data: tVal, want: '2' },
    { name: 'reassignment inside if is visible after end [doc]', template: '{{$x := "a"}}{{if true}}{{$x = "b"}}{{end}}{{$x}}', data: tVal, want: 'b' },
    { name: 'with $x shadows the outer $x [exec "if $x with $x int"]', template: '{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}', data: tVal, want: '17,true' },
    { name: 'with $x := $ [exec "with $x struct.U.V"]', template: '{{with $x := $}}{{$x.U.V}}{{end}}', data: tVal, want: 'v' },
    { name: '$ inside range [doc]', template: '{{range .SI}}{{$.X}}{{end}}', data: tVal, want: 'xxx' },
    { name: '$ inside with [doc]', template: '{{with .U}}{{.V}}{{$.X}}{{end}}', data: tVal, want: 'vx' },
    {
      name: 'missing struct field, with position [reference §1.1]', template: '{{.Foo}}', data: row,
      err: 'template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext',
    },
    {
      name: 'missing struct field on line 3 [src ErrorContext]', template: '{{.ID}}\n{{.Names}}\n\t{{.Foo}}', data: row,
      err: 'template: :3:3: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext',
    },
    {
      name: 'missing field in a chain is reported at the chain [parse operand]', template: '{{.U.Nope}}', data: tVal,
      err: 'template: :1:4: executing "" at <.U.Nope>: can\'t evaluate field Nope in type *template.U',
    },
    {
      name: 'field of a string [src evalField]', template: '{{.X.Y}}', data: tVal,
      err: 'template: :1:4: executing "" at <.X.Y>: can\'t evaluate field Y in type string',
    },
    {
      name: 'field of an int [exec TestExecuteGivesExecError]', template: 'hello, {{.X.Y}}', data: goInt(0),
      err: 'template: :1:11: executing "" at <.X.Y>: can\'t evaluate field X in type int',
    },
    {
      name: 'field of a map[string]interface{} element is looked up in interface {} [src evalField]', template: '{{.a.b}}', data: { a: 'x' },
      err: 'template: :1:4: executing "" at <.a.b>: can\'t evaluate field b in type interface {}',
    },
    {
      name: 'field of a []interface{} range element is looked up in interface {} [src walkRange, evalField]', template: '{{range .}}{{.Foo}}{{end}}', data: ['x'],
      err: 'template: :1:13: executing "" at <.Foo>: can\'t evaluate field Foo in type interface {}',
    },
    {
      name: 'field of a range variable over []interface{} [src walkRange, evalField]', template: '{{range $v := .}}{{$v.Foo}}{{end}}', data: ['x'],
      err: 'template: :1:21: executing "" at <$v.Foo>: can\'t evaluate field Foo in type interface {}',
    },
    {
      name: 'field of a struct inside a map[string]interface{} range [src evalField]', template: '{{range .}}{{.Missing}}{{end}}', data: { a: typed('*main.T', { Name: 'n' }) },
      err: 'template: :1:13: executing "" at <.Missing>: can\'t evaluate field Missing in type interface {}',
    },
    {
      name: 'a pipeline digs the value out of the interface [src evalPipeline]', template: '{{with index . 0}}{{.Foo}}{{end}}', data: ['x'],
      err: 'template: :1:20: executing "" at <.Foo>: can\'t evaluate field Foo in type string',
    },
    {
      name: 'a variable set by a pipeline holds the concrete value [src evalPipeline]', template: '{{$x := index . 0}}{{$x.Foo}}', data: ['x'],
      err: 'template: :1:23: executing "" at <$x.Foo>: can\'t evaluate field Foo in type string',
    },
    {
      name: 'field of a typed []int element [src evalField]', template: '{{range .SI}}{{.Foo}}{{end}}', data: tVal,
      err: 'template: :1:15: executing "" at <.Foo>: can\'t evaluate field Foo in type int',
    },
    {
      name: 'field of a typed map[string]int element [src evalField]', template: '{{.MSI.one.x}}', data: tVal,
      err: 'template: :1:6: executing "" at <.MSI.one.x>: can\'t evaluate field x in type int',
    },
    { name: 'fields of map elements of a []interface{} range', template: '{{range .}}{{.Name}};{{end}}', data: [{ Name: 'a' }, { Name: 'b' }], want: 'a;b;' },
    {
      name: 'field of a nil map element [src evalField]', template: '{{.a.b}}', data: { a: null },
      err: 'template: :1:4: executing "" at <.a.b>: nil pointer evaluating interface {}.b',
    },
    {
      name: 'unexported struct field [exec ".unexported"]', template: '{{.unexported}}', data: tVal,
      err: 'template: :1:2: executing "" at <.unexported>: unexported is an unexported field of struct type *template.T',
    },
    {
      name: 'arguments to a map key [exec "map .WRONG args"]', template: '{{.MSI.one 1}}', data: tVal,
      err: 'template: :1:6: executing "" at <.MSI.one>: one is not a method but has arguments',
    },
    {
      name: 'arguments to a struct field [src evalField]', template: '{{.X 1}}', data: tVal,
      err: 'template: :1:2: executing "" at <.X>: X has arguments but cannot be invoked as function',
    },
    {
      name: 'method called without its argument [src evalCall]', template: '{{.Method1}}', data: tVal,
      err: 'template: :1:2: executing "" at <.Method1>: wrong number of args for Method1: want 1 got 0',
    },
    {
      name: 'method argument of the wrong type [src evalInteger]', template: '{{.Method1 "x"}}', data: tVal,
      err: 'template: :1:11: executing "" at <"x">: expected integer; found "x"',
    },
  ]);
});

describe('pipelines and parentheses', () => {
  table([
    { name: 'piped value is the last argument [doc]', template: '{{"a" | printf "%s-%s" "b"}}', data: tVal, want: 'b-a' },
    { name: 'three-stage pipeline [doc]', template: '{{"put" | printf "%s%s" "out" | printf "%q"}}', data: tVal, want: '"output"' },
    { name: 'pipeline into a method [exec "pipeline"]', template: '{{.I | .Method1}}', data: tVal, want: '17' },
    { name: 'with $x := pipeline [doc]', template: '{{with $x := "output" | printf "%q"}}{{$x}}{{end}}', data: tVal, want: '"output"' },
    { name: 'parenthesized arguments [exec "parens in pipeline"]', template: '{{printf "%d %d" (len .SI) (index .SI 2)}}', data: tVal, want: '3 5' },
    { name: 'nested parentheses [doc]', template: '{{printf "%q" (print "out" (print "put"))}}', data: tVal, want: '"output"' },
    { name: 'field of a parenthesized pipeline [exec "parens: $ in paren"]', template: '{{($).X}}', data: tVal, want: 'x' },
    { name: 'map key of a parenthesized index [parse "field applied to parentheses"]', template: '{{(index .SMSI 1).eleven}}', data: tVal, want: '11' },
    { name: 'chained node as an argument [exec "bug13"]', template: '{{print (.U).V}}', data: tVal, want: 'v' },
    { name: 'parenthesized constant [exec "parenthesized non-function with no args"]', template: '{{(1)}}', data: tVal, want: '1' },
    { name: 'pipeline inside parentheses', template: '{{("abc" | len)}}', data: tVal, want: '3' },
    { name: 'pipeline with spaces and newlines [parse "newline in pipeline"]', template: '{{\n"x"\n|\nprintf\n}}', data: tVal, want: 'x' },
    {
      name: 'argument to a constant [exec "bug7a"]', template: '{{3 2}}', data: tVal,
      err: 'template: :1:2: executing "" at <3>: can\'t give argument to non-function 3',
    },
    {
      name: 'argument to a variable [exec "bug7b"]', template: '{{$x := 1}}{{$x 2}}', data: tVal,
      err: 'template: :1:13: executing "" at <$x>: can\'t give argument to non-function $x',
    },
    {
      name: 'piping into a variable [exec "bug7c"]', template: '{{$x := 1}}{{3 | $x}}', data: tVal,
      err: 'template: :1:17: executing "" at <$x>: can\'t give argument to non-function $x',
    },
    {
      name: 'nil is not a command [exec "nil action"]', template: '{{nil}}', data: tVal,
      err: 'template: :1:2: executing "" at <nil>: nil is not a command',
    },
  ]);
});

describe('if, with, range, break and continue', () => {
  table([
    { name: 'if true [exec "if true"]', template: '{{if true}}TRUE{{end}}', data: tVal, want: 'TRUE' },
    { name: 'if false with else [exec "if false"]', template: '{{if false}}TRUE{{else}}FALSE{{end}}', data: tVal, want: 'FALSE' },
    { name: 'if 1.5 [exec "if 1.5"]', template: '{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}', data: tVal, want: 'NON-ZERO' },
    { name: 'if float zero [exec "if 0.0"]', template: '{{if .FloatZero}}NON-ZERO{{else}}ZERO{{end}}', data: tVal, want: 'ZERO' },
    { name: 'if string [exec "if string"]', template: '{{if `notempty`}}NON-EMPTY{{else}}EMPTY{{end}}', data: tVal, want: 'NON-EMPTY' },
    { name: 'if empty slice [exec "if emptyslice"]', template: '{{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', data: tVal, want: 'EMPTY' },
    { name: 'if empty map [exec "if emptymap"]', template: '{{if .MSIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', data: tVal, want: 'EMPTY' },
    { name: 'if missing map key [exec "if map unset"]', template: '{{if .MSI.none}}NON-ZERO{{else}}ZERO{{end}}', data: tVal, want: 'ZERO' },
    { name: 'if not missing map key [exec "if map not unset"]', template: '{{if not .MSI.none}}ZERO{{else}}NON-ZERO{{end}}', data: tVal, want: 'ZERO' },
    { name: 'if nil interface [exec "bug4"]', template: '{{if .Empty0}}non-nil{{else}}nil{{end}}', data: tVal, want: 'nil' },
    { name: 'else if [exec "if else if"]', template: '{{if false}}FALSE{{else if true}}TRUE{{end}}', data: tVal, want: 'TRUE' },
    { name: 'else if chain [exec "if else chain"]', template: '{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}', data: tVal, want: '3' },
    { name: 'if / else if / else falls to else', template: '{{if 0}}A{{else if ""}}B{{else}}C{{end}}', data: tVal, want: 'C' },
    {
      name: 'if nil [exec "if nil"]', template: '{{if nil}}TRUE{{end}}', data: tVal,
      err: 'template: :1:5: executing "" at <nil>: nil is not a command',
    },
    { name: 'with true sets dot [exec "with true"]', template: '{{with true}}{{.}}{{end}}', data: tVal, want: 'true' },
    { name: 'with 0 takes else [exec "with 0"]', template: '{{with 0}}{{.}}{{else}}ZERO{{end}}', data: tVal, want: 'ZERO' },
    { name: 'with slice [exec "with slice"]', template: '{{with .SI}}{{.}}{{else}}EMPTY{{end}}', data: tVal, want: '[3 4 5]' },
    { name: 'with map [exec "with map"]', template: '{{with .MSIone}}{{.}}{{else}}EMPTY{{end}}', data: tVal, want: 'map[one:1]' },
    { name: 'with empty string [exec "with emptystring"]', template: '{{with ``}}{{.}}{{else}}EMPTY{{end}}', data: tVal, want: 'EMPTY' },
    { name: 'else keeps the outer dot [doc]', template: '{{with ""}}x{{else}}{{.X}}{{end}}', data: tVal, want: 'x' },
    { name: 'with else with [exec "with else with"]', template: '{{with 0}}{{.}}{{else with true}}{{.}}{{end}}', data: tVal, want: 'true' },
    { name: 'with else with chain [exec "with else with chain"]', template: '{{with 0}}{{.}}{{else with false}}{{.}}{{else with `notempty`}}{{.}}{{end}}', data: tVal, want: 'notempty' },
    { name: 'with else with, else [doc]', template: '{{with .MSI.none}}A{{else with .SIEmpty}}B{{else}}C{{end}}', data: tVal, want: 'C' },
    { name: 'with variable and action [exec "with variable and action"]', template: '{{with $x := $}}{{$y := $.U.V}}{{$y}}{{end}}', data: tVal, want: 'v' },
    { name: 'range []int [exec "range []int"]', template: '{{range .SI}}-{{.}}-{{end}}', data: tVal, want: '-3--4--5-' },
    { name: 'range empty, no else [exec "range empty no else"]', template: '{{range .SIEmpty}}-{{.}}-{{end}}', data: tVal, want: '' },
    { name: 'range []int with else [exec "range []int else"]', template: '{{range .SI}}-{{.}}-{{else}}EMPTY{{end}}', data: tVal, want: '-3--4--5-' },
    { name: 'range empty with else [exec "range empty else"]', template: '{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', data: tVal, want: 'EMPTY' },
    { name: 'range []bool [exec "range []bool"]', template: '{{range .SB}}-{{.}}-{{end}}', data: tVal, want: '-true--false-' },
    { name: 'range map in sorted key order [exec "range map"]', template: '{{range .MSI}}-{{.}}-{{end}}', data: tVal, want: '-1--3--2-' },
    { name: 'range empty map with else [exec "range empty map else"]', template: '{{range .MSIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', data: tVal, want: 'EMPTY' },
    { name: 'range $x over a slice [exec "range $x SI"]', template: '{{range $x := .SI}}<{{$x}}>{{end}}', data: tVal, want: '<3><4><5>' },
    { name: 'range $i, $v over a slice [exec "range $x $y SI"]', template: '{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}', data: tVal, want: '<0=3><1=4><2=5>' },
    { name: 'range $k, $v over a typed map [exec "range $x $y MSIone"]', template: '{{range $x, $y := .MSI}}<{{$x}}={{$y}}>{{end}}', data: tVal, want: '<one=1><three=3><two=2>' },
    { name: 'range $v over a map gets the element [exec "range $x MSIone"]', template: '{{range $x := .MSIone}}<{{$x}}>{{end}}', data: tVal, want: '<1>' },
    {
      name: 'range over map[string]interface{} sorts keys [doc]', template: '{{range $k, $v := .}}{{$k}}={{$v}};{{end}}',
      data: { zeta: 'z', alpha: 'a', mid: 'm' }, want: 'alpha=a;mid=m;zeta=z;',
    },
    { name: 'range over a missing key runs nothing [src walkRange]', template: '{{range .Nope}}x{{end}}', data: {}, want: '' },
    { name: 'range over a missing key runs else', template: '{{range .Nope}}x{{else}}none{{end}}', data: {}, want: 'none' },
    { name: 'range over a nil interface field [exec "range empty nil"]', template: '{{range .Empty0}}-{{.}}-{{end}}', data: tVal, want: '' },
    { name: 'declare in range [exec "declare in range"]', template: '{{range $x := .SI}}<{{$foo:=$x}}{{$x}}>{{end}}', data: tVal, want: '<3><4><5>' },
    { name: 'else of range sees the outer dot and $', template: '{{range .SIEmpty}}x{{else}}{{.X}}{{$.X}}{{end}}', data: tVal, want: 'xx' },
    { name: 'break [exec "range []int break else"]', template: '{{range .SI}}-{{.}}-{{break}}NOTREACHED{{else}}EMPTY{{end}}', data: tVal, want: '-3-' },
    { name: 'continue [exec "range []int continue else"]', template: '{{range .SI}}-{{.}}-{{continue}}NOTREACHED{{else}}EMPTY{{end}}', data: tVal, want: '-3--4--5-' },
    { name: 'break inside if [doc]', template: '{{range .SI}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}', data: tVal, want: '3' },
    { name: 'continue inside if [doc]', template: '{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}', data: tVal, want: '35' },
    { name: 'break inside with inside range', template: '{{range $i, $v := .SI}}{{with $i}}{{break}}{{end}}{{$v}}{{end}}', data: tVal, want: '3' },
    {
      name: 'nested ranges with index variables', template: '{{range $i, $row := .Rows}}{{range $j, $c := $row}}{{$i}}{{$j}}={{$c}} {{end}}{{end}}',
      data: { Rows: [['a', 'b'], ['c']] }, want: '00=a 01=b 10=c ',
    },
    {
      name: 'nested ranges using $', template: '{{range .Outer}}{{range .}}{{$.Sep}}{{.}}{{end}}{{end}}',
      data: { Outer: [['a', 'b'], ['c']], Sep: '/' }, want: '/a/b/c',
    },
    {
      name: 'break leaves only the inner range', template: '{{range $o := .SI}}{{range $.SI}}{{if gt . $o}}{{break}}{{end}}{{.}}{{end}};{{end}}',
      data: tVal, want: '3;34;345;',
    },
    { name: 'range over an int (Go 1.24) [doc]', template: '{{range 3}}{{.}}{{end}}', data: tVal, want: '012' },
    { name: 'range over an int with a variable', template: '{{range $i := 2}}<{{$i}}>{{end}}', data: tVal, want: '<0><1>' },
    { name: 'range assigns an existing variable [exec "issue56490"]', template: '{{$i := 0}}{{$x := 0}}{{range $i = .SI}}{{end}}{{$i}}', data: tVal, want: '5' },
    { name: 'range assigns two existing variables [exec "issue60801"]', template: '{{$k := 0}}{{$v := 0}}{{range $k, $v = .SI}}{{$k}}={{$v}} {{end}}', data: tVal, want: '0=3 1=4 2=5 ' },
    {
      name: 'range over a string [src walkRange]', template: '{{range .X}}{{end}}', data: tVal,
      err: 'template: :1:8: executing "" at <.X>: range can\'t iterate over x',
    },
  ]);
});

describe('and, or, not and comparisons', () => {
  table([
    { name: 'and returns the first false or the last argument [exec "and"]', template: '{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}', data: tVal, want: 'false 0 0 1' },
    { name: 'or returns the first true or the last argument [exec "or"]', template: '{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}', data: tVal, want: '0 1 true 1' },
    { name: 'or short-circuits [exec "or short-circuit"]', template: '{{or 1 (index .SI 10)}}', data: tVal, want: '1' },
    { name: 'and short-circuits [exec "and short-circuit"]', template: '{{and 0 (index .SI 10)}}', data: tVal, want: '0' },
    {
      name: 'or evaluates until a true argument [exec "or short-circuit2"]', template: '{{or 0 (index .SI 10)}}', data: tVal,
      err: 'template: :1:8: executing "" at <index .SI 10>: error calling index: index out of range: 10',
    },
    { name: 'and with a missing key [exec "and undef"]', template: '{{and 1 .Unknown}}', data: {}, want: '<no value>' },
    { name: 'or with a missing key [exec "or undef"]', template: '{{or 0 .Unknown}}', data: {}, want: '<no value>' },
    { name: 'or as a default value [exec "or as if false"]', template: '{{or .SIEmpty "slice is empty"}}', data: tVal, want: 'slice is empty' },
    { name: 'or keeps a non-empty value [exec "or as if true"]', template: '{{or .SI "slice is empty"}}', data: tVal, want: '[3 4 5]' },
    { name: 'piped value into and [exec "and pipe-false"]', template: '{{0 | and 1}}', data: tVal, want: '0' },
    { name: 'boolean if not [exec "boolean if not"]', template: '{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}', data: tVal, want: 'FALSE' },
    { name: 'boolean if pipe [exec "boolean if pipe"]', template: '{{if true | not | and 1}}TRUE{{else}}FALSE{{end}}', data: tVal, want: 'FALSE' },
    { name: 'not of zero values', template: '{{not 0}} {{not "x"}} {{not .SIEmpty}} {{not .Missing}}', data: {}, want: 'true false true true' },
    {
      name: 'and without arguments [src evalCall]', template: '{{and}}', data: tVal,
      err: 'template: :1:2: executing "" at <and>: wrong number of args for and: want at least 1 got 0',
    },
    {
      name: 'not with two arguments [src evalCall]', template: '{{not 1 2}}', data: tVal,
      err: 'template: :1:2: executing "" at <not>: wrong number of args for not: want 1 got 2',
    },
    { name: 'eq with several arguments [exec cmpTests]', template: '{{eq 3 4 5 6 3}} {{eq 3 4 5 6 7}}', data: tVal, want: 'true false' },
    { name: 'eq on strings and a field [doc]', template: '{{eq .X "a" "x"}} {{eq `xy` `xyz`}}', data: tVal, want: 'true false' },
    { name: 'eq on bools and floats [exec cmpTests]', template: '{{eq true false}} {{eq 1.5 1.5}}', data: tVal, want: 'false true' },
    { name: 'eq of len and a constant (both int)', template: '{{eq (len .SI) 3}}', data: tVal, want: 'true' },
    { name: 'eq of a byte and a char constant [exec cmpTests]', template: "{{eq (index `x` 0) 'x'}} {{eq (index `x` 0) 'y'}}", data: tVal, want: 'true false' },
    { name: 'eq of a missing key is false [src eq]', template: '{{eq .Missing "x"}}', data: {}, want: 'false' },
    { name: 'ne [exec cmpTests]', template: '{{ne 1 2}} {{ne `xy` `xy`}} {{ne 1.5 2.5}}', data: tVal, want: 'true false true' },
    { name: 'lt on ints, floats and strings [exec cmpTests]', template: '{{lt 1 2}} {{lt 1.5 1.5}} {{lt `xy` `xyz`}}', data: tVal, want: 'true false true' },
    { name: 'le [exec cmpTests]', template: '{{le 2 1}} {{le 1.5 2.5}} {{le `xyz` `xy`}}', data: tVal, want: 'false true false' },
    { name: 'gt [exec cmpTests]', template: '{{gt 2 1}} {{gt 1.5 2.5}} {{gt `xy` `xy`}}', data: tVal, want: 'true false false' },
    { name: 'ge [exec cmpTests]', template: '{{ge 1 2}} {{ge 2.5 1.5}} {{ge `xy` `xy`}}', data: tVal, want: 'false true true' },
    { name: 'comparisons of a struct field with constants', template: '{{gt .I 10}} {{lt .I 10}} {{eq .I 17}}', data: tVal, want: 'true false true' },
    { name: 'comparison of JSON numbers with float constants', template: '{{gt .Replicas 0.0}} {{eq .Replicas 3.0}}', data: { Replicas: 3 }, want: 'true true' },
    {
      name: 'eq of an int and a float [exec cmpTests "eq 2 2.0"]', template: '{{eq 2 2.0}}', data: tVal,
      err: 'template: :1:2: executing "" at <eq 2 2.0>: error calling eq: incompatible types for comparison',
    },
    {
      name: 'eq of a string and an int [exec cmpTests "eq `xy` 1"]', template: '{{eq "xy" 1}}', data: tVal,
      err: 'template: :1:2: executing "" at <eq "xy" 1>: error calling eq: incompatible types for comparison',
    },
    {
      name: 'eq of a JSON number and an int constant', template: '{{if eq .Replicas 1}}x{{end}}', data: { Replicas: 1 },
      err: 'template: :1:5: executing "" at <eq .Replicas 1>: error calling eq: incompatible types for comparison',
    },
    {
      name: 'lt of an int and a string [src lt]', template: '{{lt 1 "a"}}', data: tVal,
      err: 'template: :1:2: executing "" at <lt 1 "a">: error calling lt: incompatible types for comparison',
    },
    {
      name: 'lt of bools [exec cmpTests "lt true true"]', template: '{{lt true false}}', data: tVal,
      err: 'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison',
    },
    {
      name: 'gt of a slice [src basicKind]', template: '{{gt .SI 1}}', data: tVal,
      err: 'template: :1:2: executing "" at <gt .SI 1>: error calling gt: invalid type for comparison',
    },
    {
      name: 'eq with one argument [src eq]', template: '{{eq 1}}', data: tVal,
      err: 'template: :1:2: executing "" at <eq 1>: error calling eq: missing argument for comparison',
    },
    {
      name: 'lt with one argument [src evalCall]', template: '{{lt 1}}', data: tVal,
      err: 'template: :1:2: executing "" at <lt>: wrong number of args for lt: want 2 got 1',
    },
  ]);
});

describe('len, index, slice and call', () => {
  table([
    { name: 'len of a string, a slice and a map [exec "slice" / "map"]', template: '{{len "hello"}} {{len .SI}} {{len .MSI}}', data: tVal, want: '5 3 3' },
    { name: 'len counts bytes [src length]', template: '{{len "héllo"}}', data: tVal, want: '6' },
    { name: 'len of a map[string]interface{}', template: '{{len .}}', data: { a: 1, b: 2 }, want: '2' },
    { name: 'len of split', template: '{{len (split "a,b,c" ",")}}', data: tVal, want: '3' },
    {
      name: 'len of an int [exec "len of int"]', template: '{{len 3}}', data: tVal,
      err: 'template: :1:2: executing "" at <len 3>: error calling len: len of type int',
    },
    {
      name: 'len with two arguments [src evalCall]', template: '{{len "a" "b"}}', data: tVal,
      err: 'template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 2',
    },
    {
      name: 'len with an argument and a piped value [src evalCall]', template: '{{"x" | len "y"}}', data: tVal,
      err: 'template: :1:8: executing "" at <len>: wrong number of args for len: want 1 got 2',
    },
    { name: 'index of a slice [exec "slice[0]"]', template: '{{index .SI 0}} {{index .SI 1}}', data: tVal, want: '3 4' },
    { name: 'index of a typed map [exec "map[two]"]', template: '{{index .MSI `two`}}', data: tVal, want: '2' },
    { name: 'index of a typed map, missing key gives the zero value [exec "map[NO]"]', template: '{{index .MSI `XXX`}}', data: tVal, want: '0' },
    { name: 'index with two keys [exec "double index"]', template: '{{index .SMSI 1 `eleven`}}', data: tVal, want: '11' },
    { name: 'index of a string gives a byte', template: '{{index "abc" 1}}', data: tVal, want: '98' },
    { name: 'index of a map key that is not an identifier [doc]', template: '{{index .Labels "com.docker.stack.namespace"}}', data: { Labels: { 'com.docker.stack.namespace': 'web' } }, want: 'web' },
    { name: 'index of a missing map[string]interface{} key', template: '{{index .Labels "nope"}}', data: { Labels: {} }, want: '<no value>' },
    { name: 'with index of a missing key takes else', template: '{{with index .Labels "nope"}}{{.}}{{else}}none{{end}}', data: { Labels: {} }, want: 'none' },
    { name: 'index through nested maps', template: '{{index .M "a" "b"}}', data: { M: { a: { b: 'deep' } } }, want: 'deep' },
    { name: 'index through nested slices', template: '{{index . 1 0}}', data: [['a', 'b'], ['c']], want: 'c' },
    {
      name: 'index out of range [exec "slice[HUGE]"]', template: '{{index .SI 10}}', data: tVal,
      err: 'template: :1:2: executing "" at <index .SI 10>: error calling index: index out of range: 10',
    },
    {
      name: 'index equal to the length [src indexArg, reflect]', template: '{{index .SI 3}}', data: tVal,
      err: 'template: :1:2: executing "" at <index .SI 3>: error calling index: reflect: slice index out of range',
    },
    {
      name: 'negative index [src indexArg]', template: '{{index .SI -1}}', data: tVal,
      err: 'template: :1:2: executing "" at <index .SI -1>: error calling index: index out of range: -1',
    },
    {
      name: 'index a slice with a string [exec "slice[WRONG]"]', template: '{{index .SI "hello"}}', data: tVal,
      err: 'template: :1:2: executing "" at <index .SI "hello">: error calling index: cannot index slice/array with type string',
    },
    {
      name: 'index a map with an int [exec "map[WRONG]"]', template: '{{index .MSI 10}}', data: tVal,
      err: 'template: :1:2: executing "" at <index .MSI 10>: error calling index: value has type int; should be string',
    },
    {
      name: 'index of nil [exec "nil[1]"]', template: '{{index nil 1}}', data: tVal,
      err: 'template: :1:2: executing "" at <index nil 1>: error calling index: index of untyped nil',
    },
    {
      name: 'index of an int [src index]', template: '{{index .I 0}}', data: tVal,
      err: 'template: :1:2: executing "" at <index .I 0>: error calling index: can\'t index item of type int',
    },
    {
      name: 'index error inside nested templates [exec TestExecError]',
      template: 'line 1\nline 2\nline 3\n{{template "one" .}}\n{{define "one"}}{{template "two" .}}{{end}}\n{{define "two"}}{{template "three" .}}{{end}}\n{{define "three"}}{{index "hi" $}}{{end}}',
      data: goInt(5),
      err: 'template: :7:20: executing "three" at <index "hi" $>: error calling index: index out of range: 5',
    },
    { name: 'slice[:] [exec "slice[:]"]', template: '{{slice .SI}}', data: tVal, want: '[3 4 5]' },
    { name: 'slice[1:] [exec "slice[1:]"]', template: '{{slice .SI 1}}', data: tVal, want: '[4 5]' },
    { name: 'slice[1:2] [exec "slice[1:2]"]', template: '{{slice .SI 1 2}}', data: tVal, want: '[4]' },
    { name: '3-index slice [src slice]', template: '{{slice .SI 0 2 3}}', data: tVal, want: '[3 4]' },
    { name: 'slice of a string [exec "string[1:2]"]', template: '{{slice "xyz" 1 2}} {{slice "xyz" 1}} {{slice .S}}', data: tVal, want: 'y yz xyz' },
    { name: 'slice of a []interface{}', template: '{{slice . 1}}', data: ['a', 'b', 'c'], want: '[b c]' },
    {
      name: 'slice[2:1] [exec "slice[2:1]"]', template: '{{slice .SI 2 1}}', data: tVal,
      err: 'template: :1:2: executing "" at <slice .SI 2 1>: error calling slice: invalid slice index: 2 > 1',
    },
    {
      name: 'slice[0:2:1] [src slice]', template: '{{slice .SI 0 2 1}}', data: tVal,
      err: 'template: :1:2: executing "" at <slice .SI 0 2 1>: error calling slice: invalid slice index: 2 > 1',
    },
    {
      name: 'slice out of range [exec "out of range"]', template: '{{slice .SI 4 5}}', data: tVal,
      err: 'template: :1:2: executing "" at <slice .SI 4 5>: error calling slice: index out of range: 4',
    },
    {
      name: '3-index slice of a string [exec "3-index slice of string"]', template: '{{slice "xyz" 1 2 2}}', data: tVal,
      err: 'template: :1:2: executing "" at <slice "xyz" 1 2 2>: error calling slice: cannot 3-index slice a string',
    },
    {
      name: 'slice of an int [src slice]', template: '{{slice .I}}', data: tVal,
      err: 'template: :1:2: executing "" at <slice .I>: error calling slice: can\'t slice item of type int',
    },
    { name: 'call a function field [exec ".BinaryFunc"]', template: '{{call .BinaryFunc `1` `2`}}', data: funcs, want: '[1=2]' },
    {
      name: 'call a non-function [exec TestFunctionCheckDuringCall]', template: '{{call .True}}', data: tVal,
      err: 'template: :1:2: executing "" at <call .True>: error calling call: non-function .True of type bool',
    },
    {
      name: 'call with too few arguments [exec TestFunctionCheckDuringCall]', template: '{{call .BinaryFunc "1"}}', data: funcs,
      err: 'template: :1:2: executing "" at <call .BinaryFunc "1">: error calling call: wrong number of args for .BinaryFunc: got 1 want 2',
    },
    {
      name: 'call of nil [exec TestInterfaceValues]', template: '{{call .Nil 1}}', data: { Nil: null },
      err: 'template: :1:2: executing "" at <call .Nil 1>: error calling call: call of nil',
    },
  ]);
});

describe('print, println, printf and value printing (fmt)', () => {
  table([
    { name: 'print [exec "print"]', template: '{{print "hello, print"}}', data: tVal, want: 'hello, print' },
    { name: 'print adds spaces only between non-strings [fmt Sprint]', template: '{{print "a" 1 2 "b"}}', data: tVal, want: 'a1 2b' },
    { name: 'print of mixed operands [fmt Sprint]', template: '{{print 1 2.5 "x" true}}', data: tVal, want: '1 2.5xtrue' },
    { name: 'print of floats [fmt %v]', template: '{{print 1.5 2.0}}', data: tVal, want: '1.5 2' },
    { name: 'print nil [exec "print nil"]', template: '{{print nil}}', data: tVal, want: '<nil>' },
    { name: 'print without arguments', template: '<{{print}}>', data: tVal, want: '<>' },
    { name: 'println [exec "println"]', template: '{{println 1 2 3}}', data: tVal, want: '1 2 3\n' },
    { name: 'println always adds spaces [fmt Sprintln]', template: '{{println "a" 1 "b"}}', data: tVal, want: 'a 1 b\n' },
    { name: 'println without arguments', template: 'a{{println}}b', data: tVal, want: 'a\nb' },
    { name: 'println in range, as in the docker docs', template: '{{range .Networks}}{{println .IPAddress}}{{end}}', data: { Networks: { custom: { IPAddress: '10.0.0.5' }, bridge: { IPAddress: '172.17.0.2' } } }, want: '172.17.0.2\n10.0.0.5\n' },
    { name: '%s %v %d', template: '{{printf "%s %v %d" "a" "b" 42}}', data: tVal, want: 'a b 42' },
    { name: '%q [fmt]', template: '{{printf "%q" .}}', data: 'say "hi"', want: '"say \\"hi\\""' },
    { name: '%x of an int and a string [fmt]', template: '{{printf "%x %x %X" 255 "hi" 255}}', data: tVal, want: 'ff 6869 FF' },
    { name: '%5.2f [fmt]', template: '{{printf "%5.2f" 3.14159}}', data: tVal, want: ' 3.14' },
    { name: '%-10s|%5.2f [fmt]', template: '{{printf "%-10s|%5.2f" "ab" 2.5}}', data: tVal, want: 'ab        | 2.50' },
    { name: '%t [fmt]', template: '{{printf "%t %t" true false}}', data: tVal, want: 'true false' },
    { name: '%% [fmt]', template: '{{printf "100%%"}}', data: tVal, want: '100%' },
    { name: '%04x [exec "printf int"]', template: '{{printf "%04x" 127}}', data: tVal, want: '007f' },
    { name: '%05d, %+d, % d [fmt]', template: '{{printf "%05d|%+d|% d" 42 5 5}}', data: tVal, want: '00042|+5| 5' },
    { name: 'widths and left alignment on ints [fmt]', template: '{{printf "%5d|%-5d|" 42 42}}', data: tVal, want: '   42|42   |' },
    { name: '%o %b %#x %#o [fmt]', template: '{{printf "%o %b %#x %#o" 8 5 255 8}}', data: tVal, want: '10 101 0xff 010' },
    { name: '%x of a negative int [fmt]', template: '{{printf "%x" -255}}', data: tVal, want: '-ff' },
    { name: '%c and %U [fmt]', template: '{{printf "%c %U" 65 0x1F600}}', data: tVal, want: 'A U+1F600' },
    { name: '%q of an int is a quoted char [fmt]', template: "{{printf \"%q %q\" 65 'x'}}", data: tVal, want: "'A' 'x'" },
    { name: '%e and %.2e [fmt]', template: '{{printf "%e %.2e" 1234.5678 0.000123}}', data: tVal, want: '1.234568e+03 1.23e-04' },
    { name: '%g [exec "printf float"]', template: '{{printf "%g %g" 3.5 1e21}}', data: tVal, want: '3.5 1e+21' },
    { name: '%.Nf rounds half to even [strconv]', template: '{{printf "%.0f %.1f %.0f" 2.5 0.25 3.5}}', data: tVal, want: '2 0.2 4' },
    { name: '%08.3f of a negative float [fmt]', template: '{{printf "%08.3f" -3.14159}}', data: tVal, want: '-003.142' },
    { name: '%.3s truncates [fmt]', template: '{{printf "%.3s|%6s|%-6s|" "abcdef" "foo" "bar"}}', data: tVal, want: 'abc|   foo|bar   |' },
    { name: 'explicit argument indexes [fmt]', template: '{{printf "%[2]s %[1]s" "a" "b"}}', data: tVal, want: 'b a' },
    { name: 'width from an argument [fmt]', template: '{{printf "%*d|%-*d|" 5 42 4 7}}', data: tVal, want: '   42|7   |' },
    { name: '%v of a slice and %q of a []string [fmt]', template: '{{printf "%v %q" . .}}', data: strs('a', 'b'), want: '[a b] ["a" "b"]' },
    { name: '%d applies to slice elements [fmt]', template: '{{printf "%d" .SI}}', data: tVal, want: '[3 4 5]' },
    { name: '%v of a map sorts keys [fmt]', template: '{{printf "%v" .}}', data: { b: 2, a: 1 }, want: 'map[a:1 b:2]' },
    { name: '%T of constants [exec "ideal int" / "ideal float"]', template: '{{printf "%T %T %T %T %T" 3 1.0 1e1 1i "s"}}', data: tVal, want: 'int float64 float64 complex128 string' },
    { name: '%T of hex and char constants [exec "bug12xe"]', template: "{{printf \"%T %T\" 0xef 'a'}}", data: tVal, want: 'int int' },
    { name: '%T of JSON-like data', template: '{{printf "%T %T %T" .n .l .m}}', data: { n: 1, l: [], m: {} }, want: 'float64 []interface {} map[string]interface {}' },
    { name: '%v and %+v of a struct value [fmt]', template: '{{printf "%v %+v" . .}}', data: typed('main.P', { a: goInt(7), b: 'seven' }), want: '{7 seven} {a:7 b:seven}' },
    { name: '%v of a pointer to a struct [fmt]', template: '{{printf "%v" .U}}', data: tVal, want: '&{v}' },
    { name: 'bad verb for a string [fmt]', template: '{{printf "%d" "x"}}', data: tVal, want: '%!d(string=x)' },
    { name: 'bad verb for an int [fmt]', template: '{{printf "%s|%t" 5 1}}', data: tVal, want: '%!s(int=5)|%!t(int=1)' },
    { name: '%d of a float64 [fmt]', template: '{{printf "%d %d" 3.0 .n}}', data: { n: 3 }, want: '%!d(float64=3) %!d(float64=3)' },
    { name: '%s of a []interface{} applies to each element [fmt]', template: '{{printf "%s" .}}', data: ['a', 1], want: '[a %!s(float64=1)]' },
    { name: 'missing argument [fmt]', template: '{{printf "%s %s" "a"}}', data: tVal, want: 'a %!s(MISSING)' },
    { name: 'extra arguments [fmt]', template: '{{printf "%d" 1 2 "x"}}', data: tVal, want: '1%!(EXTRA int=2, string=x)' },
    { name: 'no verb [fmt]', template: '{{printf "50%"}}', data: tVal, want: '50%!(NOVERB)' },
    { name: 'bad argument index [fmt]', template: '{{printf "%[3]d" 1 2}}', data: tVal, want: '%!d(BADINDEX)' },
    { name: 'nil with %v, %s and %d [fmt]', template: '{{printf "%v|%s|%d" nil nil nil}}', data: tVal, want: '<nil>|%!s(<nil>)|%!d(<nil>)' },
    { name: 'a missing key is <no value> as an action but nil as an argument [src validateType]', template: '{{.Missing}} {{printf "%v" .Missing}}', data: {}, want: '<no value> <nil>' },
    { name: 'printf with only a piped format [exec "bug16k"]', template: '{{"aaa"|printf}}', data: tVal, want: 'aaa' },
    { name: 'printf with a dot argument [exec "printf dot"]', template: '{{with .I}}{{printf "%d" .}}{{end}}', data: tVal, want: '17' },
    {
      name: 'printf without a format [src evalCall]', template: '{{printf}}', data: tVal,
      err: 'template: :1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0',
    },
    {
      name: 'printf with a non-string piped format [exec "bug16b"]', template: '{{1|printf}}', data: tVal,
      err: 'template: :1:4: executing "" at <printf>: wrong type for value; expected string; got int',
    },
    { name: 'map[string]interface{} prints with sorted keys [fmt]', template: '{{.Labels}}', data: { Labels: { b: '2', a: '1' } }, want: 'map[a:1 b:2]' },
    { name: '[]interface{} prints space-separated [fmt]', template: '{{.Names}}', data: { Names: ['a', 'b'] }, want: '[a b]' },
    { name: 'nested maps and slices [fmt]', template: '{{.}}', data: { list: ['x', 1], m: { k: true } }, want: 'map[list:[x 1] m:map[k:true]]' },
    { name: 'nil inside a slice and a map [fmt]', template: '{{.l}} {{.m}}', data: { l: ['a', null], m: { a: null } }, want: '[a <nil>] map[a:<nil>]' },
    { name: 'empty slice and empty map [fmt]', template: '{{.l}} {{.m}}', data: { l: [], m: {} }, want: '[] map[]' },
    { name: 'split result with one empty string prints [] [fmt]', template: '{{split "" ","}} {{len (split "" ",")}}', data: tVal, want: '[] 1' },
    { name: 'float64 data uses %g formatting [strconv]', template: '{{.}}', data: [1e6, 100000, 123456789, 0.000001, 0.0001, -0.5], want: '[1e+06 100000 1.23456789e+08 1e-06 0.0001 -0.5]' },
    { name: 'NaN and infinities [fmt]', template: '{{.}}', data: [NaN, Infinity, -Infinity], want: '[NaN +Inf -Inf]' },
    { name: 'shortest float representation [strconv]', template: '{{.}}', data: 0.1 + 0.2, want: '0.30000000000000004' },
    { name: 'large ints print in full', template: '{{.}}', data: goInt('9007199254740993'), want: '9007199254740993' },
    { name: 'html [exec "html"]', template: '{{html "<script>alert(\\"XSS\\");</script>"}}', data: tVal, want: '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;' },
    { name: 'html of a nil pointer and a nil interface [exec "html typed nil"]', template: '{{html .NIL}} {{html .Empty0}}', data: tVal, want: '&lt;nil&gt; &lt;no value&gt;' },
    { name: 'js [exec TestJSEscaping]', template: '{{js .}}', data: 'a\'b"c<d>', want: 'a\\\'b\\"c\\u003Cd\\u003E' },
    { name: 'urlquery [exec "urlquery"]', template: '{{"http://www.example.org/"|urlquery}} {{urlquery "a b&c"}}', data: tVal, want: 'http%3A%2F%2Fwww.example.org%2F a+b%26c' },
  ]);
});

describe('lexical structure: trim markers, comments, literals', () => {
  table([
    { name: 'trim markers [doc "{{23 -}} < {{- 45}}"]', template: '{{23 -}} < {{- 45}}', data: tVal, want: '23<45' },
    { name: 'trim left [parse "trim left"]', template: 'x \r\n\t{{- 3}}', data: tVal, want: 'x3' },
    { name: 'trim right [parse "trim right"]', template: '{{3 -}}\n\n\ty', data: tVal, want: '3y' },
    { name: 'trim with extra spaces [parse "trim with extra spaces"]', template: 'x\n{{-  3   -}}\ny', data: tVal, want: 'x3y' },
    { name: 'trim around a field', template: 'a  \n\t{{- .X -}}\n  b', data: tVal, want: 'axb' },
    { name: '{{-3}} is the number -3, not a trim marker [doc]', template: 'a {{-3}}', data: tVal, want: 'a -3' },
    { name: 'comment [doc]', template: 'a{{/* a comment */}}b', data: tVal, want: 'ab' },
    { name: 'multi-line comment [parse "comment"]', template: 'a{{/*\n\n\n*/}}b', data: tVal, want: 'ab' },
    { name: 'comment with trim markers [doc]', template: 'a  {{- /* a comment with white space trimmed */ -}}  b', data: tVal, want: 'ab' },
    { name: 'comment trim left [parse "comment trim left"]', template: 'x \r\n\t{{- /* hi */}}', data: tVal, want: 'x' },
    { name: 'comment trim right [parse "comment trim right"]', template: '{{/* hi */ -}}\n\n\ty', data: tVal, want: 'y' },
    { name: 'raw string keeps backslashes [doc]', template: '{{`a\\nb`}}', data: tVal, want: 'a\\nb' },
    { name: 'raw string with quotes [doc]', template: '{{`"output"`}}', data: tVal, want: '"output"' },
    { name: 'raw string may span lines [doc]', template: '{{`line1\nline2`}}', data: tVal, want: 'line1\nline2' },
    { name: 'interpreted string escapes [doc]', template: '{{"a\\tb\\u00e9\\x41"}}', data: tVal, want: 'a\tbéA' },
    { name: 'escaped quotes [doc]', template: '{{"\\"output\\""}}', data: tVal, want: '"output"' },
    { name: 'character constants are ints [parse numberTests]', template: "{{'a'}} {{'\\n'}} {{'パ'}} {{'\\u30d1'}}", data: tVal, want: '97 10 12497 12497' },
    { name: '%c of a character constant', template: "{{printf \"%c\" 'x'}}", data: tVal, want: 'x' },
    { name: 'decimal, binary, octal, hex with underscores [exec Numbers]', template: '{{print 12_34}} {{print 0b101}} {{print 0377}} {{print 0o377}} {{print 0x1_23}}', data: tVal, want: '1234 5 255 255 291' },
    { name: 'floats and hex floats [exec Numbers]', template: '{{print 123.4}} {{print +0x1.ep+2}} {{print 1_2_3_4 7.5_00_00_00}}', data: tVal, want: '123.4 7.5 1234 7.5' },
    { name: 'exponent constants are floats [src idealConstant]', template: '{{1e3}} {{printf "%T" 1e3}}', data: tVal, want: '1000 float64' },
    { name: 'complex constants [exec "printf complex"]', template: '{{printf "%g" 1+7i}} {{1.5i}}', data: tVal, want: '(1+7i) (0+1.5i)' },
    { name: 'booleans', template: '{{true}} {{false}}', data: tVal, want: 'true false' },
    {
      name: 'int constant too big [exec "ideal too big"]', template: '{{print 0x8000000000000000}}', data: tVal,
      err: 'template: :1:8: executing "" at <0x8000000000000000>: 0x8000000000000000 overflows int',
    },
  ]);
});

describe('define, template and block', () => {
  table([
    { name: 'define and template [doc]', template: '{{define "T1"}}ONE{{end}}{{define "T2"}}TWO{{end}}{{define "T3"}}{{template "T1"}} {{template "T2"}}{{end}}{{template "T3"}}', data: tVal, want: 'ONE TWO' },
    { name: 'template with a dot argument', template: '{{define "row"}}[{{.}}]{{end}}{{range .SI}}{{template "row" .}}{{end}}', data: tVal, want: '[3][4][5]' },
    { name: 'template without an argument gets nil dot [doc]', template: '{{define "x"}}<{{.}}>{{end}}{{template "x"}}', data: 'hi', want: '<<no value>>' },
    { name: '$ in a template is its own dot [doc]', template: '{{define "t"}}{{$.V}}{{end}}{{template "t" .U}}', data: tVal, want: 'v' },
    { name: 'block defines and runs [exec TestBlock]', template: 'a({{block "inner" .}}bar({{.}})baz{{end}})b', data: 'hello', want: 'a(bar(hello)baz)b' },
    { name: 'an empty definition does not replace a non-empty one [parse add]', template: '{{define "a"}}A{{end}}{{define "a"}}{{end}}{{template "a"}}', data: tVal, want: 'A' },
    { name: 'defines around text print only the text', template: '{{define "x"}}X{{end}}text', data: tVal, want: 'text' },
    {
      name: 'undefined template [src walkTemplate]', template: '{{template "nope"}}', data: tVal,
      err: 'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined',
    },
    {
      name: 'error inside a defined template names it', template: '{{define "row"}}{{.Foo}}{{end}}{{template "row" .}}', data: row,
      err: 'template: :1:18: executing "row" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext',
    },
    { name: 'multiple definition [parse "multidefine"]', template: '{{define "a"}}a{{end}}{{define "a"}}b{{end}}', data: tVal, err: 'template: :1: template: multiple definition of template "a"' },
    { name: 'templates do not see the caller\'s variables [doc]', template: '{{$x := 1}}{{define "t"}}{{$x}}{{end}}', data: tVal, err: 'template: :1: undefined variable "$x"' },
    { name: 'template name must be a string [parse "template with field ref"]', template: '{{template .X}}', data: tVal, err: 'template: :1: unexpected ".X" in template clause' },
    { name: 'block needs a pipeline [parse "block definition"]', template: '{{block "foo"}}hello{{end}}', data: tVal, err: 'template: :1: missing value for block clause' },
  ]);
});

describe('parse errors', () => {
  table([
    { name: 'unclosed action', template: '{{.ID', err: 'template: :1: unclosed action' },
    { name: 'unclosed action on line 2 [parse "unclosed1"]', template: 'line1\n{{', err: 'template: :2: unclosed action' },
    { name: 'unclosed multi-line action [parse "unclosed4"]', template: '{{\n\n\n\n\n', err: 'template: :6: unclosed action started at :1' },
    { name: 'unclosed action with strings [parse "unclosed3"]', template: 'line1\n{{"x"\n"y"\n', err: 'template: :4: unclosed action started at :2' },
    { name: 'undefined function [parse "undefined function"]', template: 'hello{{undefined}}', err: 'template: :1: function "undefined" not defined' },
    { name: 'undefined function on line 3 [parse "var1"]', template: 'line1\n{{\nx\n}}', err: 'template: :3: function "x" not defined' },
    { name: 'docker functions are not builtins', template: '{{json .}}{{nope .}}', err: 'template: :1: function "nope" not defined' },
    { name: 'undefined variable [parse "undefined variable"]', template: '{{$x}}', err: 'template: :1: undefined variable "$x"' },
    { name: 'variable undefined after end [parse "variable undefined after end"]', template: '{{with $x := 4}}{{end}}{{$x}}', err: 'template: :1: undefined variable "$x"' },
    { name: 'variable declared inside if ends with it [doc]', template: '{{if true}}{{$x := 1}}{{end}}{{$x}}', err: 'template: :1: undefined variable "$x"' },
    { name: 'range variable ends with the range', template: '{{range $x := .SI}}{{end}}{{$x}}', err: 'template: :1: undefined variable "$x"' },
    { name: 'unmatched end [parse "unmatched end"]', template: '{{end}}', err: 'template: :1: unexpected {{end}}' },
    { name: 'unmatched else [parse "unmatched else"]', template: '{{else}}', err: 'template: :1: unexpected {{else}}' },
    { name: 'multiple else [parse "multiple else"]', template: '{{if .X}}1{{else}}2{{else}}3{{end}}', err: 'template: :1: expected end; found {{else}}' },
    { name: 'missing end [parse "missing end"]', template: 'hello{{range .x}}', err: 'template: :1: unexpected EOF' },
    { name: 'empty action [parse "emptyAction"]', template: '{{}}', err: 'template: :1: missing value for command' },
    { name: 'if without a pipeline', template: '{{if}}x{{end}}', err: 'template: :1: missing value for if' },
    { name: 'unclosed comment [parse "comment1"]', template: '{{/*}}', err: 'template: :1: unclosed comment' },
    { name: 'comment followed by more text [lex]', template: '{{/* c */ .X}}', err: 'template: :1: comment ends before closing delimiter' },
    { name: 'unclosed left paren [parse "lparen"]', template: '{{.X (1 2 3}}', err: 'template: :1: unclosed left paren' },
    { name: 'unterminated character constant [parse "charconst"]', template: "{{'a}}", err: 'template: :1: unterminated character constant' },
    { name: 'unterminated quoted string [parse "stringconst"]', template: '{{"a}}', err: 'template: :1: unterminated quoted string' },
    { name: 'unterminated raw string [parse "rawstringconst"]', template: '{{`a}}', err: 'template: :1: unterminated raw quoted string' },
    { name: 'unterminated raw string reports its first line [exec TestUnterminatedStringError]', template: 'hello\n\n{{`unterminated\n\n\n\n}}\n some more\n\n', err: 'template: :3: unterminated raw quoted string' },
    { name: 'bad number [parse "number"]', template: '{{0xi}}', err: 'template: :1: illegal number syntax: "0xi"' },
    { name: 'bad character [parse "idchar"]', template: '{{a#}}', err: 'template: :1: bad character U+0023 \'#\'' },
    { name: 'comma between arguments [parse "invalid punctuation"]', template: '{{printf 3, 4}}', err: 'template: :1: unexpected "," in operand' },
    { name: 'unexpected } [lex]', template: '{{.ID }', err: 'template: :1: unexpected "}" in operand' },
    { name: 'field after a literal [parse "wrongdot"]', template: '{{true.any}}', err: 'template: :1: unexpected . after term "true"' },
    { name: 'literal as a pipeline stage [parse "wrongpipeline"]', template: '{{12|false}}', err: 'template: :1: non executable command in pipeline stage 2' },
    { name: 'number as pipeline stage 2 [parse "wrong pipeline number"]', template: '{{.|12|printf}}', err: 'template: :1: non executable command in pipeline stage 2' },
    { name: 'empty parenthesized pipeline [parse "emptypipeline"]', template: '{{ ( ) }}', err: 'template: :1: missing value for parenthesized pipeline' },
    { name: 'declaring a field [parse "variable"]', template: '{{$x := 23}}{{with $x.y := 3}}{{$x 23}}{{end}}', err: 'template: :1: unexpected ":=" in operand' },
    { name: 'two declarations outside range [parse "multidecl"]', template: '{{$a,$b,$c := 23}}', err: 'template: :1: too many declarations in command' },
    { name: 'range initializes a non-variable [parse "rangenotvariable1"]', template: '{{range $k, .}}{{end}}', err: 'template: :1: range can only initialize variables' },
    { name: 'range without a value [parse "rangemissingvalue1"]', template: '{{range $k,}}{{end}}', err: 'template: :1: missing value for range' },
    { name: 'break outside range [parse "break outside range"]', template: '{{range .}}{{end}} {{break}}', err: 'template: :1: {{break}} outside {{range}}' },
    { name: 'continue in range else [parse "continue in range else"]', template: '{{range .}}{{else}}{{continue}}{{end}}', err: 'template: :1: {{continue}} outside {{range}}' },
  ]);
});

describe("docker's functions (templates.go)", () => {
  table([
    { name: 'json of a string keeps <, > and & [docker TestParseJSONFunctions]', template: '{{json .Ports}}', data: typed('map[string]string', { Ports: '0.0.0.0:2->8/udp' }), want: '"0.0.0.0:2->8/udp"' },
    { name: 'json does not HTML-escape [reference §7.3]', template: '{{json .}}', data: 'a<b>&c', want: '"a<b>&c"' },
    { name: 'json string escapes [json]', template: '{{json .}}', data: 'q"b\\s\nt\te\u0001\u2028', want: '"q\\"b\\\\s\\nt\\te\\u0001\\u2028"' },
    { name: 'json numbers [json]', template: '{{json .}}', data: [1000000, 123456789, 0.000001, 1e-7, 1e21, 1.5, -0], want: '[1000000,123456789,0.000001,1e-7,1e+21,1.5,-0]' },
    { name: 'json of an int, a bool and nil', template: '{{json .I}} {{json .True}} {{json .Missing}}', data: typed('*main.T', { I: goInt(42), True: true, Missing: null }), want: '42 true null' },
    { name: 'json of nil data [json Marshal(nil)]', template: '{{json .}}', data: undefined, want: 'null' },
    { name: 'json of a missing key', template: '{{json .Missing}}', data: {}, want: 'null' },
    { name: 'json of a slice and an empty map', template: '{{json .L}} {{json .M}}', data: { L: ['a', 'b'], M: {} }, want: '["a","b"] {}' },
    { name: 'json of a typed map sorts its keys [json]', template: '{{json .}}', data: typed('map[string]int', { b: goInt(2), a: goInt(1), c: goInt(3) }), want: '{"a":1,"b":2,"c":3}' },
    {
      name: 'json of nested structs keeps field order [json]', template: '{{json .}}',
      data: typed('*swarm.Spec', { Name: 'web', Labels: typed('map[string]string', { z: '1', a: '2' }), Ports: ints(80, 443) }),
      want: '{"Name":"web","Labels":{"a":"2","z":"1"},"Ports":[80,443]}',
    },
    { name: 'json skips unexported struct fields [json]', template: '{{json .}}', data: typed('*main.T', { Name: 'a', hidden: 'x' }), want: '{"Name":"a"}' },
    { name: 'json of NaN fails and prints nothing [docker json]', template: '<{{json .}}>', data: NaN, want: '<>' },
    { name: 'split [strings.Split]', template: '{{split "a,b,c" ","}}', data: tVal, want: '[a b c]' },
    { name: 'split of an image reference [docker docs]', template: '{{split .Image ":"}}', data: { Image: 'ubuntu:latest' }, want: '[ubuntu latest]' },
    { name: 'split with an empty separator splits into characters [strings.Split]', template: '{{split "abc" ""}}', data: tVal, want: '[a b c]' },
    { name: 'index of split', template: '{{index (split "nginx:1.25" ":") 1}}', data: tVal, want: '1.25' },
    { name: 'join of split [docker TestParseStringFunctions]', template: '{{join (split . ":") "/"}}', data: 'text:with:colon', want: 'text/with/colon' },
    { name: 'join of a []string [docker docs]', template: '{{join .Args " , "}}', data: typed('*container.Config', { Args: strs('arg1', 'arg2') }), want: 'arg1 , arg2' },
    {
      name: 'join of a string [src evalArg]', template: '{{join "a" ","}}', data: tVal,
      err: 'template: :1:7: executing "" at <"a">: can\'t handle "a" for arg of type []string',
    },
    { name: 'lower [docker docs]', template: '{{lower .Name}}', data: { Name: '/My_Container' }, want: '/my_container' },
    { name: 'upper', template: '{{upper "Gopher"}}', data: tVal, want: 'GOPHER' },
    { name: 'title capitalizes words [strings.Title]', template: '{{title "her royal highness"}}', data: tVal, want: 'Her Royal Highness' },
    { name: 'title: punctuation separates words, underscores do not [strings.Title]', template: '{{title "hello-world foo_bar"}}', data: tVal, want: 'Hello-World Foo_bar' },
    { name: 'title does not lower-case [strings.Title]', template: '{{title "ALL caps"}}', data: tVal, want: 'ALL Caps' },
    { name: 'truncate [docker TestParseTruncateFunction]', template: '{{truncate . 5}}', data: 'tupx5xzf6hvsrhnruz5cr8gwp', want: 'tupx5' },
    { name: 'truncate to the full length [docker TestParseTruncateFunction]', template: '{{truncate . 25}}', data: 'tupx5xzf6hvsrhnruz5cr8gwp', want: 'tupx5xzf6hvsrhnruz5cr8gwp' },
    { name: 'truncate beyond the length [docker TestParseTruncateFunction]', template: '{{truncate . 30}}', data: 'tupx5xzf6hvsrhnruz5cr8gwp', want: 'tupx5xzf6hvsrhnruz5cr8gwp' },
    { name: 'truncate of an empty string [docker TestParseTruncateFunction]', template: '{{truncate . 5}}', data: '', want: '' },
    {
      name: 'truncate of nil data fails [docker TestParseTruncateFunction]', template: '{{truncate . 5}}', data: undefined,
      err: 'template: :1:11: executing "" at <.>: invalid value; expected string',
    },
    {
      name: 'truncate needs an int [src evalInteger]', template: '{{truncate "abc" "x"}}', data: tVal,
      err: 'template: :1:17: executing "" at <"x">: expected integer; found "x"',
    },
    { name: 'pad [docker TestParseTruncateFunction]', template: '{{pad . 3 3}}', data: 'tupx5xzf6hvsrhnruz5cr8gwp', want: '   tupx5xzf6hvsrhnruz5cr8gwp   ' },
    { name: 'pad of an empty string [docker padWithSpace]', template: '[{{pad . 3 3}}]', data: '', want: '[]' },
    {
      name: 'upper of a missing key [src validateType]', template: '{{upper .Missing}}', data: {},
      err: 'template: :1:8: executing "" at <.Missing>: invalid value; expected string',
    },
    {
      name: 'upper of a JSON number [src validateType]', template: '{{upper .N}}', data: { N: 1 },
      err: 'template: :1:8: executing "" at <.N>: wrong type for value; expected string; got float64',
    },
    {
      name: 'upper of an int constant [src evalString]', template: '{{upper 3}}', data: tVal,
      err: 'template: :1:8: executing "" at <3>: expected string; found 3',
    },
    {
      name: 'upper without an argument [src evalCall]', template: '{{upper}}', data: tVal,
      err: 'template: :1:2: executing "" at <upper>: wrong number of args for upper: want 1 got 0',
    },
  ]);
});

describe("docker's header functions (templates.go HeaderFunctions, reference §1.1, §7.3)", () => {
  table([
    { name: 'json is the identity [docker TestHeaderFunctions]', template: '{{ json .}}', data: 'hello world', want: 'hello world' },
    { name: 'split is the identity [docker TestHeaderFunctions]', template: '{{ split . ","}}', data: 'hello world', want: 'hello world' },
    { name: 'join is the identity [docker TestHeaderFunctions]', template: '{{ join . ","}}', data: 'hello world', want: 'hello world' },
    { name: 'title is the identity [docker TestHeaderFunctions]', template: '{{ title .}}', data: 'hello world', want: 'hello world' },
    { name: 'lower is the identity [docker TestHeaderFunctions]', template: '{{ lower .}}', data: 'hello world', want: 'hello world' },
    { name: 'upper is the identity [docker TestHeaderFunctions]', template: '{{ upper .}}', data: 'hello world', want: 'hello world' },
    { name: 'truncate is the identity [docker TestHeaderFunctions]', template: '{{ truncate . 2}}', data: 'hello world', want: 'hello world' },
    { name: 'pad is not replaced [reference §7.3]', template: '{{pad . 1 1}}', data: 'hello world', want: ' hello world ' },
    {
      name: 'a table header row [reference §1.1]', template: '{{.ID}}\t{{lower .Name}}\t{{join .Names ","}}\t{{truncate .Image 3}}',
      data: typed('map[string]string', { ID: 'CONTAINER ID', Name: 'NAME', Names: 'NAMES', Image: 'IMAGE' }), want: 'CONTAINER ID\tNAME\tNAMES\tIMAGE',
    },
    { name: 'a field missing from the header map [reference §1.1]', template: '{{.Name}}\t{{.Foo}}', data: typed('map[string]string', { Name: 'NAME' }), want: 'NAME\t<no value>' },
  ], headerFuncs);
});
