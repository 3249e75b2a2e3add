import type pg from 'pg';
import { recordAudit } from '../../audit/audit-log.ts';
import { assertAllowed } from '../../auth/permissions.ts';
import { scopePatterns, seesEverything, type Viewer } from '../../auth/viewer.ts';
import { badInput, notFound } from '../../graphql/common/api-error.ts';
import { mutationEnv } from '../work-orders/import-env.ts';
import { inTransaction } from '../../db/transaction.ts';
import { settleBatch } from './import.runner.ts';
import { handlerFor } from './import-kinds.ts';
import type { ImportKind, Reason } from './import.types.ts';
import { rowHash } from './quarantine.store.ts';

/** Most rows one listing returns (the page says when more remain). */
export const QUARANTINE_PAGE_MAX = 200;

export type QuarantinedRow = {
  id: string; runId: string; kind: ImportKind; sourceName: string; lineNo: number; raw: Record<string, string>;
  mapped: Record<string, string>; reasons: Reason[]; status: 'OPEN' | 'RESOLVED' | 'DISCARDED'; quarantinedAt: Date;
  resolvedAt: Date | null; resolvedBy: string | null;
  /** The row's org unit when its code was known: decides how much personal data a viewer sees. */
  orgUnitId: number | null;
};

type Row = {
  quarantine_id: string; import_run_id: string; kind: ImportKind; source_name: string; line_no: number; raw: Record<string, string>;
  mapped: Record<string, string>; reasons: Reason[]; status: QuarantinedRow['status']; quarantined_at: Date; resolved_at: Date | null; resolved_by: string | null;
  org_unit_id: number | null;
};

const toRow = (r: Row): QuarantinedRow => ({
  id: String(r.quarantine_id), runId: String(r.import_run_id), kind: r.kind, sourceName: r.source_name, lineNo: r.line_no, raw: r.raw,
  mapped: r.mapped, reasons: r.reasons, status: r.status, quarantinedAt: r.quarantined_at, resolvedAt: r.resolved_at, resolvedBy: r.resolved_by,
  orgUnitId: r.org_unit_id,
});

/**
 * Rows a viewer may see: those of org units in scope; rows whose org unit
 * could not be told (an unknown code) only for viewers who see the whole tree.
 */
const SCOPE = `(q.org_unit_id IS NULL AND $1::boolean) OR q.org_unit_id IN (SELECT u.org_unit_id FROM dim_org_unit u WHERE u.path LIKE ANY ($2::text[]))`;
const scopeParams = (viewer: Viewer) => [seesEverything(viewer), seesEverything(viewer) ? ['%'] : scopePatterns(viewer)];

export async function listQuarantine(
  db: pg.Pool, viewer: Viewer, filter: { kind?: ImportKind | null; status?: QuarantinedRow['status'] | null; runId?: string | null; afterId?: string | null; first?: number | null },
): Promise<{ rows: QuarantinedRow[]; hasMore: boolean }> {
  assertAllowed(viewer, 'import.run');
  const first = filter.first ?? 50;
  if (!(Number.isInteger(first) && first >= 1 && first <= QUARANTINE_PAGE_MAX)) throw badInput('first', `must be from 1 to ${QUARANTINE_PAGE_MAX}`);
  const { rows } = await db.query<Row>(
    `SELECT q.* FROM import_quarantine q
      WHERE (${SCOPE}) AND ($3::text IS NULL OR q.kind = $3) AND q.status = $4 AND ($5::bigint IS NULL OR q.import_run_id = $5)
        AND ($6::bigint IS NULL OR q.quarantine_id > $6)
      ORDER BY q.quarantine_id LIMIT $7`,
    [...scopeParams(viewer), filter.kind ?? null, filter.status ?? 'OPEN', filter.runId ?? null, filter.afterId ?? null, first + 1],
  );
  return { rows: rows.slice(0, first).map(toRow), hasMore: rows.length > first };
}

async function lockOpenRow(client: pg.PoolClient, viewer: Viewer, id: string): Promise<Row> {
  const { rows } = await client.query<Row>(`SELECT q.* FROM import_quarantine q WHERE q.quarantine_id = $3 AND (${SCOPE}) FOR UPDATE`, [...scopeParams(viewer), id]);
  const row = rows[0];
  if (!row) throw notFound(`No quarantined row with id "${id}" in your org units`);
  if (row.status !== 'OPEN') throw badInput('id', `the row is already ${row.status}`);
  return row;
}

