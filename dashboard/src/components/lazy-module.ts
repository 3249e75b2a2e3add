import { useEffect, useState } from 'react';

/**
 * A chunk loaded on demand, whose loading can start before the component
 * that draws it mounts (start() when the page's requests go out), and which
 * that component can tell apart as loading, loaded or failed — unlike
 * React.lazy, so a page can count it in "drawn".
 */
export type LazyModule<T> = { start(): Promise<T>; loaded(): T | undefined };

export function lazyModule<T>(load: () => Promise<T>): LazyModule<T> {
  let module: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    start() {
      loading ??= load().then(
        (value) => (module = value),
        (error: unknown) => {
          loading = undefined; // a retry loads again
          throw error;
        },
      );
      return loading;
    },
    loaded: () => module,
  };
}

/** The module once loaded (starting the load if nobody has), or the error that stopped it, with a retry. */
export function useLazyModule<T>(lazy: LazyModule<T>): { module: T | undefined; error: Error | undefined; retry(): void } {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ module?: T; error?: Error }>(() => ({ module: lazy.loaded() }));
  useEffect(() => {
    if (state.module) return;
    let live = true;
    lazy.start().then(
      (module) => live && setState({ module }),
      (error: Error) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
    // Started once per attempt.
  }, [attempt]);
  return { module: state.module, error: state.error, retry: () => { setState({}); setAttempt((n) => n + 1); } };
}
