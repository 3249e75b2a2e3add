// npm run rollups:refresh -- [--from YYYY-MM-DD --to YYYY-MM-DD]
// Rebuilds the KPI rollups from the facts (all days, or the months of a range),
// e.g. after facts were changed outside Clearline's own loads.
import { parseArgs } from 'node:util';
import { runCli } from '../cli.ts';
import { loadConfig } from '../config.ts';
import { createPool, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { refreshRollups } from './rollup-refresh.ts';
import { checkOut } from '../db/check-out.ts';

await runCli(async () => {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  if ((values.from === undefined) !== (values.to === undefined)) throw new Error('give both --from and --to, or neither');
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  }
  const database = await openDatabase(loadConfig(), console.log);
  try {
    await migrate(database.url, console.log);
    const pool = createPool(database.url, { max: 1, applicationName: 'clearline-rollups' });
    const client = await checkOut(pool);
    try {
      const started = performance.now();
      await client.query('BEGIN');
      await client.query(`SET LOCAL work_mem = '256MB'`);
      await refreshRollups(client, values.from ? { from: values.from, to: values.to! } : undefined);
      await client.query('COMMIT');
      console.log(`KPI rollups rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      client.release();
      await pool.end();
    }
  } finally {
    await database.close();
  }
});
