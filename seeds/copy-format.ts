// Rows in Postgres COPY text format: tab-separated, \N for NULL, with
// backslash, tab and line breaks escaped.

export type CopyValue = string | number | boolean | null | undefined;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function field(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyRow(values: readonly CopyValue[]): string {
  let line = field(values[0]);
  for (let i = 1; i < values.length; i++) line += '\t' + field(values[i]);
  return line + '\n';
}

export function isoInstant(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
