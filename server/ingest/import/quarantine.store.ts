import { createHash } from 'node:crypto';
import type { ImportKind, Queryable, Reason, SourceRow } from './import.types.ts';

export type QuarantineEntry = { row: SourceRow; reasons: Reason[]; orgUnitId: number | null };

/** Same kind and same mapped values: the same bad row, whoever imports it again. */
export function rowHash(kind: ImportKind, mapped: Record<string, string>): string {
  const canonical = JSON.stringify(Object.keys(mapped).sort().map((k) => [k, mapped[k]]));
  return createHash('md5').update(`${kind}\u0000${canonical}`).digest('hex');
}

/**
 * Writes bad rows to the quarantine in the batch's transaction. A row already
 * waiting there (same kind and values, still open) is not added twice, so
 * importing a file again leaves the quarantine as it was.
 * Returns how many rows were newly quarantined.
 */
export async function quarantineRows(client: Queryable, runId: string, kind: ImportKind, sourceName: string, entries: readonly QuarantineEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const { rowCount } = await client.query(
    `INSERT INTO import_quarantine (import_run_id, kind, source_name, line_no, raw, mapped, reasons, org_unit_id, row_hash)
     SELECT $1, $2, $3, line_no, raw, mapped, reasons, org_unit_id, row_hash
       FROM jsonb_to_recordset($4::jsonb) AS r(line_no integer, raw jsonb, mapped jsonb, reasons jsonb, org_unit_id integer, row_hash text)
     ON CONFLICT (kind, row_hash) WHERE status = 'OPEN' DO NOTHING`,
    [runId, kind, sourceName, JSON.stringify(entries.map((e) => ({
      line_no: e.row.line, raw: e.row.raw, mapped: e.row.mapped, reasons: e.reasons, org_unit_id: e.orgUnitId, row_hash: rowHash(kind, e.row.mapped),
    })))],
  );
  return rowCount ?? 0;
}
