/**
 * Spreadsheet formula injection (CSV injection): a text cell starting with
 * =, +, -, @, tab or carriage return may be run as a formula by Excel. Such
 * text gets a leading apostrophe, which Excel shows as text and never runs.
 * Applied to every text cell of every CSV and XLSX file; numbers are written
 * as numbers and need no guard.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
