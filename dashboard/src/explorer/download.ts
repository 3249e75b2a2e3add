import { toCsv, type Table } from './explorer-query.ts';

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(table: Table, fileName: string): void {
  save(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), fileName);
}

/** XLSX through write-excel-file, loaded only when asked for (it is not part of the initial bundle). */
export async function downloadXlsx(table: Table, fileName: string): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const header = table.header.map((value) => ({ value, fontWeight: 'bold' as const }));
  const rows = table.rows.map((row) => row.map((value) => (value === null ? null : { value })));
  const blob = await writeXlsxFile([header, ...rows]).toBlob();
  save(blob, fileName);
}
