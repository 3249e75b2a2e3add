import { lazy, Suspense, type ComponentType } from 'react';
import { missingForPage } from './auth/capabilities.ts';
import { NotAllowed } from './auth/NotAllowed.tsx';
import { UserMenu } from './auth/UserMenu.tsx';
import { useViewer, ViewerProvider } from './auth/ViewerProvider.tsx';
import { Skeleton } from './components/States.tsx';
import { FilterBar } from './filters/FilterBar.tsx';
import { useI18n } from './i18n/I18nProvider.tsx';
import type { MessageKey } from './i18n/messages.ts';
import { ReferenceProvider } from './reference/ReferenceProvider.tsx';
import { hrefKeepingFilters, navigate, useLocation } from './state/router.ts';
import { FILTER_PARAMS } from './state/url-state.ts';
import { OverviewPage } from './pages/OverviewPage.tsx';

const ComplaintsPage = lazy(() => import('./pages/ComplaintsPage.tsx').then((m) => ({ default: m.ComplaintsPage })));
const ExplorerPage = lazy(() => import('./pages/ExplorerPage.tsx').then((m) => ({ default: m.ExplorerPage })));
const ResolutionPage = lazy(() => import('./pages/ResolutionPage.tsx').then((m) => ({ default: m.ResolutionPage })));
const RepeatPage = lazy(() => import('./pages/RepeatPage.tsx').then((m) => ({ default: m.RepeatPage })));
const SatisfactionPage = lazy(() => import('./pages/SatisfactionPage.tsx').then((m) => ({ default: m.SatisfactionPage })));
const SignInPage = lazy(() => import('./pages/SignInPage.tsx').then((m) => ({ default: m.SignInPage })));

type Route = { path: string; title: MessageKey; Page: ComponentType };

export const ROUTES: Route[] = [
  { path: '/', title: 'pageOverview', Page: OverviewPage },
  { path: '/resolution', title: 'pageResolution', Page: ResolutionPage },
  { path: '/repeat', title: 'pageRepeat', Page: RepeatPage },
  { path: '/satisfaction', title: 'pageSatisfaction', Page: SatisfactionPage },
  { path: '/complaints', title: 'pageComplaints', Page: ComplaintsPage },
  { path: '/explorer', title: 'pageExplorer', Page: ExplorerPage },
];

function NotFound() {
  const { t } = useI18n();
  return <div className="card"><h1>{t('pageNotFound')}</h1><p>{t('notFoundBody')}</p><a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>{t('backToOverview')}</a></div>;
}

export function App() {
  const location = useLocation();
  if (location.pathname === '/signin') {
    return <Suspense fallback={<Skeleton />}><main id="main" className="signin-main"><SignInPage /></main></Suspense>;
  }
  return <ViewerProvider><Shell /></ViewerProvider>;
}

/** Header, filters and the page, for a signed-in user: only the pages the user's roles open. */
function Shell() {
  const { t, locale, setLocale } = useI18n();
  const location = useLocation();
  const viewer = useViewer();
  const allowed = ROUTES.filter((r) => missingForPage(viewer.roles, r.path).length === 0);
  const route = ROUTES.find((r) => r.path === location.pathname);
  const permitted = !route || allowed.includes(route);
  const Page = route?.Page ?? NotFound;
  document.title = `${route ? t(route.title) : t('pageNotFound')} · Clearline`;
  return (
    <ReferenceProvider>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <header className="app-header">
        <div className="brand"><span className="logo" aria-hidden="true">◆</span> {t('appName')} <small>{t('appTagline')}</small></div>
        <nav aria-label={t('nav')}>
          <ul>
            {allowed.map((r) => {
              const href = hrefKeepingFilters(r.path, location.params, FILTER_PARAMS);
              return (
                <li key={r.path}>
                  <a href={href} aria-current={r.path === location.pathname ? 'page' : undefined}
                    onClick={(e) => { if (e.button === 0 && !e.metaKey && !e.ctrlKey) { e.preventDefault(); navigate(href); } }}>{t(r.title)}</a>
                </li>
              );
            })}
          </ul>
        </nav>
        <button type="button" className="lang-switch" lang={locale === 'zh-CN' ? 'en' : 'zh-CN'} aria-label={t('switchLanguageLabel')} data-testid="lang-switch"
          onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>{t('switchLanguage')}</button>
        <UserMenu />
      </header>
      {permitted && route && <FilterBar />}
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Skeleton height={400} />}>
          {permitted ? <Page /> : <NotAllowed home={allowed[0]} />}
        </Suspense>
      </main>
    </ReferenceProvider>
  );
}
