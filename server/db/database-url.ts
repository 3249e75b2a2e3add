import { StartupError } from '../startup-error.ts';

export type DatabaseTarget = { host: string; port: number; database: string; user: string };

const EXAMPLE = 'postgres://user:password@localhost:5432/clearline';

/** Checks DATABASE_URL before any connection is tried, naming what is wrong. */
export function parseDatabaseUrl(raw: string): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StartupError(`DATABASE_URL is not a valid URL; expected something like ${EXAMPLE}.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StartupError(`DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//; expected something like ${EXAMPLE}.`);
  }
  if (!url.hostname) throw new StartupError(`DATABASE_URL names no host; expected something like ${EXAMPLE}.`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new StartupError(`DATABASE_URL names no database (the part after the last /); expected something like ${EXAMPLE}.`);
  const port = url.port ? Number(url.port) : 5432;
  return { host: url.hostname, port, database, user: decodeURIComponent(url.username) || 'postgres' };
}

/** The URL with its password hidden, for messages and logs. */
export function redactDatabaseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** The same server, another database (tests make throwaway ones). */
export function withDatabase(raw: string, database: string): string {
  const url = new URL(raw);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
