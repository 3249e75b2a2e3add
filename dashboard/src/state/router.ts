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

/** One query parameter as page state: its value, and a setter that writes it (null removes it), so the view is linkable and Back undoes it. */
export function useSearchParam(name: string): [string | null, (value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback((value: string | null) => setParams((p) => {
    if (value) p.set(name, value);
    else p.delete(name);
    return p;
  }), [name, setParams]);
  return [params.get(name), set];
}
