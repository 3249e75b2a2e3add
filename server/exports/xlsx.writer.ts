import ExcelJS from 'exceljs';
import { cellFormat, EXCEL_NUMBER_FORMATS, safeCell } from './cell-format.ts';
import { repackZip } from './deterministic-zip.ts';
import { headerOf, type Report, type Section } from './report-model.ts';

/** Excel sheet names: at most 31 characters, none of []:*?/\ (the definitions keep to that; this guards the rest). */
const sheetName = (section: Section) => section.sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/**
 * The report as one workbook, a sheet per section, headers frozen, numbers
 * formatted. The workbook's dates and the zip entries' dates are the data's
 * as-of point, so the same report on the same data gives the same bytes.
 */
export async function writeReportXlsx(report: Report): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Clearline';
  workbook.lastModifiedBy = 'Clearline';
  workbook.created = report.asOf;
  workbook.modified = report.asOf;
  workbook.title = `${report.titleZh} ${report.titleEn}`;
  for (const section of report.sections) {
    const sheet = workbook.addWorksheet(sheetName(section), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = section.columns.map((c) => ({ key: c.key, width: c.width }));
    const header = sheet.addRow(section.columns.map(headerOf));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'top' };
    section.rows.forEach((row, r) => {
      const added = sheet.addRow(row.map(safeCell));
      section.columns.forEach((_, i) => {
        const format = cellFormat(section, r, i);
        if (format !== 'text' && format !== 'value') added.getCell(i + 1).numFmt = EXCEL_NUMBER_FORMATS[format];
      });
    });
  }
  return repackZip(new Uint8Array(await workbook.xlsx.writeBuffer()), report.asOf);
}
