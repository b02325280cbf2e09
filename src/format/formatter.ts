// docker's formatter.Context.Write (docker-cli-output.md §1.1, §7.1): `table`, `table TMPL`,
// `json`, or a raw Go template, executed per row; tables get a header and the tabwriter.
import { parse, execute, dockerFuncs, headerFuncs, TemplateError, GO_TYPE } from './template/index';
import { tabwriter } from './table';
import { quoteJSON } from './template/json';
import { CliError } from '../cli/command';

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

export function formatRows(spec: FormatSpec, rows: Row[]): string {
  const { text, table } = resolveFormat(spec);
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

/** `inspect -f TEMPLATE`: the template once per object, each result + "\n". */
export function formatEach(format: string, items: unknown[], parseErrorCode = 64): string {
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
  return out;
}
