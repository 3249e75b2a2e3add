// The Overview's requests and its trend line's chunk, started at boot
// (boot-requests.ts) before React and the page have loaded, and asked for
// again by the page (which then takes those answers). Free of React
// components, so the boot does not wait for them.
import { prefetchQuery } from '../api/useQuery.ts';
import { lazyModule } from '../components/lazy-module.ts';
import { OverviewFromFactsQuery, OverviewFromRollupsQuery } from '../queries/overview.query.ts';
import { utilityToday } from '../state/date-presets.ts';
import { filterRange, parseFilters } from '../state/url-state.ts';
import { overviewVariables } from './overview-variables.ts';

export { overviewVariables } from './overview-variables.ts';

/** The trend line's chunk (recharts): loading starts with the Overview's requests. */
export const trendLine = lazyModule(() => import('../components/OverviewTrendLine.tsx'));

/**
 * Sends the Overview's two requests at once, before the page mounts (while
 * the dashboard asks `me`), when the page to show is the Overview without a
 * chosen org unit (with one, the league's level needs the org-unit tree
 * first). The page's own queries then take these answers.
 */
export function prefetchOverview(pathname: string, params: URLSearchParams): void {
  if (pathname !== '/') return;
  const filters = parseFilters(params);
  if (filters.orgUnitId) return;
  const variables = overviewVariables(filters, filterRange(filters, utilityToday()), 'CITY');
  prefetchQuery(OverviewFromRollupsQuery, variables);
  prefetchQuery(OverviewFromFactsQuery, variables);
  void trendLine.start().catch(() => {}); // the page shows a failure, with its retry
}
