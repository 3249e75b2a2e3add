import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CALENDAR_FIRST_DAY } from '../server/calendar/calendar-days.ts';
import { loadBusinessCalendar } from '../server/calendar/calendar.loader.ts';
import { applyExemptionCoverage } from '../server/ingest/exemption-coverage.ts';
import { refreshRepeatFlags } from '../server/ingest/repeat-detection.ts';
import { refreshRollups } from '../server/rollups/rollup-refresh.ts';
import { COPY_COLUMNS, DemoGenerator, type DemoOptions, type DemoTable } from './demo-generator.ts';
import { DEMO_TARGETS } from './reference/targets.ts';

export type SeedReport = { rows: Record<DemoTable, number>; repeats: number; exempt: number; seconds: number };
export type Progress = (line: string) => void;

/** Tables the demo data fills, children first (the order to empty them in). */
const STAR_TABLES_CHILDREN_FIRST = [
  'rollup_complaint_received_daily', 'rollup_complaint_resolved_daily', 'rollup_survey_daily', 'rollup_customer_month', 'rollup_state',
  'kpi_target', 'fact_survey', 'exemption_filing_complaint', 'fact_complaint', 'exemption_filing_category', 'exemption_filing',
  'fact_customer_month', 'dim_customer_flag', 'dim_customer', 'dim_channel', 'dim_category', 'dim_org_unit',
];
const IDENTITY_COLUMNS: [table: string, column: string][] = [
  ['dim_customer', 'customer_id'], ['exemption_filing', 'exemption_filing_id'],
  ['fact_complaint', 'complaint_id'], ['fact_survey', 'survey_id'],
];
/** The big tables, whose secondary indexes are built after the load. */
const BULK_TABLES = ['dim_customer', 'fact_complaint', 'fact_survey'];
const ROWS_PER_CHUNK = 2_000;
const PROGRESS_EVERY = 100_000;

export async function hasComplaintData(db: pg.Pool | pg.PoolClient): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM fact_complaint LIMIT 1');
  return (rowCount ?? 0) > 0;
}

/**
 * Generates the demo data and loads it with COPY, in one transaction: a load
 * that fails or is interrupted leaves the database as it was. Refuses to touch
 * a database that already holds data unless `replace` is set.
 */
