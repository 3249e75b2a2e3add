import { useCallback, useEffect, useRef, useState } from 'react';
import { request, type Document } from './graphql-client.ts';
import { foregroundStarted } from './in-flight.ts';

export type QueryState<T> =
  | { status: 'loading'; data: T | undefined; error: undefined; retry(): void }
  | { status: 'error'; data: undefined; error: Error; retry(): void }
  | { status: 'done'; data: T; error: undefined; retry(): void };

// Results of the last few views, so back/forward redraw at once; each entry
// lives a minute (KPIs move when data is loaded, not second by second).
const CACHE_MS = 60_000;
const CACHE_SIZE = 50;
const cache = new Map<string, { at: number; data: unknown }>();

/** Forgets every remembered result: on sign-in and sign-out, so one user never sees another's figures. */
export function clearQueryCache(): void {
  cache.clear();
}

function cached(key: string): unknown {
  const hit = cache.get(key);
  if (!hit || Date.now() - hit.at > CACHE_MS) return undefined;
  return hit.data;
}

function remember(key: string, data: unknown): void {
  cache.set(key, { at: Date.now(), data });
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/** Requests started before the component that shows them mounts (prefetchQuery), by key, until one takes them (or they are older than CACHE_MS). */
const prefetched = new Map<string, { at: number; answer: Promise<unknown> }>();

/** The prefetched request for a key, handed over once. */
function takePrefetched(key: string): Promise<unknown> | undefined {
  const entry = prefetched.get(key);
  prefetched.delete(key);
  return entry && Date.now() - entry.at <= CACHE_MS ? entry.answer : undefined;
}

const keyOf = (document: Document<unknown, unknown>, variables: unknown) => `${document.toString()}\n${JSON.stringify(variables)}`;

/**
 * Starts a query now, ahead of the component that shows it: the Overview's,
 * while the dashboard still asks who is signed in. That component's useQuery
 * with the same document and variables takes this answer (or its error, with
 * Retry asking anew) instead of asking again.
 */
export function prefetchQuery<TData, TVariables>(document: Document<TData, TVariables>, variables: TVariables): void {
  const key = keyOf(document as Document<unknown, unknown>, variables);
  const pending = prefetched.get(key);
  if (cached(key) !== undefined || (pending && Date.now() - pending.at <= CACHE_MS)) return;
  const finished = foregroundStarted();
  const answer = request(document, variables).then((data) => {
    remember(key, data);
    return data;
  });
  // Kept until taken, settled or not: an error that came back before the page mounted is still the page's to show.
  prefetched.set(key, { at: Date.now(), answer });
  answer.catch(() => {}).finally(finished);
}

/**
 * Runs a query whenever its variables change (skip: null variables).
 * Background queries do not hold back others waiting for the page to draw.
 */
export function useQuery<TData, TVariables>(document: Document<TData, TVariables>, variables: TVariables | null, options: { background?: boolean } = {}): QueryState<TData> {
  const background = options.background ?? false;
  const key = variables === null ? null : keyOf(document as Document<unknown, unknown>, variables);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ key: string | null; data?: TData; error?: Error }>(() => ({ key, data: key ? (cached(key) as TData | undefined) : undefined }));
  const variablesRef = useRef(variables);
  variablesRef.current = variables;

  useEffect(() => {
    if (key === null) return;
    const hit = attempt === 0 ? (cached(key) as TData | undefined) : undefined;
    if (hit !== undefined) {
      setState({ key, data: hit });
      return;
    }
    const controller = new AbortController();
    const finished = background ? () => {} : foregroundStarted();
    setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined }));
    // A prefetched request for the same key is taken over, its answer or its error (Retry asks anew).
    const ahead = attempt === 0 ? (takePrefetched(key) as Promise<TData> | undefined) : undefined;
    const answer = ahead ?? request(document, variablesRef.current as TVariables, controller.signal);
    answer.then(
      (data) => {
        remember(key, data);
        setState({ key, data });
      },
      (error: Error) => {
        if (error.name !== 'AbortError') setState({ key, error });
      },
    ).finally(finished);
    return () => {
      controller.abort();
      finished();
    };
    // `document` is identified by its text, part of the key.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  if (state.key === key && state.error) return { status: 'error', data: undefined, error: state.error, retry };
  if (state.key === key && state.data !== undefined) return { status: 'done', data: state.data, error: undefined, retry };
  return { status: 'loading', data: undefined, error: undefined, retry };
}
