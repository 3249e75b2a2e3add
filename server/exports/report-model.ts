import { createHash } from 'node:crypto';

// The shape every export writer reads: a report is a list of sections, each
// a table with typed columns. Writers (XLSX, CSV, PDF) only lay it out, so
// the three formats can never disagree on a figure.

/** 'value': a KPI value, formatted by its row's unit (Section.rowFormats). */
export type ColumnFormat = 'text' | 'integer' | 'decimal' | 'ratio' | 'currency' | 'value';

export type Column = {
  key: string;
  zh: string;
  en: string;
  format: ColumnFormat;
  /** Width in characters (XLSX). */
  width: number;
};

export type Cell = string | number | boolean | null;

export type Section = {
  /** File-safe id: the CSV file name and the figures' key prefix. */
  id: string;
  titleZh: string;
  titleEn: string;
  /** XLSX sheet name: at most 31 characters, none of []:*?/\\ . */
  sheet: string;
  columns: Column[];
  rows: Cell[][];
  /**
   * How many leading columns identify a row (for the figures used by
   * verifyExport); 0: the section holds no figures (cover, definitions).
   */
  keyColumns: number;
  /** Figures per row (a short hash of the row) instead of per cell: for long detail sheets. */
  hashRows?: boolean;
  /** Per row, the format of its 'value' columns (a KPI row's unit). */
  rowFormats?: ColumnFormat[];
};

export type Report = {
  /** Base of the file names, e.g. regulator-monthly-2-2024-07. */
  baseName: string;
  titleZh: string;
  titleEn: string;
  /** The data's as-of point: every timestamp inside the files is set to it. */
  asOf: Date;
  sections: Section[];
};

export const column = (key: string, zh: string, en: string, format: ColumnFormat = 'text', width?: number): Column => ({
  key, zh, en, format, width: width ?? (format === 'text' ? 18 : 14),
});

/** Header text of a column in both languages, as regulators read either. */
export const headerOf = (c: Column) => `${c.zh} ${c.en}`;

/**
 * Every figure of a report, keyed section/row key/column: what verifyExport
 * compares. Text cells of figure sections count too (a complaint's status in
 * the detail sheet is a figure a regulator relies on).
 */
export function reportFigures(report: Report): Record<string, Cell> {
  const figures: Record<string, Cell> = {};
  for (const section of report.sections) {
    if (section.keyColumns === 0) continue;
    for (const row of section.rows) {
      const key = row.slice(0, section.keyColumns).map((v) => String(v ?? '')).join('|');
      if (section.hashRows) {
        figures[`${section.id}/${key}`] = createHash('sha256').update(JSON.stringify(row)).digest('hex').slice(0, 16);
        continue;
      }
      section.columns.forEach((c, i) => {
        if (i >= section.keyColumns) figures[`${section.id}/${key}/${c.key}`] = row[i] ?? null;
      });
    }
  }
  return figures;
}
