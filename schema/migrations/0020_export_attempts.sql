-- Up Migration
-- How many times an export job has been run. A scheduled regulator return
-- that failed (database away, disk full) is retried by the scheduler with a
-- growing wait, up to a limit (export-schedules.ts, retryFailedScheduledExports);
-- this counts the runs so the limit holds across processes and restarts.
ALTER TABLE export_job ADD COLUMN attempts smallint NOT NULL DEFAULT 1 CHECK (attempts >= 1);

-- Down Migration
ALTER TABLE export_job DROP COLUMN attempts;
