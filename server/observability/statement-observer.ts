import { currentRequestStats } from './request-context.ts';

/** Default for CLEARLINE_SLOW_STATEMENT_MS. */
export const SLOW_STATEMENT_MS = 500;

/**
 * Counts a statement against the current request and logs it when slow: its
 * SQL text (values are never in the text: server/db/sql.ts only sends
 * parameterized statements) and how many parameters it had, never their values.
 */
export function observeStatement<T>(text: string, parameterCount: number, run: () => Promise<T>): Promise<T> {
  return observeStatements([text], parameterCount, run);
}

/** The same for statements sent together (one round trip): each counts, and their time is logged as one. */
export async function observeStatements<T>(texts: readonly string[], parameterCount: number, run: () => Promise<T>): Promise<T> {
  const stats = currentRequestStats();
  if (!stats) return run();
  stats.statements += texts.length;
  const started = performance.now();
  try {
    return await run();
  } finally {
    const durationMs = Math.round(performance.now() - started);
    if (durationMs >= stats.slowStatementMs) {
      const sql = texts.map((text) => text.replace(/\s+/g, ' ').trim()).join('; ');
      stats.logger.warn({ requestId: stats.requestId, durationMs, sql, parameters: `[${parameterCount} redacted]` }, 'slow statement');
    }
  }
}
