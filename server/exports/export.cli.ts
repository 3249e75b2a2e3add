// npm run export -- monthly --org CODE --month YYYY-MM [--formats XLSX,CSV,PDF]
// npm run export -- quarterly --org CODE --quarter YYYY-Qn [--formats ...]
// npm run export -- verify ID
// npm run export -- resume
// npm run export -- schedules
// Generates a regulator return from the command line (recorded and audited
// like one requested through the API, as the operator `cli:<user>`), checks
// a delivered one against today's data, or completes jobs a stopped server
// left QUEUED or RUNNING (running servers do this themselves; a job another
// live process holds is left to it), or lists the scheduled returns with
// each period's delivery or failure.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Viewer } from '../auth/viewer.ts';
import { runCli } from '../cli.ts';
import { loadConfig } from '../config.ts';
import { createDataSource } from '../db/data-source.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { selectRows, sql } from '../db/sql.ts';
import { exportConfigFromEnv } from './export-config.ts';
import { poolOf } from '../db/sql.ts';
import { requestRegulatorReturn, resumeInterruptedExports, exportSettled } from './export-jobs.ts';
import { EXPORT_FORMATS, loadExport, type ExportFormat } from './export-record.ts';
import { verifyExport } from './export-verify.ts';
import { listExportSchedules } from './export-schedules.ts';
import { formatSchedules } from './schedule-listing.format.ts';

const USAGE = 'usage: npm run export -- monthly --org CODE --month YYYY-MM | quarterly --org CODE --quarter YYYY-Qn [--formats XLSX,CSV,PDF] | verify ID | resume | schedules';

await runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { org: { type: 'string' }, month: { type: 'string' }, quarter: { type: 'string' }, formats: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [command, argument] = positionals;
  if (!command || !['monthly', 'quarterly', 'verify', 'resume', 'schedules'].includes(command)) throw new Error(USAGE);
  const operator: Viewer = { id: `cli:${userInfo().username}`, displayName: 'Command line', roles: ['ADMIN'], orgUnitScope: ['/'] };
  const config = loadConfig();
  const database = await openDatabase(config, console.log);
  const db = createDataSource(database.url, { poolSize: 2 });
  try {
    await migrate(database.url, console.log);
    await db.initialize();
    const deps = { db, config: { ...exportConfigFromEnv(), timeZone: config.timeZone } };
    if (command === 'resume') {
      const ids = await resumeInterruptedExports(deps);
      console.log(ids.length ? `re-ran exports ${ids.join(', ')}` : 'no interrupted exports');
      return;
    }
    if (command === 'schedules') {
      for (const line of formatSchedules(await listExportSchedules(poolOf(db), operator, { includeDisabled: true }))) console.log(line);
      return;
    }
    if (command === 'verify') {
      if (!argument || !/^\d+$/.test(argument)) throw new Error('verify needs an export id, e.g. npm run export -- verify 12');
      const result = await verifyExport(deps, operator, argument);
      console.log(result.unchanged ? `export ${argument}: unchanged (same figures, byte-identical files)` : `export ${argument}: CHANGED — ${result.movedCount} figure(s) moved${result.filesIdentical ? '' : ', files differ'}`);
      for (const m of result.moved) console.log(`  ${m.figure}: ${JSON.stringify(m.was)} → ${JSON.stringify(m.now)}`);
      return;
    }
    if (!values.org) throw new Error(`--org is required (an org unit code, e.g. P for the province)\n${USAGE}`);
    const [unit] = await selectRows<{ org_unit_id: number }>(db, sql`SELECT org_unit_id FROM dim_org_unit WHERE code = ${values.org}`);
    if (!unit) throw new Error(`--org: no org unit has the code "${values.org}"`);
    const formats = (values.formats ?? EXPORT_FORMATS.join(',')).split(',').map((f) => f.trim().toUpperCase());
    const unknown = formats.find((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
    if (unknown) throw new Error(`--formats: "${unknown}" is not one of ${EXPORT_FORMATS.join(', ')}`);
    const label = command === 'monthly' ? values.month : values.quarter;
    if (!label) throw new Error(command === 'monthly' ? '--month YYYY-MM is required' : '--quarter YYYY-Qn is required');
    const record = await requestRegulatorReturn(deps, operator, { period: command === 'monthly' ? 'MONTHLY' : 'QUARTERLY', orgUnitId: unit.org_unit_id, label, formats: formats as ExportFormat[] });
    await exportSettled(record.id);
    const done = (await loadExport(poolOf(db), record.id))!;
    if (done.status !== 'DONE') throw new Error(`export ${record.id} failed: ${done.error}`);
    console.log(`export ${done.id}: data as of ${done.dataAsOf?.toISOString()}`);
    for (const f of done.files) console.log(`  ${join(deps.config.directory, done.id, f.fileName)}  ${f.byteSize} bytes  sha256 ${f.sha256}`);
  } finally {
    if (db.isInitialized) await db.destroy();
    await database.close();
  }
});
