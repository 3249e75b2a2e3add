import { Field, InputType } from 'type-graphql';
import { badInput } from './api-error.ts';
import { LocalDate } from './scalars.ts';

@InputType({ description: 'Calendar days in the utility’s time zone, both ends inclusive: January is { from: "2026-01-01", to: "2026-01-31" }.' })
export class DateRange {
  @Field(() => LocalDate, { description: 'First day (inclusive).' })
  from: string;

  @Field(() => LocalDate, { description: 'Last day (inclusive); not before `from`.' })
  to: string;
}

/** Checks a date range argument, naming it when `to` is before `from`. */
export function checkDateRange(range: DateRange | null | undefined, field: string): DateRange | undefined {
  if (!range) return undefined;
  const from = toIsoDay(range.from);
  const to = toIsoDay(range.to);
  if (to < from) throw badInput(field, `\`to\` (${to}) is before \`from\` (${from})`);
  return { from, to };
}

/** graphql-scalars' LocalDate may hand over a string or a Date; keep YYYY-MM-DD. */
function toIsoDay(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}
