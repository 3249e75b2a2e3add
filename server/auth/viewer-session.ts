import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { ApiError } from '../graphql/common/api-error.ts';
import { STATEMENT_RESULT, VIEWER_BEGIN, VIEWER_COMMIT, VIEWER_SETTINGS, ViewerRollback, ViewerStatement, type PlanCacheMode, type ViewerRole } from './viewer-statement.ts';
import { DEFAULT_ROLE_LIMITS, statementTimeoutOf, type RoleLimits } from './role-limits.ts';
import { scopePatterns, seesEverything, type Viewer } from './viewer.ts';
import { checkOut } from '../db/check-out.ts';

/**
 * Defence in depth for every viewer-facing read: while a request runs inside
 * `runAsViewer`, each statement that goes through server/db/sql.ts runs in its
 * own read-only transaction as the NOLOGIN role clearline_viewer (which, unlike
 * the owner or a superuser, is subject to row-level security; a viewer who
 * sees the whole tree reads as its member clearline_viewer_whole_tree, whose
 * own policy lets it read every row, migration 0024), with the
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
  role: ViewerRole;
  /** '{"/1/3/%"}': the viewer's scope as a Postgres text[] literal of LIKE patterns. */
  scope: string;
  statementTimeoutMs: number;
};

const sessions = new AsyncLocalStorage<ViewerSession>();

/** Whether a statement text is the wrapping of a viewer statement (test/support leaves these out when counting statements). */
export function isViewerTransactionWrapping(text: string): boolean {
  return text === VIEWER_BEGIN || text === VIEWER_SETTINGS || text === VIEWER_COMMIT || text === 'ROLLBACK';
}

function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export function viewerSession(viewer: Viewer, limits: RoleLimits = DEFAULT_ROLE_LIMITS): ViewerSession {
  const role: ViewerRole = seesEverything(viewer) ? 'clearline_viewer_whole_tree' : 'clearline_viewer';
  return { viewer, role, scope: pgTextArray(scopePatterns(viewer)), statementTimeoutMs: statementTimeoutOf(viewer, limits) };
}

/** Runs `work` with every statement it sends through server/db/sql.ts scoped to the viewer in Postgres. */
export function runAsViewer<T>(viewer: Viewer, work: () => T, limits: RoleLimits = DEFAULT_ROLE_LIMITS): T {
  return sessions.run(viewerSession(viewer, limits), work);
}

export function currentViewerSession(): ViewerSession | undefined {
  return sessions.getStore();
}

/**
 * One statement in the viewer's transaction (see above), in one round trip:
 * BEGIN, the settings, the statement and COMMIT travel together
 * (server/auth/viewer-statement.ts). The connection goes back to the pool
 * once the transaction has ended: committed, or rolled back after an error.
 */
export async function queryAsViewer(pool: pg.Pool, session: ViewerSession, query: pg.QueryConfig, planning: PlanCacheMode = 'auto'): Promise<pg.QueryResult> {
  return (await queriesAsViewer(pool, session, [query], planning))[0]!;
}

/**
 * Several statements in one viewer transaction and one round trip, run one
 * after the other on one connection (one snapshot): for statements that
 * would otherwise wait for each other's answers (a page, then its rows'
 * relations, each written to read the page again). One result per statement.
 * `planning`: how Postgres plans their named prepared statements (PlanCacheMode).
 */
export async function queriesAsViewer(pool: pg.Pool, session: ViewerSession, queries: readonly pg.QueryConfig[], planning: PlanCacheMode = 'auto'): Promise<pg.QueryResult[]> {
  const client = await checkOut(pool);
  let statement: ViewerStatement | undefined;
  try {
    const results = await new Promise<pg.QueryResult[]>((resolve, reject) => {
      statement = new ViewerStatement([session.role, session.scope, String(session.statementTimeoutMs), planning], queries, (error, answered) => (error ? reject(error) : resolve(answered as pg.QueryResult[])));
      client.query(statement);
    });
    statement!.recordPrepared(client);
    client.release();
    return results.slice(STATEMENT_RESULT, STATEMENT_RESULT + queries.length);
  } catch (error) {
    const halfPrepared = statement?.forgetPrepared(client) ?? [];
    let broken: Error | undefined;
    await new Promise<void>((resolve) => client.query(new ViewerRollback(halfPrepared, (rollbackError) => {
      broken = rollbackError;
      resolve();
    })));
    client.release(broken);
    throw refusalOf(error, session);
  }
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
