import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { ApiError } from '../graphql/common/api-error.ts';
import { DEFAULT_ROLE_LIMITS, statementTimeoutOf, type RoleLimits } from './role-limits.ts';
import { scopePatterns, type Viewer } from './viewer.ts';

/**
 * Defence in depth for every viewer-facing read: while a request runs inside
 * `runAsViewer`, each statement that goes through server/db/sql.ts runs in its
 * own read-only transaction as the NOLOGIN role clearline_viewer (which, unlike
 * the owner or a superuser, is subject to row-level security), with the
 * viewer's org-unit scope and the role's statement_timeout set for that
 * transaction only (migration 0010). A statement that forgets the
 * application's scope condition still sees only the viewer's rows.
 *
 * One transaction per statement, not per request: a request's statements run
 * in parallel on several pooled connections, and nothing leaks between
 * requests because SET LOCAL ends with the transaction.
 */
export type ViewerSession = {
  viewer: Viewer;
  /** '{"/1/3/%"}': the viewer's scope as a Postgres text[] literal of LIKE patterns. */
  scope: string;
  statementTimeoutMs: number;
};

const sessions = new AsyncLocalStorage<ViewerSession>();

/**
 * The statements wrapped around each viewer statement. The transaction starts
 * and takes the viewer's settings in ONE simple-protocol round trip (BEGIN
 * and set_config in one text), so the settings travel as escaped literals:
 * the scope (org-unit path patterns) and the timeout, both the server's own,
 * never request input. The viewer's statement itself stays parameterized.
 */
export const VIEWER_TRANSACTION = {
  setupPrefix: `BEGIN READ ONLY; SELECT set_config('role', 'clearline_viewer', true), `,
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
} as const;

/** BEGIN and the viewer's settings, as one text (see VIEWER_TRANSACTION). */
export function viewerTransactionSetup(session: ViewerSession): string {
  return `${VIEWER_TRANSACTION.setupPrefix}set_config('clearline.viewer_scope', ${escapeLiteral(session.scope)}, true), set_config('statement_timeout', ${escapeLiteral(String(session.statementTimeoutMs))}, true)`;
}

/** Whether a statement text is the wrapping of a viewer statement (test/support leaves these out when counting statements). */
export function isViewerTransactionWrapping(text: string): boolean {
  return text === VIEWER_TRANSACTION.commit || text === VIEWER_TRANSACTION.rollback || text.startsWith(VIEWER_TRANSACTION.setupPrefix);
}

const { escapeLiteral } = pg;

function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export function viewerSession(viewer: Viewer, limits: RoleLimits = DEFAULT_ROLE_LIMITS): ViewerSession {
  return { viewer, scope: pgTextArray(scopePatterns(viewer)), statementTimeoutMs: statementTimeoutOf(viewer, limits) };
}

/** Runs `work` with every statement it sends through server/db/sql.ts scoped to the viewer in Postgres. */
export function runAsViewer<T>(viewer: Viewer, work: () => T, limits: RoleLimits = DEFAULT_ROLE_LIMITS): T {
  return sessions.run(viewerSession(viewer, limits), work);
}

export function currentViewerSession(): ViewerSession | undefined {
  return sessions.getStore();
}

/**
 * One statement in the viewer's transaction (see above): three round trips,
 * not four — BEGIN and the settings go in one simple-protocol query.
 */
export async function queryAsViewer(pool: pg.Pool, session: ViewerSession, query: pg.QueryConfig): Promise<pg.QueryResult> {
  const client = await pool.connect();
  let result: pg.QueryResult;
  try {
    await client.query(viewerTransactionSetup(session));
    result = await client.query(query);
  } catch (error) {
    let broken: Error | undefined;
    await client.query(VIEWER_TRANSACTION.rollback).catch((rollbackError: Error) => (broken = rollbackError));
    client.release(broken);
    throw refusalOf(error, session);
  }
  // Awaited: a connection goes back to the pool only once its transaction has
  // ended (queueing the COMMIT behind a released client saved one round trip
  // but leans on pg's per-client query queue, deprecated for pg 9).
  try {
    await client.query(VIEWER_TRANSACTION.commit);
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  client.release();
  return result;
}

/** A statement Postgres cancelled for running too long becomes a refusal that says why. */
function refusalOf(error: unknown, session: ViewerSession): unknown {
  const pgError = error as { code?: string; message?: string };
  if (pgError?.code === '57014' && /statement timeout/.test(pgError.message ?? '')) {
    const seconds = session.statementTimeoutMs / 1000;
    const refusal = new ApiError(
      'QUERY_TOO_COMPLEX',
      `The query ran longer than the ${seconds} s allowed for your role (${session.viewer.roles.join(', ') || 'none'}) and was cancelled: narrow the date range or filters, or group by fewer dimensions.`,
    );
    refusal.cause = error;
    return refusal;
  }
  return error;
}
