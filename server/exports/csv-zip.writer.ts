import { stringify } from 'csv-stringify/sync';
import { safeCell } from './cell-format.ts';
import { deterministicZip } from './deterministic-zip.ts';
import { headerOf, type Report, type Section } from './report-model.ts';

/** UTF-8 byte-order mark: without it Excel reads UTF-8 CSV as the local code page and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';

/** One section as CSV text: BOM, a bilingual header row, CRLF line ends (as Excel writes them). */
export function sectionCsv(section: Section): string {
  const records = [section.columns.map(headerOf), ...section.rows.map((row) => row.map(safeCell))];
  // A lone CR inside a field is quoted too: some readers take it for a line end.
  return UTF8_BOM + stringify(records, { record_delimiter: 'windows', quoted_match: /\r/, cast: { number: (n) => String(n) } });
}

/** Every section as its own CSV file, zipped, entries dated at the as-of point. */
export function writeReportCsvZip(report: Report): Buffer {
  const encoder = new TextEncoder();
  return deterministicZip(report.sections.map((section, i) => [`${String(i + 1).padStart(2, '0')}-${section.id}.csv`, encoder.encode(sectionCsv(section))]), report.asOf);
}
