// A process generating an export, for test/integration/export-crash.test.ts:
// records an ad-hoc complaints extract (as requestComplaintsExtract does for
// the API) and runs its job in this process until it settles. The test kills
// it mid-write. Needs DATABASE_URL and CLEARLINE_EXPORT_DIR.
import { TEST_ADMIN } from './test-api.ts';
import { createDataSource } from '../../server/db/data-source.ts';
import { exportConfigFromEnv } from '../../server/exports/export-config.ts';
import { exportSettled, requestComplaintsExtract } from '../../server/exports/export-jobs.ts';

const db = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
await db.initialize();
const deps = { db, config: exportConfigFromEnv() };
const record = await requestComplaintsExtract(deps, TEST_ADMIN, { filter: null, format: 'CSV', now: new Date().toISOString() });
console.log(`export ${record.id} recorded`);
await exportSettled(record.id);
console.log(`export ${record.id} settled`);
await db.destroy();
