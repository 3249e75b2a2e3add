import { useSyncExternalStore } from 'react';

// How many foreground queries (a page's own) are running. Background queries
// (the pickers' counts) wait until it is zero, so they never slow the first
// draw of a page's tiles and charts.
let running = 0;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function foregroundStarted(): () => void {
  running += 1;
  notify();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    running -= 1;
    notify();
  };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True while no foreground query runs. */
export function useForegroundIdle(): boolean {
  return useSyncExternalStore(subscribe, () => running === 0);
}
