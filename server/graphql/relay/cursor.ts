import { badInput } from '../common/api-error.ts';

/**
 * A keyset position: the sort value and the id of a row, opaque to clients.
 * Pages continue strictly after (or before) it, so inserts between requests
 * neither repeat nor skip rows.
 */
export type Position = { value: string | number; id: string };

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.value, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field: string): Position {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && (typeof parsed[0] === 'string' || typeof parsed[0] === 'number')
      && typeof parsed[1] === 'string' && /^\d{1,18}$/.test(parsed[1])) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw badInput(field, `"${cursor}" is not a valid cursor (use a cursor from a previous page of the same query)`);
}
