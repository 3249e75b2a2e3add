import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearQueryCache, prefetchQuery, useQuery } from '../api/useQuery.ts';

// The Overview's requests go out before the page mounts (main.tsx); the page's
// own useQuery must take that answer, not ask a second time.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const QUERY = 'query Tiles($n: Int) { tiles(n: $n) }';

function stubFetch(answer: (call: number) => { status: number; body: unknown }): { calls: number } {
  const counter = { calls: 0 };
  vi.stubGlobal('fetch', async () => {
    const { status, body } = answer(counter.calls++);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return counter;
}

function Tiles({ n }: { n: number }) {
  const state = useQuery<{ tiles: number }, { n: number }>(QUERY, { n });
  if (state.status === 'error') return <span data-status="error">{state.error.message}<button type="button" onClick={state.retry} /></span>;
  return <span data-status={state.status}>{state.status === 'done' ? state.data.tiles : '…'}</span>;
}

async function renderTiles(n: number): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.append(container);
  await act(async () => createRoot(container).render(<Tiles n={n} />));
  await vi.waitFor(() => expect(container.querySelector('[data-status="loading"]')).toBeNull());
  return container;
}

afterEach(() => {
  vi.unstubAllGlobals();
  clearQueryCache();
  document.body.innerHTML = '';
});

describe('prefetchQuery', () => {
  it('sends the request once: the component mounting meanwhile takes its answer', async () => {
    const fetched = stubFetch(() => ({ status: 200, body: { data: { tiles: 7 } } }));
    prefetchQuery<{ tiles: number }, { n: number }>(QUERY, { n: 1 });
    prefetchQuery<{ tiles: number }, { n: number }>(QUERY, { n: 1 }); // a second call adds nothing
    const container = await renderTiles(1);
    expect(container.textContent).toBe('7');
    expect(fetched.calls).toBe(1);
  });

  it('leaves other variables to their own request', async () => {
    const fetched = stubFetch((call) => ({ status: 200, body: { data: { tiles: call === 0 ? 1 : 2 } } }));
    prefetchQuery<{ tiles: number }, { n: number }>(QUERY, { n: 1 });
    const container = await renderTiles(2);
    expect(container.textContent).toBe('2');
    expect(fetched.calls).toBe(2);
  });

  it('shows the prefetched request\'s error as its own, and Retry asks again', async () => {
    const fetched = stubFetch((call) => (call === 0
      ? { status: 200, body: { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] } }
      : { status: 200, body: { data: { tiles: 9 } } }));
    prefetchQuery<{ tiles: number }, { n: number }>(QUERY, { n: 3 });
    const container = await renderTiles(3);
    expect(container.textContent).toBe('boom');
    expect(fetched.calls).toBe(1);
    await act(async () => (container.querySelector('button') as HTMLButtonElement).click());
    await vi.waitFor(() => expect(container.textContent).toBe('9'));
    expect(fetched.calls).toBe(2);
  });
});
