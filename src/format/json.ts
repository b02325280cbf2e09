// JSON as docker prints inspect output (docker-cli-output.md §3.1): 4-space indent, a JSON
// array + "\n"; typed objects (service/node inspect) escape <, >, & like Go's encoder.
export function indentJson(value: unknown, htmlEscape = false): string {
  const text = JSON.stringify(value, null, 4);
  return htmlEscape ? escapeHtml(text) : text;
}

export function escapeHtml(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function inspectArray(items: unknown[], htmlEscape = false): string {
  return indentJson(items, htmlEscape) + '\n';
}
