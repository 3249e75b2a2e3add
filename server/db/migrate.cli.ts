// npm run migrate: applies pending migrations to DATABASE_URL (or the embedded Postgres).
import { runCli } from '../cli.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';

await runCli(async () => {
  const database = await openDatabase(loadConfig(), console.log);
  try {
    const report = await migrate(database.url, console.log);
    console.log(report.applied.length === 0 ? 'Schema is up to date: no migration to apply.' : `Applied ${report.applied.length} migration(s).`);
    if (report.calendarDaysChanged > 0) console.log(`Calendar: ${report.calendarDaysChanged} day(s) of dim_date added or updated.`);
  } finally {
    await database.close();
  }
});