export type ResubmitOutcome = { loaded: boolean; row: QuarantinedRow; outcome: 'INSERTED' | 'UPDATED' | 'UNCHANGED' | 'QUARANTINED' };

/**
 * Re-submits a quarantined row with corrections (canonical column → value):
 * the row goes through the same checks and load as in a file. Loaded, it is
 * marked RESOLVED; still bad, it stays OPEN with the corrected values and the
 * new reasons, so no correction is lost.
 */
export async function resubmitQuarantined(
  pool: pg.Pool, viewer: Viewer, timeZone: string, id: string, corrections: Record<string, string>, now = new Date(),
): Promise<ResubmitOutcome> {
  assertAllowed(viewer, 'import.run');
  return inTransaction(pool, async (client) => {
    const row = await lockOpenRow(client, viewer, id);
    const handler = handlerFor(row.kind);
    const known = new Set(handler.columns.map((c) => c.name));
    const unknown = Object.keys(corrections).filter((k) => !known.has(k));
    if (unknown.length) throw badInput('corrections', `unknown column(s) ${unknown.join(', ')} for ${row.kind}: one of ${[...known].join(', ')}`);
    const mapped = { ...row.mapped, ...corrections };
    const env = await mutationEnv(client, viewer, timeZone, now);
    const source = { line: row.line_no, raw: row.raw, mapped };
    const checked = await handler.check(client, [source], env);
    const first = checked[0]!;
    if (!first.ok) {
      // The corrected row may equal another open one: say so instead of failing on the unique index.
      await client.query('SAVEPOINT corrected');
      const updated = await client.query<Row>(
        // The corrected org unit decides who sees the row and how much of it.
        `UPDATE import_quarantine SET mapped = $2, reasons = $3, row_hash = $4, org_unit_id = $5 WHERE quarantine_id = $1 RETURNING *`,
        [id, JSON.stringify(mapped), JSON.stringify(first.reasons), rowHash(row.kind, mapped), first.orgUnitId ?? null],
      ).catch(async (error: { code?: string }) => {
        if (error.code !== '23505') throw error;
        await client.query('ROLLBACK TO SAVEPOINT corrected');
        throw badInput('corrections', 'another open quarantined row already holds exactly these values; correct or discard that one');
      });
      await recordAudit(client, viewer, { action: 'import.resubmit', targetType: 'ImportQuarantine', targetId: id, details: { kind: row.kind, corrections: Object.keys(corrections), loaded: false, reasons: first.reasons.map((r) => r.code) } });
      return { loaded: false, row: toRow(updated.rows[0]!), outcome: 'QUARANTINED' };
    }
    const settled = await settleBatch(client, handler, [source], checked, env, row.import_run_id, row.source_name);
    const resolved = await client.query<Row>(
      `UPDATE import_quarantine SET status = 'RESOLVED', mapped = $2, resolved_at = now(), resolved_by = $3 WHERE quarantine_id = $1 RETURNING *`,
      [id, JSON.stringify(mapped), viewer.id],
    );
    const outcome = settled.counts.inserted ? 'INSERTED' : settled.counts.updated ? 'UPDATED' : 'UNCHANGED';
    await recordAudit(client, viewer, { action: 'import.resubmit', targetType: 'ImportQuarantine', targetId: id, details: { kind: row.kind, corrections: Object.keys(corrections), loaded: true, outcome } });
    return { loaded: true, row: toRow(resolved.rows[0]!), outcome };
  });
}

/** Gives up on a quarantined row (e.g. a test record in the export), with the reason recorded in the audit log. */
export async function discardQuarantined(pool: pg.Pool, viewer: Viewer, id: string, reason: string): Promise<QuarantinedRow> {
  assertAllowed(viewer, 'import.run');
  if (!reason.trim()) throw badInput('reason', 'say why the row is discarded');
  return inTransaction(pool, async (client) => {
    await lockOpenRow(client, viewer, id);
    const { rows } = await client.query<Row>(`UPDATE import_quarantine SET status = 'DISCARDED', resolved_at = now(), resolved_by = $2 WHERE quarantine_id = $1 RETURNING *`, [id, viewer.id]);
    await recordAudit(client, viewer, { action: 'import.discard', targetType: 'ImportQuarantine', targetId: id, details: { reason: reason.trim() } });
    return toRow(rows[0]!);
  });
}
