import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { parseDatabaseUrl, redactDatabaseUrl, withDatabase } from '../../server/db/database-url.ts';

describe('configuration', () => {
  it('defaults to port 4000, Asia/Shanghai and demo data on first start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ databaseUrl: undefined, port: 4000, timeZone: 'Asia/Shanghai', seedDemoData: true, demoCustomers: 100_000, demoMonths: 24 });
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('serves GraphiQL outside production, and in production only when CLEARLINE_GRAPHIQL=on', () => {
    expect(loadConfig({}).graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', CLEARLINE_GRAPHIQL: 'on' }).graphiql).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT=70000 is not valid: expected a whole number from 0 to 65535.');
    expect(() => loadConfig({ CLEARLINE_SEED_DEMO: 'maybe' })).toThrow('CLEARLINE_SEED_DEMO=maybe is not valid: expected true or false.');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/clearline' })).toThrow(/DATABASE_URL must start with postgres:\/\//);
  });
});

describe('DATABASE_URL', () => {
  it('is parsed into host, port, database and user', () => {
    expect(parseDatabaseUrl('postgres://ana:secret@db.example:6543/clearline')).toEqual({ host: 'db.example', port: 6543, database: 'clearline', user: 'ana' });
    expect(parseDatabaseUrl('postgresql://db/clearline')).toEqual({ host: 'db', port: 5432, database: 'clearline', user: 'postgres' });
  });

  it('must name a database', () => {
    expect(() => parseDatabaseUrl('postgres://db:5432/')).toThrow(/names no database/);
  });

  it('never shows its password in messages', () => {
    expect(redactDatabaseUrl('postgres://ana:secret@db/clearline')).toBe('postgres://ana:***@db/clearline');
  });

  it('can point at another database on the same server', () => {
    expect(withDatabase('postgres://ana:pw@db:5432/a?sslmode=disable', 'b')).toBe('postgres://ana:pw@db:5432/b?sslmode=disable');
  });
});
