import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Sql } from '../db/sql.ts';

/** TypeORM's own pg pool (as server/db/sql.ts uses it): jobs need clients for transactions and cursors. */
export function poolOf(db: DataSource): pg.Pool {
  return (db.driver as unknown as { master: pg.Pool }).master;
}

export async function rowsOf<T>(db: pg.Pool | pg.PoolClient, query: Sql): Promise<T[]> {
  return (await db.query(query.text, query.values)).rows as T[];
}

/** Runs `work` in one transaction on a client of the pool. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
