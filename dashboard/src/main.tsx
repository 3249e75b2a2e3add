import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readSession } from './api/session.ts';
import { prefetchQuery } from './api/useQuery.ts';
import { ReferenceQuery } from './queries/filter-bar.query.ts';
import { App } from './App.tsx';
import { prefetchOverview } from './pages/OverviewPage.tsx';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import './styles.css';

// The reference data (org-unit tree, categories, channels: every page's
// filter bar and names) and the Overview's requests go out now, with the `me`
// the app asks first, not after it and the first render: the morning's first
// view draws that much sooner.
if (readSession() !== null) {
  prefetchQuery(ReferenceQuery, {});
  prefetchOverview(window.location.pathname, new URLSearchParams(window.location.search));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
