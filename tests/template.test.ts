// Go text/template as docker's --format uses it. Every expected string comes from Go's
// documentation or test suite (text/template doc.go, exec_test.go, parse_test.go, fmt and
// strings package docs), docker/cli's templates.go, or /work/shared/reference/
// docker-cli-output.md (§1.1, §5.2, §7) — cited next to each case.
import { describe, expect, it } from '@jest/globals';
import {
  GO_TYPE, TemplateError, dockerFuncs, execute, goFunc, goInt, headerFuncs, parse,
} from '../src/format/template';

const run = (text: string, data: unknown = {}, funcs?: Record<string, Function>) =>
  execute(parse(text), data, funcs);
const plain = (text: string, data: unknown = {}) => execute(parse(text, {}), data);
const parseError = (text: string) => {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as Error).message;
  }
  throw new Error('no parse error');
};
const execError = (text: string, data: unknown = {}, funcs?: Record<string, Function>) => {
  const t = parse(text);
  try {
    execute(t, data, funcs);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as Error).message;
  }
  throw new Error('no exec error');
};
const struct = <T extends object>(type: string, fields: T) => Object.assign(fields, { [GO_TYPE]: type });

// The fixture of Go's exec_test.go (the parts used here), in this package's data model.
const tVal = struct('*template.T', {
  True: true,
  I: goInt(17),
  X: 'x',
  S: 'xyz',
  U: struct('*template.U', { V: 'v' }),
  MSI: struct('map[string]int', { one: goInt(1), two: goInt(2), three: goInt(3) }),
  MSIone: struct('map[string]int', { one: goInt(1) }),
  MSIEmpty: struct('map[string]int', {}),
  SI: [goInt(3), goInt(4), goInt(5)],
  SIEmpty: [] as bigint[],
  Empty0: undefined as unknown, // an interface{} field holding nil
  Method0: () => 'M0',
});

describe('fields, maps and the data model', () => {
  it('reads struct fields and chained fields (exec_test "field", ".U.V")', () => {
    expect(run('{{.X}}', tVal)).toBe('x');
    expect(run('{{.U.V}}', tVal)).toBe('v');
  });

  it('reads map keys; a missing key prints <no value> (exec_test "map .one", "map .NO")', () => {
    expect(run('{{.MSI.one}}', tVal)).toBe('1');
    expect(run('{{.MSI.NO}}', tVal)).toBe('<no value>');
    expect(run('{{.Spec.Mode.Replicated.Replicas}}', { Spec: { Mode: { Replicated: { Replicas: 1 } } } })).toBe('1');
  });

  it('prints a nil interface field as <no value> (exec_test "empty nil")', () => {
    expect(run('{{.Empty0}}', tVal)).toBe('<no value>');
  });

  it('calls methods, with arguments (docker .Label "key", reference §7.2)', () => {
    const row = struct('*formatter.ContainerContext', {
      Label: (k: string) => ({ 'com.example.vendor': 'ACME' } as Record<string, string>)[k] ?? '',
    });
    expect(run('{{.Label "com.example.vendor"}}', row)).toBe('ACME');
    expect(run('{{.Method0}}', tVal)).toBe('M0');
  });

  it('reports a missing struct field with its position (reference §5.2)', () => {
    const row = struct('*formatter.ContainerContext', { ID: '7e53a7d90599' });
    expect(execError('{{.Foo}}', row)).toBe(
      'template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext');
    expect(execError('{{.ID}}\n{{.Foo}}', row)).toBe(
      'template: :2:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext');
  });

  it('rejects arguments to a map key (exec_test "map .WRONG args")', () => {
    // parse.go's operand() gives a chained field the position of its second element.
    expect(execError('{{.MSI.one 1}}', tVal)).toBe(
      'template: :1:6: executing "" at <.MSI.one>: one is not a method but has arguments');
  });

  it('prints JSON-decoded numbers as float64 does (fmt %v uses %g: 1e+06, 1e+10)', () => {
    expect(run('{{.}}', 10000000000)).toBe('1e+10');
    expect(run('{{.}}', 1000000)).toBe('1e+06');
    expect(run('{{.}}', 0.5)).toBe('0.5');
    expect(run('{{.}}', goInt(10000000000))).toBe('10000000000');
  });
});

