/**
 * Whether an error means "the database is not there" (stopped, restarting,
 * failing over, unreachable) rather than "this statement is wrong". Such a
 * request answers 503 DATABASE_UNAVAILABLE, never a bare 500: the server
 * itself is fine, and the pools reconnect once Postgres answers again.
 */

/** The code requests get while the database is unavailable (GraphQL extensions.code and HTTP bodies). */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

/** How long opening a connection may take before the database counts as unavailable (every pool and client). */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Seconds a client is asked to wait (Retry-After) before trying again. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Socket-level failures reaching or keeping the server.
const SOCKET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused: Postgres is not running or not listening there',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ETIMEDOUT: 'no answer from the database host',
  EHOSTUNREACH: 'the database host is unreachable',
  ENETUNREACH: 'the database network is unreachable',
  ENOTFOUND: 'the database host name does not resolve',
  EAI_AGAIN: 'the database host name does not resolve (DNS)',
};

// SQLSTATEs a server sends while it shuts down, starts or cannot take more clients.
const SQLSTATES: Record<string, string> = {
  '57P01': 'Postgres is shutting down (terminating connections)',
  '57P02': 'Postgres crashed and is restarting',
  '57P03': 'Postgres is starting up or shutting down and takes no connections',
  '53300': 'Postgres has no free connection slots',
};

// node-postgres and pg-pool say these in messages only, without a code.
const DRIVER_MESSAGES: [RegExp, string][] = [
  [/timeout exceeded when trying to connect|Connection terminated due to connection timeout|timeout expired/i, 'no connection within the connect timeout'],
  [/Connection terminated|Client has encountered a connection error|connection is closed|Client was closed/i, 'the connection to Postgres was lost'],
  [/the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i, 'Postgres is starting up or shutting down'],
];

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown; errors?: unknown };

/** Why the database is unavailable, in words an operator understands; undefined for any other error. */
export function databaseUnavailableReason(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length) {
    const current = pending.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as ErrorLike;
    const code = typeof e.code === 'string' ? e.code : '';
    // SQLSTATE class 08: connection exception.
    const reason = SOCKET_CODES[code] ?? SQLSTATES[code] ?? (/^08/.test(code) ? 'the connection to Postgres failed' : undefined);
    if (reason) return reason;
    const message = typeof e.message === 'string' ? e.message : '';
    for (const [pattern, said] of DRIVER_MESSAGES) if (pattern.test(message)) return said;
    // TypeORM wraps the driver's error; Node's dual-stack connect wraps one per address.
    pending.push(e.cause, e.driverError, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return undefined;
}

/** The message a client gets: what is wrong and that waiting helps. */
export function databaseUnavailableMessage(reason: string): string {
  return `The database is unavailable (${reason}). Clearline reconnects by itself once it answers again: retry in a few seconds.`;
}
