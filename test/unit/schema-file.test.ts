import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { clearlineSchema, printClearlineSchema } from '../../server/graphql/schema.ts';

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing the API)', async () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
    expect(printClearlineSchema(await clearlineSchema())).toBe(committed);
  });

  it('describes every type and field for a new analyst', async () => {
    const schema = await clearlineSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description && !['Query', 'Mutation'].includes(type.name)) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
