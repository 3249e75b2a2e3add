import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { cellFormat, EXCEL_NUMBER_FORMATS, safeCell } from './cell-format.ts';
import { UTF8_BOM } from './csv-zip.writer.ts';
import type { ExportFormat } from './export-record.ts';
import { headerOf, type Cell, type Column, type Section } from './report-model.ts';

// Streams a table of any length to a CSV or XLSX file: rows come from an
// async source (a server-side cursor) and go to disk as they arrive, so an
// extract of a million rows runs in constant memory.

/** Excel's limit is 1,048,576 rows a sheet; longer extracts continue on the next sheet. */
export const XLSX_ROWS_PER_SHEET = 1_000_000;

export type StreamedTable = { title: string; columns: Column[]; rows: AsyncIterable<Cell[]> };

/** Rows added to a sheet between two checks of its zip stream's backlog. */
const ROWS_PER_DRAIN_CHECK = 1_000;
/** Sheet XML allowed to wait for compression before rows stop being added. */
const MAX_SHEET_BACKLOG_BYTES = 1 << 20;

/**
 * exceljs's streaming writer ignores backpressure: committed rows pile up in
 * front of the zip compressor, so a million-row sheet would sit in memory
 * (measured: peak RSS grows with the rows). We wait for the sheet's zip entry
 * stream to drain instead. It reaches into exceljs internals (the sheet's
 * StreamBuf and the stream it pipes to); if they change shape, this does
 * nothing and the extract still completes, only with more memory.
 */
async function drainSheet(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipe = (sheet as unknown as { stream?: { pipes?: NodeJS.EventEmitter[] } }).stream?.pipes?.[0];
  const state = (pipe as { _writableState?: { length: number } } | undefined)?._writableState;
  while (pipe && state && state.length > MAX_SHEET_BACKLOG_BYTES) await once(pipe, 'drain');
}

/** Writes the table; resolves to the number of data rows written. */
export async function writeTableStream(table: StreamedTable, format: Exclude<ExportFormat, 'PDF'>, path: string): Promise<number> {
  return format === 'CSV' ? writeCsv(table, path) : writeXlsx(table, path);
}

async function writeCsv(table: StreamedTable, path: string): Promise<number> {
  let count = 0;
  const header = table.columns.map(headerOf);
  const records = Readable.from((async function* () {
    yield header;
    for await (const row of table.rows) {
      count++;
      yield row.map(safeCell);
    }
  })());
  const out = createWriteStream(path);
  out.write(UTF8_BOM);
  await pipeline(records, stringify({ record_delimiter: 'windows', quoted_match: /\r/, cast: { number: (n) => String(n) } }), out);
  return count;
}

async function writeXlsx(table: StreamedTable, path: string): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Clearline';
  const section: Section = { id: 'rows', sheet: '', titleZh: '', titleEn: '', columns: table.columns, rows: [], keyColumns: 0 };
  const formats = table.columns.map((_, i) => cellFormat(section, 0, i));
  let sheet: ExcelJS.Worksheet | undefined;
  let count = 0;
  const newSheet = (n: number) => {
    sheet?.commit();
    sheet = workbook.addWorksheet(n === 1 ? table.title : `${table.title} ${n}`.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ key: c.key, width: c.width }));
    const header = sheet.addRow(table.columns.map(headerOf));
    header.font = { bold: true };
    header.commit();
  };
  newSheet(1);
  for await (const row of table.rows) {
    if (count > 0 && count % XLSX_ROWS_PER_SHEET === 0) newSheet(count / XLSX_ROWS_PER_SHEET + 1);
    const added = sheet!.addRow(row.map(safeCell));
    formats.forEach((format, i) => {
      if (format !== 'text' && format !== 'value') added.getCell(i + 1).numFmt = EXCEL_NUMBER_FORMATS[format];
    });
    added.commit();
    count++;
    if (count % ROWS_PER_DRAIN_CHECK === 0) await drainSheet(sheet!);
  }
  sheet!.commit();
  await workbook.commit();
  return count;
}

/** Maps each item of an async source (e.g. database rows to cells). */
export async function* mapRows<T>(source: AsyncIterable<T>, map: (item: T) => Cell[]): AsyncIterable<Cell[]> {
  for await (const item of source) yield map(item);
}
