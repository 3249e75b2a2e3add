// The first thing the dashboard runs (main.tsx imports it first, so it runs
// before React and the pages are set up): with a stored session, who is
// signed in, the reference data (org-unit tree, categories, channels) and the
// Overview's requests go out now, together; the components asking for them
// later take these answers (prefetchQuery). The morning's first view draws
// that much sooner.
import { readSession } from './api/session.ts';
import { prefetchQuery } from './api/useQuery.ts';
import { prefetchOverview } from './pages/overview-requests.ts';
import { MeQuery } from './queries/auth.query.ts';
import { ReferenceQuery } from './queries/filter-bar.query.ts';

if (readSession() !== null && window.location.pathname !== '/signin') {
  prefetchQuery(MeQuery, {});
  prefetchQuery(ReferenceQuery, {});
  prefetchOverview(window.location.pathname, new URLSearchParams(window.location.search));
}
