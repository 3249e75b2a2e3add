import { Counter } from 'prom-client';
import { metricsRegistry } from '../observability/metrics.ts';
import { deliverFinishedExports } from './export-delivery.ts';
import { resumeInterruptedInBackground, type ExportDeps } from './export-jobs.ts';
import { abandonClaims } from './export-claims.ts';
import { poolOf } from '../db/sql.ts';
import { createDueExports, retryFailedScheduledExports } from './export-schedules.ts';

// The scheduler every server process runs (CLEARLINE_SCHEDULER_INTERVAL_S):
// at start and then every interval it
//   1. resumes export jobs a stopped process left unfinished (their claim ran out),
//   2. retries failed scheduled returns whose wait is over,
//   3. creates the job of every due period of the export schedules,
//   4. delivers finished scheduled exports.
// Each step is safe with any number of processes doing the same at once
// (claims, row locks, primary keys: see export-claims.ts, export-schedules.ts,
// export-delivery.ts), so no process is special and none needs electing.

export const schedulerTurns = new Counter({
  name: 'clearline_scheduler_turns_total',
  help: 'Turns of the export scheduler in this process, by outcome (ok, failed)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export type ExportScheduler = {
  /** Stops the turns and gives this process's export claims up, so another process resumes its unfinished jobs at once. */
  stop(): Promise<void>;
};

export function startExportScheduler(deps: ExportDeps, options: { intervalSeconds: number; log: (line: string) => void }): ExportScheduler {
  let turn: Promise<void> | undefined;
  let stopped = false;
  let lastProblem: string | undefined;
  const runTurn = async () => {
    try {
      const resumed = await resumeInterruptedInBackground(deps);
      if (resumed.length) options.log(`Export scheduler: resuming interrupted export job(s) ${resumed.join(', ')}`);
      const retried = await retryFailedScheduledExports(deps);
      if (retried.length) options.log(`Export scheduler: retrying failed scheduled export job(s) ${retried.join(', ')}`);
      const created = await createDueExports(deps);
      if (created.length) options.log(`Export scheduler: created scheduled export job(s) ${created.join(', ')}`);
      const delivered = await deliverFinishedExports(deps);
      for (const path of delivered) options.log(`Export scheduler: delivered ${path}`);
      schedulerTurns.inc({ outcome: 'ok' });
      lastProblem = undefined;
    } catch (error) {
      schedulerTurns.inc({ outcome: 'failed' });
      // Said once per problem, not every turn (the database may be away for a while).
      const problem = (error as Error).message;
      if (problem !== lastProblem) options.log(`Export scheduler: ${problem} (trying again every ${options.intervalSeconds} s)`);
      lastProblem = problem;
    }
  };
  const tick = () => {
    if (stopped || turn) return; // a long turn is not overlapped by the next
    turn = runTurn().finally(() => (turn = undefined));
  };
  const timer = setInterval(tick, options.intervalSeconds * 1000);
  timer.unref();
  tick(); // at start: jobs a stopped process left are resumed now, not an interval later
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await turn;
      await abandonClaims(poolOf(deps.db)).catch(() => {});
    },
  };
}
