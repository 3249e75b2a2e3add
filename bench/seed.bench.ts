// npm run bench:seed — generate and load about 1M complaints with their
// customers and surveys; print rows per second. Target: under 60 s.
// Uses DATABASE_URL's server when set (in a throwaway database), else a
// throwaway embedded Postgres.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { BusinessCalendar } from '../server/calendar/business-calendar.ts';
import { calendarDays } from '../server/calendar/calendar-days.ts';
import { createPool } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { DemoGenerator, type DemoOptions } from '../seeds/demo-generator.ts';
import { ONE_MILLION, throwawayDatabase } from './bench-database.ts';
import { loadDemoData } from '../seeds/demo-loader.ts';

const OPTIONS: DemoOptions = ONE_MILLION;
const TIME_ZONE = 'Asia/Shanghai';

const rate = (rows: number, seconds: number) => `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`;

function generateOnly(): { rows: number; seconds: number; complaints: number } {
  const started = performance.now();
  const g = new DemoGenerator(OPTIONS, new BusinessCalendar(calendarDays(), TIME_ZONE));
  let rows = 0;
  let complaints = 0;
  for (const _ of g.customerRows()) rows++;
  rows += g.flagRows().length + g.customerMonthRows().length + g.filingRows().length;
  for (const _ of g.complaintRows()) complaints++;
  rows += complaints + g.surveyRowsAll().length + g.namedComplaintRows().length;
  g.discard();
  return { rows, complaints, seconds: (performance.now() - started) / 1000 };
}


console.log(`Seed benchmark: ${OPTIONS.customers.toLocaleString('en-US')} customers, ${OPTIONS.months} months, ${OPTIONS.complaintsPer10k} complaints per 10,000 customers a month (${os.cpus().length} cores)`);
const generated = generateOnly();
console.log(`Generate only: ${generated.rows.toLocaleString('en-US')} rows (${generated.complaints.toLocaleString('en-US')} complaints) in ${generated.seconds.toFixed(1)} s — ${rate(generated.rows, generated.seconds)}`);

const database = await throwawayDatabase(`clearline_bench_${randomBytes(4).toString('hex')}`);
try {
  await migrate(database.url);
  const pool = createPool(database.url, { max: 2 });
  try {
    const report = await loadDemoData(pool, { ...OPTIONS, timeZone: TIME_ZONE });
    const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
    console.log(`Generate + load: ${total.toLocaleString('en-US')} rows in ${report.seconds.toFixed(1)} s — ${rate(total, report.seconds)}`);
    console.log(`  complaints ${report.rows.fact_complaint.toLocaleString('en-US')}, surveys ${report.rows.fact_survey.toLocaleString('en-US')}, customers ${report.rows.dim_customer.toLocaleString('en-US')}`);
    console.log(`  complaints per second end to end: ${rate(report.rows.fact_complaint, report.seconds).replace('rows', 'complaints')}`);
    console.log(report.seconds < 60 ? 'Target met: under 60 s.' : 'Target missed: 60 s or more.');
  } finally {
    await pool.end();
  }
} finally {
  await database.dispose();
}