export async function loadDemoData(
  pool: pg.Pool,
  options: DemoOptions & { timeZone: string; replace?: boolean },
  progress: Progress = () => {},
): Promise<SeedReport> {
  const started = performance.now();
  const client = await pool.connect();
  let generator: DemoGenerator | undefined;
  try {
    const hasDimensions = (await client.query('SELECT 1 FROM dim_org_unit LIMIT 1')).rowCount! > 0;
    if ((hasDimensions || (await hasComplaintData(client))) && !options.replace) {
      throw new Error('the database already holds data; pass --replace to delete it and load the demo data instead');
    }
    const calendar = await loadBusinessCalendar(client, options.timeZone);
    generator = new DemoGenerator(options, calendar);
    const rows = {} as Record<DemoTable, number>;
    const copy = async (table: DemoTable, lines: Iterable<string>) => {
      const tableStarted = performance.now();
      rows[table] = await copyLines(client, table, lines, (n) => progress(`  ${table}: ${n.toLocaleString('en-US')} rows…`));
      progress(`  ${table}: ${rows[table].toLocaleString('en-US')} rows in ${((performance.now() - tableStarted) / 1000).toFixed(1)} s`);
    };

    await client.query('BEGIN');
    if (options.replace) await client.query(`TRUNCATE ${STAR_TABLES_CHILDREN_FIRST.join(', ')}`);
    await client.query(`SET LOCAL work_mem = '256MB'`);
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    // Bulk load into empty tables: build secondary indexes once at the end, and
    // (as superuser) check foreign keys in one pass afterwards instead of per row.
    const rebuildIndexes = [...await dropSecondaryIndexes(client, BULK_TABLES), ...await dropUniqueConstraints(client, BULK_TABLES)];
    const deferForeignKeys = await isSuperuser(client);
    if (deferForeignKeys) await client.query('SET LOCAL session_replication_role = replica');
    progress(`Generating demo data: ${options.customers.toLocaleString('en-US')} customers, ${options.months} months to ${options.until}, seed ${options.seed}`);
    await copy('dim_org_unit', generator.orgUnitRows());
    await copy('dim_category', generator.categoryRows());
    await copy('dim_channel', generator.channelRows());
    await copy('dim_customer', generator.customerRows());
    await copy('dim_customer_flag', generator.flagRows());
    await copy('fact_customer_month', generator.customerMonthRows());
    await copy('exemption_filing', generator.filingRows());
    await copy('exemption_filing_category', generator.filingCategoryRows());
    await copy('fact_complaint', generator.complaintRows());
    await copy('exemption_filing_complaint', generator.namedComplaintRows());
    await copy('fact_survey', generator.surveyRowsAll());

    await insertTargets(client, CALENDAR_FIRST_DAY);
    // Repeats first, while the complaints carry few indexes to update.
    let stepStarted = performance.now();
    const repeats = await refreshRepeatFlags(client);
    progress(`  ${repeats.toLocaleString('en-US')} repeat complaints flagged in ${((performance.now() - stepStarted) / 1000).toFixed(1)} s`);
    stepStarted = performance.now();
    for (const definition of rebuildIndexes) await client.query(definition);
    if (deferForeignKeys) {
      await client.query('SET LOCAL session_replication_role = origin');
      await verifyForeignKeys(client, STAR_TABLES_CHILDREN_FIRST);
    }
    await client.query(`ANALYZE ${STAR_TABLES_CHILDREN_FIRST.join(', ')}`);
    progress(`  indexes built and foreign keys checked in ${((performance.now() - stepStarted) / 1000).toFixed(1)} s`);
    stepStarted = performance.now();
    const exempt = await applyExemptionCoverage(client);
    progress(`  ${exempt.toLocaleString('en-US')} complaints covered by exemption filings in ${((performance.now() - stepStarted) / 1000).toFixed(1)} s`);
    stepStarted = performance.now();
    await refreshRollups(client);
    await client.query(`ANALYZE rollup_complaint_received_daily, rollup_complaint_resolved_daily, rollup_survey_daily`);
    progress(`  KPI rollups built in ${((performance.now() - stepStarted) / 1000).toFixed(1)} s`);
    for (const [table, column] of IDENTITY_COLUMNS) {
      await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${column}) FROM ${table}), 0) + 1, false)`, [table, column]);
    }
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    progress(`Loaded ${rows.fact_complaint.toLocaleString('en-US')} complaints, ${rows.fact_survey.toLocaleString('en-US')} surveys and ${rows.dim_customer.toLocaleString('en-US')} customers in ${seconds.toFixed(1)} s`);
    return { rows, repeats, exempt, seconds };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    generator?.discard();
    client.release();
  }
}

/** Streams COPY text lines into a table in chunks, honouring backpressure. */
async function copyLines(client: pg.PoolClient, table: DemoTable, lines: Iterable<string>, onProgress: (rows: number) => void): Promise<number> {
  let count = 0;
  function* chunks(): Generator<string> {
    let chunk = '';
    let inChunk = 0;
    for (const line of lines) {
      chunk += line;
      count++;
      if (++inChunk === ROWS_PER_CHUNK) {
        yield chunk;
        chunk = '';
        inChunk = 0;
      }
      if (count % PROGRESS_EVERY === 0) onProgress(count);
    }
    if (chunk) yield chunk;
  }
  const columns = COPY_COLUMNS[table].join(', ');
  await pipeline(Readable.from(chunks(), { objectMode: false }), client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
  return count;
}

/** Drops the indexes that back no constraint, returning the statements that rebuild them. */
async function dropSecondaryIndexes(client: pg.PoolClient, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY ($1) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const { name } of rows) await client.query(`DROP INDEX ${name}`);
  return rows.map((r) => r.definition);
}

async function isSuperuser(client: pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
  return rows[0]?.rolsuper === true;
}

/**
 * Checks every foreign key of the given tables after a load that ran with
 * per-row checks off: one scan per table testing all its keys at once (each
 * parent hashed), and only if that finds a broken row, one query per key to
 * name it.
 */
async function verifyForeignKeys(client: pg.PoolClient, tables: string[]): Promise<void> {
  const { rows } = await client.query<{ name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }>(
    `SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS child_cols,
            array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS parent_cols
       FROM pg_constraint c
      WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY ($1)`,
    [tables],
  );
  const id = pg.escapeIdentifier;
  const broken = (fk: (typeof rows)[number]) => {
    const present = fk.child_cols.map((col) => `c.${id(col)} IS NOT NULL`).join(' AND ');
    const joins = fk.child_cols.map((col, i) => `p.${id(fk.parent_cols[i]!)} = c.${id(col)}`).join(' AND ');
    return `(${present} AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${joins}))`;
  };
  for (const child of new Set(rows.map((fk) => fk.child))) {
    const keys = rows.filter((fk) => fk.child === child);
    const { rowCount } = await client.query(`SELECT 1 FROM ${child} c WHERE ${keys.map(broken).join(' OR ')} LIMIT 1`);
    if (!rowCount) continue;
    for (const fk of keys) {
      const { rowCount: bad } = await client.query(`SELECT 1 FROM ${fk.child} c WHERE ${broken(fk)} LIMIT 1`);
      if (bad) throw new Error(`demo data breaks foreign key ${fk.name} (${fk.child} → ${fk.parent})`);
    }
  }
}

/** The demo targets, valid for all the history the calendar covers. */
async function insertTargets(client: pg.PoolClient, validFrom: string): Promise<void> {
  await client.query(
    `INSERT INTO kpi_target (kpi_code, org_unit_id, period_grain, valid_from, target, direction, amber_band)
     SELECT t.kpi, u.org_unit_id, t.grain, $1::date, t.target, t.direction, t.amber
       FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::numeric[]) AS t(kpi, unit, grain, target, direction, amber)
       JOIN dim_org_unit u ON u.code = t.unit`,
    [validFrom, ...(['kpi', 'orgUnit', 'grain', 'target', 'direction', 'amberBand'] as const).map((k) => DEMO_TARGETS.map((t) => t[k]))],
  );
}

/**
 * Drops the unique constraints no foreign key refers to (account numbers,
 * source ids), returning the statements that add them back: built once from
 * sorted data instead of checked row by row.
 */
async function dropUniqueConstraints(client: pg.PoolClient, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c
      WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY ($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)`,
    [tables],
  );
  for (const { table_name, name } of rows) await client.query(`ALTER TABLE ${table_name} DROP CONSTRAINT ${pg.escapeIdentifier(name)}`);
  return rows.map((r) => `ALTER TABLE ${r.table_name} ADD CONSTRAINT ${pg.escapeIdentifier(r.name)} ${r.definition}`);
}