describe('parse errors (parse_test.go errorTests, reference §5.2)', () => {
  it('unclosed action', () => {
    expect(parseError('{{.ID')).toBe('template: :1: unclosed action');
    expect(parseError('line1\n{{')).toBe('template: :2: unclosed action');
    expect(parseError('{{\n\n\n\n\n')).toBe('template: :6: unclosed action started at :1');
  });

  it('undefined function and variable', () => {
    expect(parseError('{{foo}}')).toBe('template: :1: function "foo" not defined');
    expect(parseError('line1\n{{\nx\n}}')).toBe('template: :3: function "x" not defined');
    expect(parseError('{{$a}}')).toBe('template: :1: undefined variable "$a"');
    expect(parseError('{{with $x := 4}}{{end}}{{$x}}')).toBe('template: :1: undefined variable "$x"');
  });

  it('unexpected tokens', () => {
    expect(parseError('{{.ID }')).toBe('template: :1: unexpected "}" in operand');
    expect(parseError('{{`x`3}}')).toContain('in operand');
    expect(parseError('{{a#}}')).toContain("'#'");
    expect(parseError('{{end}}')).toBe('template: :1: unexpected {{end}}');
    expect(parseError('{{range .X}}')).toBe('template: :1: unexpected EOF');
  });

  it('literals, comments, pipelines and declarations', () => {
    expect(parseError('{{/*}}')).toBe('template: :1: unclosed comment');
    expect(parseError("{{'a}}")).toContain('unterminated character constant');
    expect(parseError('{{"a}}')).toContain('unterminated quoted string');
    expect(parseError('{{`a}}')).toContain('unterminated raw quoted string');
    expect(parseError('{{0xi}}')).toContain('number syntax');
    expect(parseError('{{true.any}}')).toContain('unexpected . after term');
    expect(parseError('{{12|false}}')).toContain('non executable command in pipeline');
    expect(parseError('{{ ( ) }}')).toContain('missing value for parenthesized pipeline');
    expect(parseError('{{$a,$b,$c := 23}}')).toContain('too many declarations');
    expect(parseError('{{range $k, .}}{{end}}')).toContain('range can only initialize variables');
    expect(parseError('{{range $k,}}{{end}}')).toContain('missing value for range');
    expect(parseError('{{define `a`}}a{{end}}{{define `a`}}b{{end}}')).toContain('multiple definition of template');
    expect(parseError('{{.X (1 2 3}}')).toContain('unclosed left paren');
  });

  it('break and continue only inside range (doc.go)', () => {
    expect(parseError('{{break}}')).toBe('template: :1: {{break}} outside {{range}}');
    expect(parseError('{{continue}}')).toBe('template: :1: {{continue}} outside {{range}}');
  });
});

describe('pipelines and variables (text/template doc.go examples)', () => {
  it('every documented way to print "output" quoted', () => {
    const all = [
      '{{"\\"output\\""}}',
      '{{`"output"`}}',
      '{{printf "%q" "output"}}',
      '{{"output" | printf "%q"}}',
      '{{printf "%q" (print "out" "put")}}',
      '{{"put" | printf "%s%s" "out" | printf "%q"}}',
      '{{"output" | printf "%s" | printf "%q"}}',
      '{{with "output"}}{{printf "%q" .}}{{end}}',
      '{{with $x := "output" | printf "%q"}}{{$x}}{{end}}',
      '{{with $x := "output"}}{{printf "%q" $x}}{{end}}',
      '{{with $x := "output"}}{{$x | printf "%q"}}{{end}}',
    ];
    for (const t of all) expect(plain(t)).toBe('"output"');
  });

  it('declares, assigns and scopes variables (exec_test)', () => {
    expect(run('{{$x := 1}}{{$x}}')).toBe('1');
    expect(run('{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}', tVal)).toBe('true,17');
    expect(run('{{$x := 0}}{{if true}}{{$x = 1}}{{end}}{{$x}}')).toBe('1');
    expect(run('{{with $x := .I}}{{$x}}{{end}}', tVal)).toBe('17');
    expect(run('{{range .SI}}{{$.X}}{{end}}', tVal)).toBe('xxx');
  });

  it('passes the piped value as the last argument', () => {
    expect(run('{{.X | printf "%s-%s" "a"}}', tVal)).toBe('a-x');
    expect(run('{{1 | and 1}} {{0 | and 1}} {{1 | or 0}} {{0 | or 0}}')).toBe('1 0 1 0');
  });

  it('evaluates parenthesised sub-pipelines and fields of their results', () => {
    expect(run('{{printf "%d" (len .SI)}}', tVal)).toBe('3');
    expect(run('{{(index .Items 0).Name}}', { Items: [{ Name: 'first' }] })).toBe('first');
  });

  it('rejects arguments to non-functions', () => {
    expect(execError('{{"a" "b"}}')).toBe(
      'template: :1:2: executing "" at <"a">: can\'t give argument to non-function "a"');
    expect(execError('{{nil}}')).toBe('template: :1:2: executing "" at <nil>: nil is not a command');
  });
});

