// npm run schema:print — writes the API's schema to schema/schema.graphql
// (committed, so every schema change is a visible diff; a test checks it).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../cli.ts';
import { PROJECT_ROOT } from '../config.ts';
import { clearlineSchema, printClearlineSchema } from './schema.ts';

export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

await runCli(async () => {
  await writeFile(SCHEMA_FILE, printClearlineSchema(await clearlineSchema()));
  console.log(`Wrote ${path.relative(PROJECT_ROOT, SCHEMA_FILE)}`);
});
