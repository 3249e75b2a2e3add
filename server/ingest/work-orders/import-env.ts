import type pg from 'pg';
import type { Viewer } from '../../auth/viewer.ts';
import type { BusinessCalendar } from '../../calendar/business-calendar.ts';
import { loadBusinessCalendar } from '../../calendar/calendar.loader.ts';
import type { ImportEnv, Reason } from '../import/import.types.ts';
import { loadReferenceCodes } from '../import/reference-codes.ts';
import { ApiError } from '../../graphql/common/api-error.ts';

// dim_date changes only with migrations: one calendar per process and zone.
const calendars = new Map<string, Promise<BusinessCalendar>>();

/** What the import validators need, for a single mutation. */
export async function mutationEnv(client: pg.PoolClient, viewer: Viewer, timeZone: string, now: Date): Promise<ImportEnv> {
  let calendar = calendars.get(timeZone);
  if (!calendar) {
    calendar = loadBusinessCalendar(client, timeZone);
    calendars.set(timeZone, calendar);
    calendar.catch(() => calendars.delete(timeZone));
  }
  return { viewer, timeZone, now: now.getTime(), calendar: await calendar, reference: await loadReferenceCodes(client) };
}

/** The validators' reasons as one BAD_USER_INPUT naming the input fields (every reason, not just the first). */
export function reasonsToInputError(reasons: readonly Reason[], fieldNames: Record<string, string>): ApiError {
  const inputField = (f: string | null) => `input.${(f && fieldNames[f]) ?? f ?? 'row'}`;
  const parts = reasons.map((r) => (r.field && r.message.startsWith(r.field) ? inputField(r.field) + r.message.slice(r.field.length) : r.message));
  return new ApiError('BAD_USER_INPUT', parts.join('; '), inputField(reasons[0]!.field));
}
