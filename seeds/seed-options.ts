import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_OPTIONS, type DemoOptions } from './demo-generator.ts';

export type SeedCommand = DemoOptions & { replace: boolean };

const USAGE = 'usage: npm run seed -- [--customers N] [--months N] [--seed N] [--until YYYY-MM-DD] [--rate N] [--replace]';

/** Today's date in the utility's time zone: the default end of the demo period. */
export function localToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, got "${raw}". ${USAGE}`);
  return value;
}

export function parseSeedArgs(argv: string[], timeZone: string): SeedCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        customers: { type: 'string' }, months: { type: 'string' }, seed: { type: 'string' },
        until: { type: 'string' }, rate: { type: 'string' }, replace: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}. ${USAGE}`);
  }
  const until = values.until ?? localToday(timeZone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until))) throw new Error(`--until must be a date YYYY-MM-DD, got "${until}". ${USAGE}`);
  const rate = values.rate === undefined ? DEFAULT_DEMO_OPTIONS.complaintsPer10k : Number(values.rate);
  if (!(rate > 0)) throw new Error(`--rate must be a positive number of complaints per 10,000 customers per month, got "${values.rate}". ${USAGE}`);
  return {
    seed: wholeNumber('seed', values.seed, DEFAULT_DEMO_OPTIONS.seed, 0),
    customers: wholeNumber('customers', values.customers, DEFAULT_DEMO_OPTIONS.customers, 100),
    months: wholeNumber('months', values.months, DEFAULT_DEMO_OPTIONS.months, 1),
    until,
    complaintsPer10k: rate,
    replace: values.replace ?? false,
  };
}
