import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { runAsViewer } from '../../server/auth/viewer-session.ts';
import type { Viewer } from '../../server/auth/viewer.ts';
import { createDataSource } from '../../server/db/data-source.ts';
import { poolOf, raw, selectRows, sql, type RunOptions } from '../../server/db/sql.ts';
import { MAX_PLAN_EACH_RUN_NAMES } from '../../server/db/statement-names.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Named prepared statements (server/db/statement-names.ts): the DataLoaders'
// lookups may settle on a generic plan; the KPI statements are prepared but
// planned for each run's values (the overview's may keep a plan), and only
// so many of their texts get a name.
// Postgres's own counters (pg_prepared_statements) tell how each was planned.

const ADMIN: Viewer = { id: 'prep', displayName: 'Prep', roles: ['ADMIN'], orgUnitScope: ['/'] };

describe('prepared statements', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // One connection: every statement, and the look at its prepared statements, share one session.
    dataSource = createDataSource(db.url, { poolSize: 1 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const runTimes = async (times: number, text: string, options: RunOptions, asViewer = true) => {
    for (let i = 0; i < times; i++) {
      const run = () => selectRows<{ n: number }>(dataSource, sql`${raw(text)} WHERE ${i} >= 0`, options);
      const rows = asViewer ? await runAsViewer(ADMIN, run) : await run();
      expect(rows).toHaveLength(1);
    }
  };
  const plansOf = async (text: string) =>
    (await poolOf(dataSource).query<{ generic_plans: string; custom_plans: string }>(
      'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1', [`${text} WHERE $1 >= 0`],
    )).rows.map((row) => ({ generic: Number(row.generic_plans), custom: Number(row.custom_plans) }));

  it('plans a plan-each-run statement for every run, named from its second run on', async () => {
    const text = 'SELECT count(*)::int AS n FROM fact_complaint /* plan-each-run */';
    await runTimes(8, text, { prepare: 'plan-each-run' });
    // The first run went unnamed; the seven since reused the name, each planned anew (Postgres would go generic after five).
    expect(await plansOf(text)).toEqual([{ generic: 0, custom: 7 }]);
  });

  it('leaves a reuse-plan statement free to settle on a generic plan, in the same session after plan-each-run ones', async () => {
    const text = 'SELECT count(*)::int AS n FROM dim_channel /* reuse-plan */';
    await runTimes(8, text, { prepare: 'reuse-plan' });
    const [plans] = await plansOf(text);
    expect(plans!.generic + plans!.custom).toBe(8);
    expect(plans!.generic).toBeGreaterThan(0);
  });

  it('runs plan-each-run unnamed outside a viewer’s transaction (the planning setting is local to it)', async () => {
    const text = 'SELECT count(*)::int AS n FROM dim_org_unit /* owner */';
    await runTimes(3, text, { prepare: 'plan-each-run' }, false);
    expect(await plansOf(text)).toEqual([]);
  });

  it('names a reuse-plan-when-repeated statement from its second run on, and lets it settle on a generic plan', async () => {
    const text = 'SELECT count(*)::int AS n FROM dim_category /* reuse-plan-when-repeated */';
    await runTimes(9, text, { prepare: 'reuse-plan-when-repeated' });
    const [plans] = await plansOf(text);
    // The first run went unnamed; of the eight since, Postgres planned the first five for their values, then kept a generic plan.
    expect(plans).toEqual({ generic: 3, custom: 5 });
  });

  it('runs reuse-plan-when-repeated unnamed outside a viewer’s transaction', async () => {
    const text = 'SELECT count(*)::int AS n FROM dim_channel /* repeated, owner */';
    await runTimes(3, text, { prepare: 'reuse-plan-when-repeated' }, false);
    expect(await plansOf(text)).toEqual([]);
  });

  it(`names at most ${MAX_PLAN_EACH_RUN_NAMES} plan-each-run and reuse-plan-when-repeated texts; the rest run unnamed, and still answer`, async () => {
    const texts = Array.from({ length: MAX_PLAN_EACH_RUN_NAMES + 5 }, (_, i) => `SELECT ${i}::int AS n /* capped */`);
    for (const text of texts) await runTimes(2, text, { prepare: 'plan-each-run' });
    const named = (await poolOf(dataSource).query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%/* plan-each-run */%' OR statement LIKE '%/* reuse-plan-when-repeated */%' OR statement LIKE '%/* capped */%'`)).rows[0]!.n;
    expect(named).toBe(MAX_PLAN_EACH_RUN_NAMES);
    expect(await plansOf(texts.at(-1)!)).toEqual([]);
  });
});
