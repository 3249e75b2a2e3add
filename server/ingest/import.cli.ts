// npm run import -- <kind> <file> [--mapping m.json|m.yaml] [--encoding utf-8|gbk|gb18030] [--batch-size N]
// Loads a utility's CSV export (docs/IMPORT.md): bad rows go to the
// quarantine, the report is printed at the end.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Viewer } from '../auth/viewer.ts';
import { runCli } from '../cli.ts';
import { loadConfig } from '../config.ts';
import { createPool, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { normalizeEncoding, readMappingFile } from './import/import-mapping.ts';
import { formatImportReport } from './import/import-report.format.ts';
import { runImport } from './import/import.runner.ts';
import { IMPORT_KINDS, type ImportKind } from './import/import.types.ts';

await runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: { mapping: { type: 'string' }, encoding: { type: 'string' }, 'batch-size': { type: 'string' } },
  });
  const [kind, file, ...extra] = positionals;
  if (!kind || !file || extra.length) throw new Error(`usage: npm run import -- <${IMPORT_KINDS.join('|')}> <file.csv> [--mapping m.json] [--encoding utf-8|gbk] [--batch-size N]`);
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown kind "${kind}": one of ${IMPORT_KINDS.join(', ')}`);
  await access(file).catch(() => {
    throw new Error(`cannot read ${file}`);
  });
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 50_000)) throw new Error('--batch-size must be a whole number from 1 to 50000');
  const mapping = values.mapping ? await readMappingFile(values.mapping) : undefined;
  const encoding = values.encoding ? normalizeEncoding(values.encoding) : undefined;

  const config = loadConfig();
  // The operator at the console acts with full authority, recorded under their OS user.
  const viewer: Viewer = { id: `cli:${os.userInfo().username}`, displayName: 'Command line', roles: ['ADMIN'], orgUnitScope: ['/'] };
  const database = await openDatabase(config, console.log);
  try {
    await migrate(database.url, () => {});
    const pool = createPool(database.url, { max: 1, applicationName: 'clearline-import' });
    try {
      const report = await runImport(pool, createReadStream(file), {
        kind: kind as ImportKind, sourceName: file, viewer, timeZone: config.timeZone, mapping, encoding, batchSize,
        onBatch: (r) => console.log(`batch ${r.batches} committed: ${r.rowsRead} rows read, ${r.inserted} inserted, ${r.updated} updated, ${r.quarantined} quarantined`),
      });
      console.log(formatImportReport(report));
    } finally {
      await pool.end();
    }
  } finally {
    await database.close();
  }
});
