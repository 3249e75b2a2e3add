import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { ImportMapping, FileEncoding } from './import-mapping.ts';
import type { ColumnSpec, SourceRow } from './import.types.ts';

/** Bytes looked at to tell UTF-8 from GB18030. */
const SNIFF_BYTES = 64 * 1024;

export class FileFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileFormatError';
  }
}

/**
 * UTF-8 unless the sample is not valid UTF-8, then GB18030 (GBK's superset):
 * GBK text is almost never valid UTF-8, and a UTF-8 BOM settles it.
 */
export function detectEncoding(sample: Buffer): FileEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  try {
    // stream: true tolerates a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

export type CsvRows = {
  encoding: FileEncoding;
  /** Header columns no canonical column maps to. */
  ignoredColumns: string[];
  rows: AsyncIterable<SourceRow>;
};

/**
 * Streams a CSV file as mapped rows, in constant memory: decoding (UTF-8 or
 * GB18030, BOM stripped), CRLF or LF, quoted fields; the header row is
 * matched to the kind's columns through the mapping. Fails before any row
 * when a required column is neither in the header nor defaulted.
 */
export async function readCsvRows(input: Readable, columns: readonly ColumnSpec[], mapping: ImportMapping, encoding?: FileEncoding): Promise<CsvRows> {
  const source = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < SNIFF_BYTES) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    size += chunk.length;
  }
  const sample = Buffer.concat(head);
  const chosen = encoding ?? mapping.encoding ?? detectEncoding(sample);
  const bytes = Readable.from((async function* () {
    yield sample;
    if (ended) return;
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield next.value;
    }
  })());
  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true, bom: true });
  // Errors anywhere in the chain surface in the loop below.
  pipeline(bytes, iconv.decodeStream(chosen, { stripBOM: true }), parser).catch((error: unknown) => parser.destroy(error as Error));
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ info: { lines: number }; record: string[] }>;

  const first = await records.next();
  if (first.done) throw new FileFormatError('the file is empty: expected a header row');
  const header = first.value.record.map((h) => h.trim());
  const position = new Map(header.map((h, i) => [h.toLowerCase(), i]));
  const used = new Set<number>();
  const fields: { name: string; index: number | undefined; values: Record<string, string> | undefined; fallback: string | undefined }[] = [];
  const missing: string[] = [];
  for (const column of columns) {
    const headerName = mapping.columns[column.name] ?? column.name;
    const index = position.get(headerName.trim().toLowerCase());
    if (index !== undefined) used.add(index);
    const fallback = mapping.defaults[column.name];
    if (index === undefined && fallback === undefined && column.required) {
      missing.push(headerName === column.name ? column.name : `${column.name} (mapped to "${headerName}")`);
    }
    fields.push({ name: column.name, index, values: mapping.values[column.name], fallback });
  }
  if (missing.length) {
    throw new FileFormatError(`the header lacks required column(s) ${missing.join(', ')}; it has ${header.join(', ')} (encoding ${chosen}; use a mapping file to name your columns)`);
  }
  const ignoredColumns = header.filter((_, i) => !used.has(i));

  async function* rows(): AsyncGenerator<SourceRow> {
    // csv-parse counts a CRLF inside a quoted field as two lines: take them back out.
    let doubleCounted = 0;
    for (;;) {
      const next = await records.next();
      if (next.done) return;
      const { info, record } = next.value;
      for (const field of record) if (field.includes('\r\n')) doubleCounted += field.split('\r\n').length - 1;
      const raw: Record<string, string> = {};
      header.forEach((h, i) => {
        raw[h || `column_${i + 1}`] = record[i] ?? '';
      });
      if (record.length > header.length) raw.__extra = record.slice(header.length).join(',');
      const mapped: Record<string, string> = {};
      for (const f of fields) {
        let v = f.index === undefined ? '' : (record[f.index] ?? '').trim();
        if (v === '' && f.fallback !== undefined) v = f.fallback;
        if (v !== '' && f.values && v in f.values) v = f.values[v]!;
        mapped[f.name] = v;
      }
      const columnProblem = record.length === header.length ? undefined : `the row has ${record.length} fields, the header ${header.length}`;
      yield { line: info.lines - doubleCounted, raw, mapped, ...(columnProblem ? { columnProblem } : {}) };
    }
  }
  return { encoding: chosen, ignoredColumns, rows: rows() };
}