describe('control structures', () => {
  it('if / else if / else and Go truthiness (exec_test)', () => {
    expect(run('{{if 1}}NON-ZERO{{else}}ZERO{{end}}')).toBe('NON-ZERO');
    expect(run('{{if 0}}NON-ZERO{{else}}ZERO{{end}}')).toBe('ZERO');
    expect(run('{{if ``}}NON-EMPTY{{else}}EMPTY{{end}}')).toBe('EMPTY');
    expect(run('{{if .SI}}NON-EMPTY{{else}}EMPTY{{end}}', tVal)).toBe('NON-EMPTY');
    expect(run('{{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', tVal)).toBe('EMPTY');
    expect(run('{{if .MSI}}NON-EMPTY{{else}}EMPTY{{end}}', tVal)).toBe('NON-EMPTY');
    expect(run('{{if .MSIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', tVal)).toBe('EMPTY');
    expect(run('{{if .Empty0}}NON-EMPTY{{else}}EMPTY{{end}}', tVal)).toBe('EMPTY');
    expect(run('{{if false}}FALSE{{else if true}}TRUE{{end}}')).toBe('TRUE');
    expect(run('{{if 0}}A{{else if 0}}B{{else}}C{{end}}')).toBe('C');
  });

  it('with / else with / else sets dot (exec_test)', () => {
    expect(run('{{with 1}}{{.}}{{else}}ZERO{{end}}')).toBe('1');
    expect(run('{{with .MSIEmpty}}{{.}}{{else}}EMPTY{{end}}', tVal)).toBe('EMPTY');
    expect(run('{{with 0}}{{.}}{{else with true}}{{.}}{{end}}')).toBe('true');
  });

  it('ranges over slices with index and element (exec_test)', () => {
    expect(run('{{range .SI}}<{{.}}>{{end}}', tVal)).toBe('<3><4><5>');
    expect(run('{{range $x := .SI}}<{{$x}}>{{end}}', tVal)).toBe('<3><4><5>');
    expect(run('{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}', tVal)).toBe('<0=3><1=4><2=5>');
  });

  it('ranges over maps in sorted key order (exec_test "range map")', () => {
    expect(run('{{range .MSI}}-{{.}}-{{end}}', tVal)).toBe('-1--3--2-');
    expect(run('{{range $x, $y := .MSI}}<{{$x}}={{$y}}>{{end}}', tVal)).toBe('<one=1><three=3><two=2>');
    expect(run('{{range $x := .MSIone}}<{{$x}}>{{end}}', tVal)).toBe('<1>');
  });

  it('runs range/else for empty and missing collections (exec_test "range empty else")', () => {
    expect(run('{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', tVal)).toBe('EMPTY');
    expect(run('{{range .Nope}}-{{.}}-{{else}}EMPTY{{end}}', {})).toBe('EMPTY');
  });

  it('supports break and continue in range (doc.go)', () => {
    expect(run('{{range .SI}}{{if ge . 4}}{{break}}{{end}}{{.}}{{end}}', tVal)).toBe('3');
    expect(run('{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}', tVal)).toBe('35');
  });

  it('cannot range over a string', () => {
    expect(execError('{{range .}}x{{end}}', 'str')).toBe(
      'template: :1:8: executing "" at <.>: range can\'t iterate over str');
  });

  it('defines and invokes templates; block is define + template (doc.go)', () => {
    expect(run('{{define "T1"}}ONE{{end}}{{define "T2"}}TWO{{end}}{{define "T3"}}{{template "T1"}} {{template "T2"}}{{end}}{{template "T3"}}'))
      .toBe('ONE TWO');
    expect(run('{{define "row"}}[{{.}}]{{end}}{{range .}}{{template "row" .}}{{end}}', ['a', 'b'])).toBe('[a][b]');
    expect(run('{{block "B" .X}}<{{.}}>{{end}}', tVal)).toBe('<x>');
    expect(execError('{{template "nope"}}')).toBe(
      'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined');
  });
});

