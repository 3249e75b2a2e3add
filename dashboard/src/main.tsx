import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readSession } from './api/session.ts';
import { App } from './App.tsx';
import { prefetchOverview } from './pages/OverviewPage.tsx';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import './styles.css';

// The Overview's requests go out now, with the `me` the app asks first, not
// after it: the morning's first view draws one round trip sooner.
if (readSession() !== null) prefetchOverview(window.location.pathname, new URLSearchParams(window.location.search));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
