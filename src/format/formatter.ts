// docker's formatter.Context.Write (docker-cli-output.md §1.1, §7.1): `table`, `table TMPL`,
// `json`, or a raw Go template, executed per row; tables get a header and the tabwriter.
import { GO_TYPE } from './template/values';
import { tabwriter } from './table';
import { CliError } from '../cli/command';

/** The template engine, loaded when a format needs more than `{{.Field}}` (see `fields`). */
const engine = () => require('./template/index') as typeof import('./template/index');

type Row = Record<string | symbol, unknown>;

export interface FormatSpec {
  /** `--format` as given (undefined: the command's default). */
  format?: string;
  /** The command's default table, e.g. `table {{.ID}}\t{{.Name}}`. */
  defaultFormat: string;
  quiet?: boolean;
  /** Field name → column title, for table headers. */
  headers: Record<string, string>;
}

/**
 * Gives a row context docker's `MarshalJSON` (formatter.MarshalJSON): `{{json .}}` prints every
 * zero-argument method, keys sorted, encoded by json.Marshal (HTML escaping on). The method is
 * non-enumerable, so it is not a field of the row.
 */
export function withMarshalJSON<T extends Row>(row: T): T {
  if (Object.prototype.hasOwnProperty.call(row, 'MarshalJSON')) return row;
  Object.defineProperty(row, 'MarshalJSON', {
    enumerable: false,
    value: () => {
      const { quoteJSON } = require('./template/json') as typeof import('./template/json');
      const parts: string[] = [];
      for (const k of Object.keys(row).sort()) {
        const v = row[k] as unknown;
        if (typeof v === 'function') continue;
        const enc = typeof v === 'string' ? quoteJSON(v, true) : typeof v === 'boolean' ? String(v) : JSON.stringify(v ?? null);
        parts.push(`${quoteJSON(k, true)}:${enc}`);
      }
      return `{${parts.join(',')}}`;
    },
  });
  return row;
}

function headerContext(headers: Record<string, string>): Row {
  return {
    [GO_TYPE]: 'formatter.SubHeaderContext',
    ...headers,
    Label: (name: string) => {
      const last = name.split('.').pop() ?? name;
      return last.replace(/[-_]/g, ' ').toUpperCase();
    },
  };
}

/** The final template text for `--format` (or the default), and whether it is a table. */
export function resolveFormat(spec: FormatSpec): { text: string; table: boolean } {
  let f = spec.format;
  if (!f) f = spec.quiet ? '{{.ID}}' : spec.defaultFormat;
  if (f === 'table') f = spec.defaultFormat;
  if (f === 'json') f = '{{json .}}';
  let table = false;
  if (f.startsWith('table')) {
    table = true;
    f = f.slice(5);
  }
  f = f.replace(/^ +| +$/g, '').replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  return { text: f, table };
}

/**
 * A template that is only text and `{{.Field}}` actions (every default table, `-q`): its parts,
 * literal text and field names. Such a template prints a string field as it is, so it needs no
 * template engine; anything else (functions, pipes, non-string values) goes to the engine.
 */
function fields(text: string): Array<{ text: string } | { field: string }> | undefined {
  const parts: Array<{ text: string } | { field: string }> = [];
  const re = /\{\{ *\.([A-Za-z_][A-Za-z0-9_]*) *\}\}/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lit = text.slice(at, m.index);
    if (lit.includes('{{')) return undefined;
    if (lit) parts.push({ text: lit });
    parts.push({ field: m[1] });
    at = m.index + m[0].length;
  }
  const rest = text.slice(at);
  if (rest.includes('{{')) return undefined;
  if (rest) parts.push({ text: rest });
  return parts;
}

/** `parts` filled from `row`; undefined when a field is not a string of the row. */
function fill(parts: Array<{ text: string } | { field: string }>, row: Row): string | undefined {
  let out = '';
  for (const p of parts) {
    if ('text' in p) out += p.text;
    else {
      const v = Object.prototype.hasOwnProperty.call(row, p.field) ? row[p.field] : undefined;
      if (typeof v !== 'string') return undefined;
      out += v;
    }
  }
  return out;
}

function fastRows(text: string, table: boolean, spec: FormatSpec, rows: Row[]): string | undefined {
  const parts = fields(text);
  if (!parts) return undefined;
  let body = '';
  for (const row of rows) {
    const line = fill(parts, row);
    if (line === undefined) return undefined;
    body += line + '\n';
  }
  if (!table) return body;
  const header = fill(parts, spec.headers);
  if (header === undefined) return undefined;
  return tabwriter(header + '\n' + body);
}

export function formatRows(spec: FormatSpec, rows: Row[]): string {
  const { text, table } = resolveFormat(spec);
  const fast = fastRows(text, table, spec, rows);
  if (fast !== undefined) return fast;
  const { parse, execute, dockerFuncs, headerFuncs, TemplateError } = engine();
  let tmpl;
  try {
    tmpl = parse(text, dockerFuncs);
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`failed to parse template: ${e.message}`);
    throw e;
  }
  let body = '';
  try {
    for (const row of rows) body += execute(tmpl, withMarshalJSON(row), dockerFuncs) + '\n';
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`failed to execute template: ${e.message}`);
    throw e;
  }
  if (!table) return body;
  let header = '';
  try {
    header = execute(parse(text, headerFuncs), headerContext(spec.headers), headerFuncs) + '\n';
  } catch {
    header = '\n';
  }
  return tabwriter(header + body);
}

/**
 * `inspect -f TEMPLATE`: the template once per object, each result + "\n" — or a lone "\n" when
 * nothing was found (cli/command/inspector TemplateInspector.Flush).
 */
export function formatEach(format: string, items: unknown[], parseErrorCode = 64): string {
  const { parse, execute, dockerFuncs, TemplateError } = engine();
  let tmpl;
  try {
    tmpl = parse(format.replace(/\\t/g, '\t').replace(/\\n/g, '\n'), dockerFuncs);
  } catch (e) {
    if (e instanceof TemplateError) throw new CliError(`template parsing error: ${e.message}`, parseErrorCode);
    throw e;
  }
  let out = '';
  for (const item of items) {
    try {
      out += execute(tmpl, item, dockerFuncs) + '\n';
    } catch (e) {
      if (e instanceof TemplateError) throw new CliError(`template parsing error: ${e.message}`);
      throw e;
    }
  }
  return out || '\n';
}
