import pg from 'pg';

// A DATE column is a calendar day, not an instant: keep it as 'YYYY-MM-DD'
// instead of the driver's default (a JS Date at local midnight, which shifts
// days across time zones). BIGINT and NUMERIC stay strings (the driver's
// default), so ids and money never lose precision.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
