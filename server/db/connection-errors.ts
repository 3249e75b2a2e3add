import { StartupError } from '../startup-error.ts';
import { parseDatabaseUrl, redactDatabaseUrl } from './database-url.ts';

type PgLikeError = { code?: string; message?: string };

/** Turns a driver error on first contact into one line an operator can act on. */
export function describeConnectionFailure(url: string, error: unknown): StartupError {
  const target = parseDatabaseUrl(url);
  const where = `${target.host}:${target.port}`;
  const err = (error ?? {}) as PgLikeError;
  const shown = redactDatabaseUrl(url);
  switch (err.code) {
    case 'ECONNREFUSED':
      return new StartupError(`Cannot reach Postgres at ${where} (connection refused): start the database or fix DATABASE_URL (${shown}).`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`Cannot resolve the database host "${target.host}": fix the host in DATABASE_URL (${shown}).`, { cause: error });
    case 'ETIMEDOUT':
      return new StartupError(`Timed out connecting to Postgres at ${where}: check the host, port and firewall in DATABASE_URL (${shown}).`, { cause: error });
    case '28P01':
    case '28000':
      return new StartupError(`Postgres at ${where} refused user "${target.user}": check the user and password in DATABASE_URL.`, { cause: error });
    case '3D000':
      return new StartupError(`Database "${target.database}" does not exist on ${where}: create it (createdb ${target.database}) or fix DATABASE_URL.`, { cause: error });
    default:
      return new StartupError(`Cannot connect to Postgres at ${where}: ${err.message ?? String(error)} (DATABASE_URL=${shown}).`, { cause: error });
  }
}
