import { neutraliseFormula } from './formula-guard.ts';
import type { Cell, ColumnFormat, Section } from './report-model.ts';

/** Excel number formats: thousands separators, two decimals, percentages. */
export const EXCEL_NUMBER_FORMATS: Record<Exclude<ColumnFormat, 'text' | 'value'>, string> = {
  integer: '#,##0',
  decimal: '#,##0.00',
  ratio: '0.00%',
  currency: '#,##0.00',
};

/** The format a cell is shown in: its column's, or for a KPI value its row's unit. */
export function cellFormat(section: Section, rowIndex: number, columnIndex: number): ColumnFormat {
  const format = section.columns[columnIndex]!.format;
  return format === 'value' ? (section.rowFormats?.[rowIndex] ?? 'decimal') : format;
}

/** A cell as written to a file: numbers stay numbers, text is guarded against formula injection. */
export function safeCell(value: Cell): string | number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'Y' : 'N';
  return neutraliseFormula(value);
}
