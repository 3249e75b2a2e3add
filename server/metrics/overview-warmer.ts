import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { OverviewFromFactsDocument, OverviewFromRollupsDocument } from '../../dashboard/src/gql/graphql.ts';
import { defaultOverviewVariables } from '../../dashboard/src/pages/overview-variables.ts';
import { utilityToday } from '../../dashboard/src/state/date-presets.ts';
import { rolesWith } from '../auth/permissions.ts';
import { userSelectWhere } from '../auth/user-store.ts';
import type { Viewer } from '../auth/viewer.ts';
import { dataVersion } from './kpi-cache.ts';

// Every morning's first manager should not wait for the medians (the
// Overview's request that reads the facts takes seconds on a million
// complaints, uncached). So after the server starts, after every load
// (the data's version moves) and when the day changes, each server process
// runs the dashboard's default Overview — the same two documents and
// variables the dashboard sends (imported from it) — once per org-unit scope
// its users hold, and the answers wait in the KPI caches. Cache keys hold
// the scope (and the response cache the roles: warmed as MANAGER), so a
// warmed answer only ever serves viewers who may see it. Other views
// (another period, a chosen unit) are computed when asked, as before.

/** Runs one GraphQL operation in process as the viewer (graphql-endpoint.ts). */
export type RunOperation = (viewer: Viewer, query: string, variables: Record<string, unknown>) => Promise<{ errors?: readonly { message: string }[] }>;

/** How often each process checks whether the data or the day moved (one small query). */
export const OVERVIEW_WARMER_CHECK_SECONDS = 30;

/** Roles that open the Overview: every role that may read KPIs (regulators included). */
const DASHBOARD_ROLES = rolesWith('kpi.read');
const WARMING_ROLES = ['MANAGER'] as const;

/**
 * The org-unit scopes of enabled dashboard users, the most shared first, at
 * most `limit`: each user's scope as sign-in gives it (server/auth/user-store.ts:
 * the tree's only root is '/', the whole tree), so the warmed cache keys are
 * the ones their requests use.
 */
export async function dashboardScopes(pool: pg.Pool, limit: number): Promise<string[][]> {
  const { rows } = await pool.query<{ scope: string[] }>(
    `SELECT scope FROM (${userSelectWhere('u.disabled_at IS NULL AND u.roles && $1::text[]')}) per_user
      WHERE cardinality(scope) > 0
      GROUP BY scope ORDER BY count(*) DESC, scope LIMIT $2`,
    [DASHBOARD_ROLES, limit],
  );
  return rows.map((r) => r.scope);
}

export class OverviewWarmer {
  /** The data version and day last warmed: nothing to do until either moves. */
  private warmedFor: string | undefined;
  private lastProblem: string | undefined;

  constructor(private readonly deps: { db: DataSource; pool: pg.Pool; run: RunOperation; maxScopes: number; log: (line: string) => void }) {}

  /** Warms the default Overview of every scope if the data or the day changed since; returns how many scopes it warmed. */
  async turn(today = utilityToday()): Promise<number> {
    const mark = `${await dataVersion(this.deps.db)}|${today}`;
    if (mark === this.warmedFor) return 0;
    const started = performance.now();
    const scopes = await dashboardScopes(this.deps.pool, this.deps.maxScopes);
    const variables = defaultOverviewVariables(today);
    for (const [i, scope] of scopes.entries()) {
      const viewer: Viewer = { id: 'overview-warmer', displayName: 'Overview cache warmer', roles: WARMING_ROLES, orgUnitScope: scope };
      for (const document of [OverviewFromRollupsDocument, OverviewFromFactsDocument]) {
        const result = await this.deps.run(viewer, document.toString(), variables);
        if (result.errors?.length) throw new Error(`warming the Overview of scope ${i + 1} (${scope.join(', ')}): ${result.errors[0]!.message}`);
      }
    }
    this.warmedFor = mark;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (scopes.length) this.deps.log(`Overview warmed for ${scopes.length} org-unit scope(s) in ${seconds} s`);
    return scopes.length;
  }

  /** A turn that logs its failure once per problem instead of throwing (the database may be away for a while). */
  async safeTurn(): Promise<void> {
    try {
      await this.turn();
      this.lastProblem = undefined;
    } catch (error) {
      const problem = (error as Error).message;
      if (problem !== this.lastProblem) this.deps.log(`Overview warmer: ${problem} (trying again next turn)`);
      this.lastProblem = problem;
    }
  }
}

/** Turns at start and every interval, never two at once; stop() waits for the turn under way. */
export function startOverviewWarmer(warmer: OverviewWarmer, intervalSeconds: number): { stop(): Promise<void> } {
  let turn: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || turn) return;
    turn = warmer.safeTurn().finally(() => (turn = undefined));
  };
  const timer = setInterval(tick, intervalSeconds * 1000);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await turn;
    },
  };
}
