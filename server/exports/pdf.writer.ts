import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Cell, Report, Section } from './report-model.ts';

// The printable summary: the headline table and two trend charts, Chinese
// text set in Noto Sans SC (Noto Sans Hans) shipped by the @embedpdf/fonts-sc
// npm package and embedded as a subset — no system font is assumed.

/** The CJK font file, resolved inside node_modules (the package exports no font paths). */
export function cjkFontPath(): string {
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return join(dirname(entry), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

/** Headline KPIs on the summary page (all of them are in the XLSX and CSV). */
export const PDF_HEADLINE_KPIS = [
  'complaints', 'exemptComplaints', 'complaintsPer10kCustomers', 'repeatComplaintRate', 'escalationRate', 'resolvedComplaints',
  'slaComplianceRate', 'medianResolutionHours', 'firstContactResolutionRate', 'backlog', 'overdueBacklog', 'satisfactionRate', 'redressPaid',
];

const MARGIN = 40;
const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;

function formatValue(value: Cell, format: string): string {
  if (value === null) return '—';
  if (typeof value !== 'number') return String(value);
  if (format === 'ratio') return `${(value * 100).toFixed(1)}%`;
  if (format === 'integer') return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** A change with its sign; ratios change in percentage points. */
function formatChange(value: Cell, format: string): string {
  if (typeof value !== 'number') return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  const size = Math.abs(value);
  return sign + (format === 'ratio' ? `${(size * 100).toFixed(1)} pp` : formatValue(size, format));
}

const sectionById = (report: Report, id: string): Section => {
  const section = report.sections.find((s) => s.id === id);
  if (!section) throw new Error(`the report has no ${id} section`);
  return section;
};

function headlineTable(doc: PDFKit.PDFDocument, headline: Section) {
  const widths = [150, 75, 75, 70, 75, 70];
  const headers = ['指标 KPI', '本期 Period', '上期 Previous', '环比 Change', '去年同期 Last year', '同比 Change'];
  let y = doc.y + 6;
  const rowHeight = 18;
  const drawRow = (cells: string[], bold: boolean) => {
    let x = MARGIN;
    if (bold) doc.rect(MARGIN, y - 3, widths.reduce((a, b) => a + b, 0), rowHeight).fill('#e8eef6').fillColor('#000');
    cells.forEach((text, i) => {
      doc.fontSize(bold ? 8 : 8.5).text(text, x + 3, y, { width: widths[i]! - 6, align: i === 0 ? 'left' : 'right', lineBreak: false });
      x += widths[i]!;
    });
    y += rowHeight;
    doc.moveTo(MARGIN, y - 3).lineTo(MARGIN + widths.reduce((a, b) => a + b, 0), y - 3).lineWidth(0.3).strokeColor('#bbbbbb').stroke();
  };
  drawRow(headers, true);
  headline.rows.forEach((row, r) => {
    if (!PDF_HEADLINE_KPIS.includes(String(row[0]))) return;
    const format = headline.rowFormats?.[r] ?? 'decimal';
    drawRow([String(row[1]), formatValue(row[3]!, format), formatValue(row[4]!, format), formatChange(row[5]!, format), formatValue(row[6]!, format), formatChange(row[7]!, format)], false);
  });
  doc.y = y + 6;
}

type Series = { label: string; color: string; values: (number | null)[] };

/** A chart from pdfkit primitives: bars for the first series, lines for the others, each on the chart's own scale. */
function chart(doc: PDFKit.PDFDocument, title: string, labels: string[], series: Series[], kind: 'bar' | 'line', scale: { min: number; max: number; percent: boolean }) {
  const x0 = MARGIN + 40;
  const width = PAGE_WIDTH - MARGIN * 2 - 50;
  const height = 105;
  // The whole chart (title, plot, labels, legend) on one page: text past the
  // bottom margin would make pdfkit start a new page for each label.
  if (doc.y + height + 70 > PAGE_HEIGHT - MARGIN) doc.addPage();
  doc.fontSize(10).fillColor('#000').text(title, MARGIN, doc.y + 8);
  const top = doc.y + 8;
  const bottom = top + height;
  const span = scale.max - scale.min || 1;
  const yOf = (v: number) => bottom - ((v - scale.min) / span) * height;
  // Axes and gridlines with their values.
  for (let i = 0; i <= 4; i++) {
    const v = scale.min + (span * i) / 4;
    const y = yOf(v);
    doc.moveTo(x0, y).lineTo(x0 + width, y).lineWidth(0.3).strokeColor('#dddddd').stroke();
    doc.fontSize(7).fillColor('#555').text(scale.percent ? `${(v * 100).toFixed(0)}%` : v.toFixed(0), MARGIN, y - 4, { width: 36, align: 'right', lineBreak: false });
  }
  doc.moveTo(x0, top).lineTo(x0, bottom).lineTo(x0 + width, bottom).lineWidth(0.8).strokeColor('#333333').stroke();
  const step = width / Math.max(1, labels.length);
  labels.forEach((label, i) => {
    doc.fontSize(6.5).fillColor('#333').text(label, x0 + i * step, bottom + 3, { width: step, align: 'center', lineBreak: false });
  });
  for (const s of series) {
    if (kind === 'bar') {
      s.values.forEach((v, i) => {
        if (v === null) return;
        doc.rect(x0 + i * step + step * 0.2, yOf(v), step * 0.6, bottom - yOf(v)).fill(s.color);
      });
    } else {
      let started = false;
      s.values.forEach((v, i) => {
        if (v === null) return;
        const x = x0 + i * step + step / 2;
        if (started) doc.lineTo(x, yOf(v));
        else doc.moveTo(x, yOf(v));
        started = true;
      });
      if (started) doc.lineWidth(1.5).strokeColor(s.color).stroke();
      s.values.forEach((v, i) => {
        if (v !== null) doc.circle(x0 + i * step + step / 2, yOf(v), 2).fill(s.color);
      });
    }
  }
  // Legend.
  let lx = x0;
  for (const s of series) {
    doc.rect(lx, bottom + 16, 8, 8).fill(s.color);
    doc.fontSize(7.5).fillColor('#000').text(s.label, lx + 11, bottom + 16, { lineBreak: false });
    lx += 11 + doc.widthOfString(s.label) + 16;
  }
  doc.y = bottom + 32;
}

/**
 * The PDF summary. Its info dictionary's dates are the as-of point and its
 * font subset tag is fixed, so the same report gives the same bytes.
 */
export function writeReportPdf(report: Report): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: report.titleEn, Subject: report.titleZh, Creator: 'Clearline', Producer: 'Clearline', CreationDate: report.asOf, ModDate: report.asOf },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', cjkFontPath());
  doc.font('cjk');

  doc.fontSize(15).text(report.titleZh);
  doc.fontSize(11).fillColor('#333').text(report.titleEn);
  const cover = sectionById(report, 'cover');
  doc.moveDown(0.4).fontSize(8).fillColor('#555');
  for (const row of cover.rows.slice(1, 5)) doc.text(`${row[0]}: ${row[1]}`);
  doc.fillColor('#000').moveDown(0.6).fontSize(11).text('主要指标 Headline KPIs');
  headlineTable(doc, sectionById(report, 'headline'));

  const trend = sectionById(report, 'trend');
  const labels = trend.rows.map((row) => String(row[0]).slice(2));
  const col = (key: string) => trend.columns.findIndex((c) => c.key === key);
  const values = (key: string) => trend.rows.map((row) => (typeof row[col(key)] === 'number' ? (row[col(key)] as number) : null));
  const complaints = values('complaints');
  // Four gridline steps of a whole number of complaints each.
  const step = Math.max(1, Math.ceil((Math.max(0, ...complaints.map((v) => v ?? 0)) * 1.1) / 4));
  chart(doc, '投诉量（近12个月）Complaints, last 12 months', labels,
    [{ label: '投诉量 Complaints', color: '#4a78b5', values: complaints }], 'bar', { min: 0, max: step * 4, percent: false });
  const rates = [values('satisfactionRate'), values('slaComplianceRate'), values('repeatComplaintRate')];
  // From a multiple of 20% below the lowest rate to 100%: four steps of whole percentages.
  const lowest = Math.min(1, ...rates.flat().filter((v): v is number => v !== null));
  chart(doc, '满意率、及时率、重复投诉率 Satisfaction, SLA compliance and repeat rates', labels, [
    { label: '满意率 Satisfaction', color: '#2e8b57', values: rates[0]! },
    { label: '及时率 SLA compliance', color: '#4a78b5', values: rates[1]! },
    { label: '重复投诉率 Repeat rate', color: '#c0504d', values: rates[2]! },
  ], 'line', { min: Math.min(0.8, Math.floor(lowest * 5) / 5), max: 1, percent: true });

  doc.fontSize(7).fillColor('#555').text('完整数据见 XLSX / CSV（含分类、单位、渠道、报备、明细与指标定义）。 Full figures in the XLSX and CSV files (categories, org units, channels, exemptions, detail and definitions).', MARGIN, doc.y + 4);
  doc.end();
  return done;
}