describe('text, trim markers and comments (doc.go)', () => {
  it('trims spaces around "{{- " and " -}}"', () => {
    expect(run('{{23 -}} < {{- 45}}')).toBe('23<45');
    expect(run('a\n\t {{- "b" -}} \n c')).toBe('abc');
  });

  it('drops comments, including trimmed ones', () => {
    expect(run('a{{/* a comment */}}b')).toBe('ab');
    expect(run('a  {{- /* a comment with white space trimmed */ -}}  b')).toBe('ab');
    expect(parseError('{{/* c */ .X}}')).toBe('template: :1: comment ends before closing delimiter');
  });

  it('parses Go constants', () => {
    expect(run("{{'a'}} {{0x1F}} {{1_000}} {{0755}} {{-3}} {{.5}} {{true}} {{`raw\\n`}}")).toBe('97 31 1000 493 -3 0.5 true raw\\n');
  });
});

describe('builtins', () => {
  it('and / or return the deciding value and short-circuit (exec_test)', () => {
    expect(run('{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}')).toBe('false 0 0 1');
    expect(run('{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}')).toBe('0 1 true 1');
    expect(run('{{and 1 .Unknown}} {{or 0 .Unknown}}')).toBe('<no value> <no value>');
    const die = goFunc(() => {
      throw new Error('die');
    }, []);
    expect(execute(parse('{{and 1 0 (die)}} {{or 0 0 1 (die)}}', { die }), {})).toBe('0 1');
    expect(run('{{if and true 1 `hi`}}TRUE{{else}}FALSE{{end}}')).toBe('TRUE');
    expect(run('{{not true}} {{not false}}')).toBe('false true');
  });

  it('eq / ne / lt / le / gt / ge, eq with several arguments (doc.go)', () => {
    expect(run('{{eq 1 2}} {{eq 1 1}} {{eq "a" "b" "c" "a"}} {{ne 1 2}}')).toBe('false true true true');
    expect(run('{{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1.5 2.5}}')).toBe('true true true false');
    expect(run('{{eq .Missing "x"}}')).toBe('false');
  });

  it('refuses to compare incompatible types (Go 1.24 funcs.go)', () => {
    expect(execError('{{eq 1 "a"}}')).toBe(
      'template: :1:2: executing "" at <eq 1 "a">: error calling eq: incompatible types for comparison');
    // A JSON number is a float64, a template constant an int.
    expect(execError('{{if eq .Replicas 1}}x{{end}}', { Replicas: 1 })).toBe(
      'template: :1:5: executing "" at <eq .Replicas 1>: error calling eq: incompatible types for comparison');
    expect(execError('{{lt true false}}')).toContain('error calling lt: invalid type for comparison');
  });

  it('len, index and slice (exec_test)', () => {
    expect(run('{{len .MSI}} {{len .SI}} {{len "héllo"}}', tVal)).toBe('3 3 6');
    expect(run('{{index .SI 0}} {{index .MSI `one`}} {{index .MSI `XXX`}}', tVal)).toBe('3 1 0');
    expect(run('{{index .M "k"}} {{index .M "no"}}', { M: { k: 'v' } })).toBe('v <no value>');
    expect(run('{{slice .SI 1 2}} {{slice .SI}} {{slice .S 1 2}}', tVal)).toBe('[4] [3 4 5] y');
    expect(execError('{{len 3}}')).toBe('template: :1:2: executing "" at <len 3>: error calling len: len of type int');
    expect(execError('{{index .SI 10}}', tVal)).toBe(
      'template: :1:2: executing "" at <index .SI 10>: error calling index: index out of range: 10');
  });

  it('print, println and their spacing rules (fmt doc)', () => {
    expect(run('{{print "hello, print"}}')).toBe('hello, print');
    expect(run('{{println 1 2 3}}')).toBe('1 2 3\n');
    expect(run('{{print 1 2 "a" "b" 3}}')).toBe('1 2ab3');
  });

  it('prints nil, maps, slices and structs like fmt (fmt doc, exec_test "print nil")', () => {
    expect(run('{{print nil}} {{printf "%v" nil}}')).toBe('<nil> <nil>');
    expect(run('{{.}}', { b: [1, 'x'], a: true })).toBe('map[a:true b:[1 x]]');
    expect(run('{{.SI}}', tVal)).toBe('[3 4 5]');
    const p = struct('*main.Point', { X: goInt(1), Y: goInt(2) });
    expect(run('{{.}} {{printf "%v %+v" . .}}', p)).toBe('{1 2} &{1 2} &{X:1 Y:2}');
  });

  it('html, js and urlquery (exec_test)', () => {
    expect(run('{{html .}}', '<script>alert("XSS");</script>')).toBe('&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;');
    expect(run('{{js .}}', "It'd be nice.")).toBe("It\\'d be nice.");
    expect(run('{{"http://www.example.org/"|urlquery}}')).toBe('http%3A%2F%2Fwww.example.org%2F');
  });

  it('call invokes a function value (doc.go)', () => {
    expect(run('{{call .F 2 3}}', { F: (a: number, b: number) => a * b })).toBe('6');
  });

  it('checks argument counts and types like Go', () => {
    expect(execError('{{truncate .Name}}', { Name: 'n' })).toBe(
      'template: :1:2: executing "" at <truncate>: wrong number of args for truncate: want 2 got 1');
    expect(execError('{{truncate .Name "x"}}', { Name: 'n' })).toBe(
      'template: :1:17: executing "" at <"x">: expected integer; found "x"');
    expect(execError('{{lower .N}}', { N: 1 })).toBe(
      'template: :1:8: executing "" at <.N>: wrong type for value; expected string; got float64');
  });
});

