import type pg from 'pg';
import { hostname } from 'node:os';
import { PROCESS_ID } from '../process-identity.ts';

// An export job is run by the one process holding its claim: export_job's
// claimed_by and lease_until (migration 0014). The holder renews the lease
// while the job waits for a slot or runs; a process that stops (even killed)
// stops renewing, and once the lease has run out any process may claim the
// job and run it again. So jobs survive a stopped process without an operator,
// and two processes never run one job at once.

/** Seconds a claim lasts without renewal (CLEARLINE_EXPORT_LEASE_S); renewed every third of it. */
export const DEFAULT_LEASE_SECONDS = 60;

/** Set at shutdown (abandonClaims): this process claims nothing more. */
let shuttingDown = false;

/** Takes the job for this process when it is unfinished and unclaimed, its claim has run out, or this process holds it. */
export async function claimJob(pool: pg.Pool, id: string, leaseSeconds: number): Promise<boolean> {
  if (shuttingDown) return false;
  const { rowCount } = await pool.query(
    `UPDATE export_job SET claimed_by = $2, lease_until = now() + make_interval(secs => $3)
      WHERE export_id = $1 AND status IN ('QUEUED', 'RUNNING')
        AND (claimed_by = $2 OR lease_until IS NULL OR lease_until < now())`,
    [id, PROCESS_ID, leaseSeconds],
  );
  if (rowCount) holdLease(pool, id, leaseSeconds);
  return Boolean(rowCount);
}

/**
 * Claims the oldest unfinished job nobody holds (a stopped process's), if
 * any: SKIP LOCKED, so processes looking at once take different jobs. A claim
 * of a process on this machine that no longer exists (killed, crashed) counts
 * as run out at once, so `npm run export -- resume` after a crash need not
 * wait for the lease.
 */
export async function claimInterruptedJob(pool: pg.Pool, leaseSeconds: number, exclude: readonly string[]): Promise<string | undefined> {
  if (shuttingDown) return undefined;
  const dead = await deadLocalClaimants(pool);
  const { rows } = await pool.query<{ export_id: string }>(
    `UPDATE export_job SET claimed_by = $1, lease_until = now() + make_interval(secs => $2)
      WHERE export_id = (
        SELECT export_id FROM export_job
         WHERE status IN ('QUEUED', 'RUNNING') AND (lease_until IS NULL OR lease_until < now() OR claimed_by = ANY ($4::text[]))
           AND NOT (export_id = ANY ($3::bigint[]))
         ORDER BY export_id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING export_id`,
    [PROCESS_ID, leaseSeconds, exclude, dead],
  );
  const id = rows[0] ? String(rows[0].export_id) : undefined;
  if (id) holdLease(pool, id, leaseSeconds);
  return id;
}

/**
 * Holders of live claims that ran on this machine and are gone: their pid no
 * longer exists. (A pid reused by another process counts as alive: the claim
 * then runs out with its lease, as a remote one does.)
 */
async function deadLocalClaimants(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ claimed_by: string }>(
    `SELECT DISTINCT claimed_by FROM export_job WHERE status IN ('QUEUED', 'RUNNING') AND lease_until >= now() AND claimed_by IS NOT NULL`,
  );
  return rows.map((r) => r.claimed_by).filter((claimant) => {
    const [host, pid] = claimant.split(':');
    return host === hostname() && claimant !== PROCESS_ID && !processExists(Number(pid));
  });
}

function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Leases this process renews, by job id. */
const held = new Map<string, { pool: pg.Pool; leaseSeconds: number }>();
let renewer: NodeJS.Timeout | undefined;

/** Renews the job's lease from now on (this process claimed it). */
export function holdLease(pool: pg.Pool, id: string, leaseSeconds: number): void {
  held.set(id, { pool, leaseSeconds });
  if (renewer) return;
  const every = Math.max(1, Math.floor(Math.min(...[...held.values()].map((h) => h.leaseSeconds)) / 3)) * 1000;
  renewer = setInterval(() => void renewLeases(), every);
  renewer.unref();
}

async function renewLeases(): Promise<void> {
  for (const [id, { pool, leaseSeconds }] of held) {
    // A failed renewal is retried at the next turn; a lease that ran out meanwhile is noticed when the job finishes.
    await pool.query(`UPDATE export_job SET lease_until = now() + make_interval(secs => $3) WHERE export_id = $1 AND claimed_by = $2`, [id, PROCESS_ID, leaseSeconds]).catch(() => {});
  }
}

/** This process no longer needs the job's lease (it finished, or another holds it). */
export function releaseLease(id: string): void {
  held.delete(id);
  if (held.size === 0 && renewer) {
    clearInterval(renewer);
    renewer = undefined;
  }
}

/** Ids whose claim this process holds. */
export function heldJobs(): string[] {
  return [...held.keys()];
}

/** True once this process has given its claims up (shutdown): a job failing now failed because of it, not of itself. */
export function claimsAbandoned(): boolean {
  return shuttingDown;
}

/**
 * At shutdown: gives up this process's claims at once, so another process
 * resumes its jobs at its next scheduler turn instead of a lease later. A job
 * still running here cannot record an outcome any more (claimed_by changes
 * when another takes it, and failures are not recorded from now on).
 */
export async function abandonClaims(pool: pg.Pool): Promise<void> {
  shuttingDown = true;
  const ids = [...held.keys()];
  for (const id of ids) releaseLease(id);
  if (ids.length) await pool.query(`UPDATE export_job SET lease_until = now() WHERE export_id = ANY ($1::bigint[]) AND claimed_by = $2`, [ids, PROCESS_ID]);
}
