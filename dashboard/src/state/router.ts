// A small router over the History API: the path picks the page, the query
// string holds the view's state. pushState for user actions, so back and
// forward walk through earlier views.
import { useCallback, useSyncExternalStore } from 'react';

const CHANGE = 'clearline:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

export type Location = { pathname: string; search: string; params: URLSearchParams };

let cachedKey = '';
let cachedLocation: Location = { pathname: '/', search: '', params: new URLSearchParams() };

export function useLocation(): Location {
  const key = useSyncExternalStore(subscribe, snapshot);
  if (key !== cachedKey) {
    const url = new URL(key, 'http://local');
    cachedKey = key;
    cachedLocation = { pathname: url.pathname, search: url.search, params: url.searchParams };
  }
  return cachedLocation;
}

/** Changes query parameters of the current page (keeping the others). */
export function useSearchParams(): [URLSearchParams, (update: (params: URLSearchParams) => URLSearchParams, options?: { replace?: boolean }) => void] {
  const location = useLocation();
  const set = useCallback((update: (params: URLSearchParams) => URLSearchParams, options?: { replace?: boolean }) => {
    const current = new URLSearchParams(window.location.search);
    const next = update(current).toString();
    navigate(window.location.pathname + (next ? `?${next}` : ''), options);
  }, []);
  return [location.params, set];
}

/** A link to another page that keeps the global filters of the current URL. */
export function hrefKeepingFilters(pathname: string, params: URLSearchParams, keep: readonly string[]): string {
  const next = new URLSearchParams();
  for (const name of keep) {
    const value = params.get(name);
    if (value !== null) next.set(name, value);
  }
  const query = next.toString();
  return pathname + (query ? `?${query}` : '');
}