describe('printf verbs (fmt doc)', () => {
  it('integers, floats, strings, booleans and %%', () => {
    expect(run('{{printf "%d %x %o %b" 23 23 23 23}}')).toBe('23 17 27 10111');
    expect(run('{{printf "%04x" 127}} {{printf "%X" 255}}')).toBe('007f FF');
    expect(run('{{printf "%f %.2f %.3f %e" 3.141592653589793 3.141592653589793 3.141592653589793 3.141592653589793}}'))
      .toBe('3.141593 3.14 3.142 3.141593e+00');
    expect(run('{{printf "%v %g %.2f (%6.2f)" 3.141592653589793 3.141592653589793 3.141592653589793 3.141592653589793}}'))
      .toBe('3.141592653589793 3.141592653589793 3.14 (  3.14)');
    expect(run('{{printf "%g" 3.5}} {{printf "%g" 1+7i}}')).toBe('3.5 (1+7i)');
    expect(run('{{printf "|%6s|%-6s|%.2s|" "foo" "bar" "baz"}}')).toBe('|   foo|bar   |ba|');
    expect(run('{{printf "%5s|%-10s|" "ab" "cd"}}')).toBe('   ab|cd        |');
    expect(run('{{printf "%s %q %x" "hello" "hello" "hello"}}')).toBe('hello "hello" 68656c6c6f');
    expect(run('{{printf "%t %v" true false}} {{printf "100%%"}}')).toBe('true false 100%');
    expect(run('{{printf "%T %T %T" 1 1.5 "s"}}')).toBe('int float64 string');
  });

  it('the %!verb mistakes: wrong type, missing, extra, bad width and index', () => {
    expect(run('{{printf "%d" "hi"}}')).toBe('%!d(string=hi)');
    expect(run('{{printf "hi%d"}}')).toBe('hi%!d(MISSING)');
    expect(run('{{printf "hi" "guys"}}')).toBe('hi%!(EXTRA string=guys)');
    expect(run('{{printf "%*s" 4.5 "hi"}}')).toBe('%!(BADWIDTH)hi');
    expect(run('{{printf "%.*s" 4.5 "hi"}}')).toBe('%!(BADPREC)hi');
    expect(run('{{printf "%*[2]d" 7}}')).toBe('%!d(BADINDEX)');
    expect(run('{{printf "%s" nil}}')).toBe('%!s(<nil>)');
    expect(run('{{printf "%d" .}}', 3)).toBe('%!d(float64=3)');
    expect(run('{{printf "%d" .}}', goInt(3))).toBe('3');
  });
});

