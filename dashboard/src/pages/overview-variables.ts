// The variables of the Overview's two requests. Plain functions of the
// filters (no React, no browser API): the server's cache warmer
// (server/metrics/overview-warmer.ts) builds the same variables for the
// default view, so the answers it caches are the ones the dashboard asks for.
import type { OrgUnitLevel } from '../gql/graphql.ts';
import { trailingTwelveMonths, utilityToday, withinOneMonth, type DayRange } from '../state/date-presets.ts';
import { EMPTY_FILTERS, filterRange, kpiFilter, type Filters } from '../state/url-state.ts';

/** The variables of the Overview's two requests for these filters (the league one level below the chosen unit). */
export function overviewVariables(filters: Filters, range: DayRange, leagueLevel: OrgUnitLevel) {
  return {
    filter: kpiFilter(filters, range),
    trendFilter: kpiFilter(filters, trailingTwelveMonths(range)),
    assessed: filters.assessed,
    totalsGrain: withinOneMonth(range) ? ('MONTH' as const) : null,
    leagueLevel,
  };
}

/** The Overview as a manager first opens it: no filter chosen, the default period ending today, cities in the league. */
export function defaultOverviewVariables(today = utilityToday()) {
  return overviewVariables(EMPTY_FILTERS, filterRange(EMPTY_FILTERS, today), 'CITY');
}
