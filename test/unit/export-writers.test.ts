import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sectionCsv, writeReportCsvZip } from '../../server/exports/csv-zip.writer.ts';
import { neutraliseFormula } from '../../server/exports/formula-guard.ts';
import { KPI_FORMULAS_ZH } from '../../server/exports/kpi-formulas-zh.ts';
import { customerPseudonym } from '../../server/exports/pseudonym.ts';
import { column, reportFigures, type Report } from '../../server/exports/report-model.ts';
import { writeReportXlsx } from '../../server/exports/xlsx.writer.ts';
import { KPI_CATALOGUE } from '../../server/metrics/index.ts';

const HOSTILE = ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];

const report = (asOf = new Date('2024-08-01T00:00:00Z')): Report => ({
  baseName: 'test', titleZh: '测试', titleEn: 'Test', asOf,
  sections: [{
    id: 'cells', sheet: '单元格 Cells', titleZh: '单元格', titleEn: 'Cells', keyColumns: 1,
    columns: [column('text', '文本', 'Text'), column('n', '数', 'Number', 'integer'), column('r', '率', 'Rate', 'ratio')],
    rows: [...HOSTILE.map((text, i) => [text, -i, 0.5]), ['满意率 ok', 3, null]],
  }],
});

describe('formula injection', () => {
  it('neutralises text starting with =, +, -, @, tab or CR, and leaves other text alone', () => {
    expect(HOSTILE.map(neutraliseFormula)).toEqual(HOSTILE.map((t) => `'${t}`));
    expect(neutraliseFormula('满意率 = 4')).toBe('满意率 = 4');
    expect(neutraliseFormula('')).toBe('');
  });

  it('is applied to every text cell in CSV, while numbers stay numbers', () => {
    const csv = sectionCsv(report().sections[0]!);
    expect(csv.startsWith('\uFEFF文本 Text,数 Number,率 Rate\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")",0,0.5\r\n`);
    expect(csv).toContain(`'+1+2,-1,0.5\r\n`);
    expect(csv).toContain(`'-2+3,-2,0.5`);
    expect(csv).toContain(`'@SUM(A1),-3,0.5`);
    expect(csv).toContain(`'\tTAB,-4,0.5`);
    expect(csv).toContain(`"'\rCR",-5,0.5`);
    expect(csv).toContain('满意率 ok,3,\r\n');
  });

  it('is applied to every text cell in XLSX: no formula cells, the text kept behind an apostrophe', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writeReportXlsx(report())) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const cells = HOSTILE.map((_, i) => sheet.getRow(i + 2).getCell(1));
    expect(cells.map((c) => c.type)).toEqual(HOSTILE.map(() => ExcelJS.ValueType.String));
    // XML keeps no bare CR: it reads back as LF, still behind the apostrophe.
    expect(cells.map((c) => c.value)).toEqual(HOSTILE.map((t) => `'${t.replace('\r', '\n')}`));
    expect(sheet.getRow(3).getCell(2).value).toBe(-1);
    expect(sheet.getRow(3).getCell(3).numFmt).toBe('0.00%');
  });
});

describe('deterministic files', () => {
  it('XLSX and CSV zip: the same report gives the same bytes; another as-of point gives others', async () => {
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const [a, b] = [await writeReportXlsx(report()), await new Promise<Buffer>((r) => setTimeout(() => r(writeReportXlsx(report())), 1100))];
    expect(sha(a)).toBe(sha(b));
    expect(sha(writeReportCsvZip(report()))).toBe(sha(writeReportCsvZip(report())));
    expect(sha(writeReportCsvZip(report(new Date('2024-09-01T00:00:00Z'))))).not.toBe(sha(writeReportCsvZip(report())));
    expect(Object.keys(unzipSync(new Uint8Array(writeReportCsvZip(report()))))).toEqual(['01-cells.csv']);
  });
});

describe('report pieces', () => {
  it('pseudonyms are keyed, stable and never the id itself', () => {
    expect(customerPseudonym('k', 42)).toBe(customerPseudonym('k', '42'));
    expect(customerPseudonym('k', 42)).toMatch(/^CU-[0-9a-f]{16}$/);
    expect(customerPseudonym('k', 42)).not.toBe(customerPseudonym('other key', 42));
    expect(customerPseudonym('k', 42)).not.toBe(customerPseudonym('k', 43));
  });

  it('every KPI of the catalogue has its formula in Chinese', () => {
    expect(Object.keys(KPI_FORMULAS_ZH).sort()).toEqual(KPI_CATALOGUE.map((k) => k.code).sort());
  });

  it('figures are keyed section/row/column, and hashed per row where asked', () => {
    const r = report();
    expect(reportFigures(r)['cells/+1+2/n']).toBe(-1);
    r.sections[0]!.hashRows = true;
    expect(Object.keys(reportFigures(r))).toHaveLength(7);
  });
});
