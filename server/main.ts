// npm start: the Clearline server (see README "Configuration"), run as
// `node --import tsx/esm server/main.ts`: tsx's ESM hook only. The whole of tsx
// (its CLI, or --import tsx) also hooks CommonJS require(), and Apollo Server
// requires 'crypto' anew for every request's query hash
// (@apollo/utils.createhash): timed inside the server over 600 overviews,
// that require() took 82 µs a request through tsx's resolver, 29 µs without.
import { startServer } from './boot.ts';
import { runCli } from './cli.ts';
import { DRAIN_TIMEOUT_MS, loadConfig } from './config.ts';
import { Lifecycle } from './lifecycle.ts';
import { createLogger } from './observability/logger.ts';

// JSON lines in production; short readable lines otherwise (server/observability/logger.ts).
const production = process.env.NODE_ENV === 'production';
const logger = createLogger({ development: !production });
// Start-up and shutdown lines stay plain text outside production (people read them); in production they are JSON like the rest.
const log = production ? (line: string) => logger.info(line) : (line: string) => console.log(line);
const lifecycle = new Lifecycle();
// Each resource's release is bounded; the in-flight requests' by the drain
// timeout itself, so the others get a margin beyond it.
let releaseDeadlineMs = releaseDeadlineFor(DRAIN_TIMEOUT_MS);
function releaseDeadlineFor(drainTimeoutMs: number): number {
  return Math.max(15_000, drainTimeoutMs + 5_000);
}

// A wrapper (npm, tsx) or the terminal may deliver the same Ctrl-C twice at
// once; only a second signal after a pause means "stop waiting".
const FORCE_AFTER_MS = 2_000;
let stoppingSince: number | undefined;
function onSignal(signal: NodeJS.Signals): void {
  if (stoppingSince !== undefined) {
    if (Date.now() - stoppingSince < FORCE_AFTER_MS) return;
    log(`${signal} again: exiting now.`);
    process.exit(1);
  }
  stoppingSince = Date.now();
  log(`${signal} received: finishing requests and stopping the database…`);
  void lifecycle.shutdown(releaseDeadlineMs, log).then(() => {
    log('Stopped.');
    process.exit(0);
  });
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

await runCli(async () => {
  const config = loadConfig();
  releaseDeadlineMs = releaseDeadlineFor(config.drainTimeoutMs);
  try {
    await startServer(config, lifecycle, log, logger);
  } catch (error) {
    await lifecycle.shutdown(releaseDeadlineMs, log);
    throw error;
  }
});
