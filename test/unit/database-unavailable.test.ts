import { describe, expect, it } from 'vitest';
import { databaseUnavailableReason } from '../../server/db/database-unavailable.ts';

// Which failures count as "the database is unavailable" (HTTP 503, retry)
// rather than a bug (500) or the caller's fault.

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('databaseUnavailableReason', () => {
  it('recognises a database that is down, restarting, full or silent', () => {
    expect(databaseUnavailableReason(withCode('ECONNREFUSED'))).toMatch(/connection refused/);
    expect(databaseUnavailableReason(withCode('57P01', 'terminating connection due to administrator command'))).toMatch(/shutting down/);
    expect(databaseUnavailableReason(withCode('57P03', 'the database system is starting up'))).toMatch(/starting up/);
    expect(databaseUnavailableReason(withCode('53300', 'sorry, too many clients already'))).toMatch(/no free connection slots/);
    expect(databaseUnavailableReason(withCode('08006'))).toMatch(/connection to Postgres failed/);
    expect(databaseUnavailableReason(new Error('timeout exceeded when trying to connect'))).toMatch(/connect timeout/);
    expect(databaseUnavailableReason(new Error('Connection terminated unexpectedly'))).toMatch(/lost/);
  });

  it('looks through wrappers: TypeORM driverError, cause, and dual-stack AggregateError', () => {
    expect(databaseUnavailableReason({ message: 'Query failed', driverError: withCode('57P01') })).toMatch(/shutting down/);
    expect(databaseUnavailableReason(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toMatch(/reset/);
    expect(databaseUnavailableReason(new AggregateError([withCode('ECONNREFUSED')], 'connect failed'))).toMatch(/connection refused/);
  });

  it('leaves every other error alone', () => {
    expect(databaseUnavailableReason(withCode('23505', 'duplicate key value violates unique constraint'))).toBeUndefined();
    expect(databaseUnavailableReason(withCode('57014', 'canceling statement due to statement timeout'))).toBeUndefined();
    expect(databaseUnavailableReason(withCode('42P01', 'relation "x" does not exist'))).toBeUndefined();
    expect(databaseUnavailableReason(new TypeError('x is not a function'))).toBeUndefined();
    expect(databaseUnavailableReason(undefined)).toBeUndefined();
  });
});