describe("docker's functions (docker/cli templates/templates.go, reference §7.3)", () => {
  it('json: encoding/json without HTML escaping and without the trailing newline', () => {
    const row = {
      ID: 'vwyu2ptyoh7a', Image: 'coolgourav147/sleeper_traceroute:latest', Mode: 'replicated',
      Name: 'funny_easley', Ports: '', Replicas: '1/1',
    };
    expect(run('{{json .}}', row)).toBe(
      '{"ID":"vwyu2ptyoh7a","Image":"coolgourav147/sleeper_traceroute:latest","Mode":"replicated","Name":"funny_easley","Ports":"","Replicas":"1/1"}');
    expect(run('{{json .}}', { Self: true, Platform: null, A: '<b>&' })).toBe('{"Self":true,"Platform":null,"A":"<b>&"}');
    expect(run('{{json .}}', [10000000000, 1e21, 0.5])).toBe('[10000000000,1e+21,0.5]');
    expect(run('{{json .}}', struct('*swarm.Spec', { Name: 'web', Labels: {} }))).toBe('{"Name":"web","Labels":{}}');
  });

  it('split, join, title, lower, upper (strings package docs)', () => {
    expect(run('{{split "a,b,c" ","}}')).toBe('[a b c]');
    expect(run('{{join .Args ", "}}', { Args: ['foo', 'bar', 'baz'] })).toBe('foo, bar, baz');
    expect(run('{{join (split "nginx:latest" ":") " "}}')).toBe('nginx latest');
    expect(run('{{title "her royal highness"}}')).toBe('Her Royal Highness');
    expect(run('{{lower "Gopher"}} {{upper "Gopher"}}')).toBe('gopher GOPHER');
  });

  it('pad surrounds non-empty strings with spaces; truncate keeps a prefix', () => {
    expect(run('[{{pad "web" 2 3}}][{{pad "" 2 3}}]')).toBe('[  web   ][]');
    expect(run('{{truncate "7e53a7d90599" 4}} {{truncate "ab" 5}}')).toBe('7e53 ab');
  });

  it('is not available in a plain Go template', () => {
    expect(() => parse('{{json .}}', {})).toThrow('template: :1: function "json" not defined');
    expect(Object.keys(dockerFuncs).sort()).toEqual(['join', 'json', 'lower', 'pad', 'split', 'title', 'truncate', 'upper']);
  });
});

describe('table headers (reference §1.1, §7.2, §7.3)', () => {
  const header = struct('map[string]string', { Name: 'NAME', IPv6: 'IPV6', Internal: 'INTERNAL' });

  it('renders the same template over the header map', () => {
    expect(run('{{.Name}}\t{{.IPv6}}\t{{.Internal}}', header, headerFuncs)).toBe('NAME\tIPV6\tINTERNAL');
  });

  it('keeps titles intact through json/split/join/title/lower/upper/truncate, but pads', () => {
    const t = '{{json .Name}}|{{split .Name ","}}|{{join .Name ","}}|{{title .Name}}|{{lower .Name}}|{{upper .Name}}|{{truncate .Name 2}}|{{pad .Name 1 1}}';
    expect(run(t, header, headerFuncs)).toBe('NAME|NAME|NAME|NAME|NAME|NAME|NAME| NAME ');
  });

  it('prints <no value> for a field the header map lacks', () => {
    expect(run('{{.Name}}\t{{.Foo}}', header, headerFuncs)).toBe('NAME\t<no value>');
  });
});

describe('performance', () => {
  it('parses once and executes a ~100-char template over 1,000 rows quickly', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => struct('*formatter.serviceContext', {
      ID: `id${i}`, Name: `svc${i}`, Mode: 'replicated', Replicas: '1/1', Image: 'nginx:latest', Ports: '',
    }));
    const text = '{{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}\t{{upper .Mode}}\t{{if .Ports}}y{{end}}';
    const t0 = performance.now();
    const t = parse(text);
    const out = rows.map((r) => execute(t, r)).join('\n');
    expect(performance.now() - t0).toBeLessThan(250); // a few ms once warm; generous for CI
    expect(out.split('\n')[999]).toBe('id999\tsvc999\treplicated\t1/1\tnginx:latest\t\tREPLICATED\t');
  });
});
