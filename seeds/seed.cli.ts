// npm run seed -- [--customers N] [--months N] [--seed N] [--until YYYY-MM-DD] [--rate N] [--replace]
import { loadConfig } from '../server/config.ts';
import { createPool, openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { runCli } from '../server/cli.ts';
import { loadDemoData } from './demo-loader.ts';
import { parseSeedArgs } from './seed-options.ts';

await runCli(async () => {
  const config = loadConfig();
  const command = parseSeedArgs(process.argv.slice(2), config.timeZone);
  const database = await openDatabase(config, console.log);
  try {
    await migrate(database.url, console.log);
    const pool = createPool(database.url, { max: 2, applicationName: 'clearline-seed' });
    try {
      await loadDemoData(pool, { ...command, timeZone: config.timeZone }, console.log);
    } finally {
      await pool.end();
    }
  } finally {
    await database.close();
  }
});
