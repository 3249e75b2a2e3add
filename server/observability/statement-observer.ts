import { currentRequestStats } from './request-context.ts';

/** Default for CLEARLINE_SLOW_STATEMENT_MS. */
export const SLOW_STATEMENT_MS = 500;

/**
 * Counts a statement against the current request and logs it when slow: its
 * SQL text (values are never in the text: server/db/sql.ts only sends
 * parameterized statements) and how many parameters it had, never their values.
 */
export async function observeStatement<T>(text: string, parameterCount: number, run: () => Promise<T>): Promise<T> {
  const stats = currentRequestStats();
  if (!stats) return run();
  stats.statements++;
  const started = performance.now();
  try {
    return await run();
  } finally {
    const durationMs = Math.round(performance.now() - started);
    if (durationMs >= stats.slowStatementMs) {
      stats.logger.warn({ requestId: stats.requestId, durationMs, sql: text.replace(/\s+/g, ' ').trim(), parameters: `[${parameterCount} redacted]` }, 'slow statement');
    }
  }
}
