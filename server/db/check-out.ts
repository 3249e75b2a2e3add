import type pg from 'pg';

const guardedClients = new WeakSet<pg.PoolClient>();

/**
 * A pooled client for statements of one's own (a transaction, a cursor, a
 * pipeline). If its connection is lost while it is checked out (Postgres
 * restarted, the backend terminated), pg rejects the statement in flight and
 * then emits 'error' on the client, which the pool leaves to whoever holds
 * it: with no listener that is an uncaught exception, and the process would
 * exit. The listener here lets the statement's rejection speak; the client,
 * no longer queryable, leaves the pool when released.
 */
export async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  if (!guardedClients.has(client)) {
    client.on('error', () => {});
    guardedClients.add(client);
  }
  return client;
}
