import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/**
 * How a statement is prepared (server/db/sql.ts RunOptions.prepare):
 *  - 'reuse-plan': a named prepared statement Postgres may plan once per
 *    connection (a generic plan). Right for small lookups by id (the
 *    DataLoaders), where planning costs as much as running; wrong for range
 *    and aggregate queries, whose best plan depends on the values (a cached
 *    generic plan can be many times slower).
 *  - 'plan-each-run': a named prepared statement planned for each run's
 *    values (plan_cache_mode force_custom_plan in the viewer's transaction):
 *    what it saves is parsing and sending the text (the KPI statements are
 *    3–4 KB each). Only as the viewer; elsewhere it runs unnamed.
 *  - 'reuse-plan-when-repeated': named like 'plan-each-run' (when its text
 *    comes again, within the same limit), but Postgres may plan it once per
 *    connection, as 'reuse-plan': for statements whose best plan hardly
 *    depends on their values (the overview's KPI statements over monthly
 *    rollup rows, server/metrics/kpi-query.compiler.ts planFitsAnyValues).
 */
export type Prepare = 'reuse-plan' | 'plan-each-run' | 'reuse-plan-when-repeated';

/**
 * At most this many 'plan-each-run' and 'reuse-plan-when-repeated' texts get a name: each name is a
 * prepared statement in every pooled connection that runs it (its parsed
 * query kept in the backend's memory), and analysts' ad-hoc KPI queries are
 * many distinct texts. The dashboard's statements, asked again and again,
 * are few.
 */
export const MAX_PLAN_EACH_RUN_NAMES = 64;

const names = new Map<string, string>();
let planEachRunNames = 0;
/** Texts of the kinds named when repeated, run once so far: a text gets a name when it comes again (one-off questions never do). */
const seenOnce = new LRUCache<string, true>({ max: 1_000 });

/** The prepared statement name for `text`, or undefined to run it unnamed. */
export function statementName(text: string, prepare: Prepare): string | undefined {
  const known = names.get(text);
  if (known || prepare === 'reuse-plan') return known ?? nameFor(text);
  if (!seenOnce.has(text)) {
    seenOnce.set(text, true);
    return undefined;
  }
  if (planEachRunNames >= MAX_PLAN_EACH_RUN_NAMES) return undefined;
  planEachRunNames++;
  seenOnce.delete(text);
  return nameFor(text);
}

function nameFor(text: string): string {
  const name = `cl_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  names.set(text, name);
  return name;
}
