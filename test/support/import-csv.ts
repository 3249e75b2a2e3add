import { Readable } from 'node:stream';
import type pg from 'pg';
import type { Viewer } from '../../server/auth/viewer.ts';
import { runImport, type ImportOptions } from '../../server/ingest/import/import.runner.ts';

/** CSV text from rows of cells (quoted when needed), with the chosen line ending. */
export function csvText(rows: readonly (readonly string[])[], eol = '\n'): string {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join(eol) + eol;
}

export const ADMIN: Viewer = { id: 'import-test', displayName: 'Import test', roles: ['ADMIN'], orgUnitScope: ['/'] };

/** Imports CSV content (text or bytes) as if read from a file. */
export function importCsv(pool: pg.Pool, content: string | Buffer, options: Partial<ImportOptions> & Pick<ImportOptions, 'kind'>) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  // Small chunks, so decoding and parsing across chunk boundaries is exercised.
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 97) chunks.push(bytes.subarray(i, i + 97));
  return runImport(pool, Readable.from(chunks), {
    sourceName: `${options.kind}.csv`, viewer: ADMIN, timeZone: 'Asia/Shanghai', now: new Date('2026-06-01T00:00:00Z'), ...options,
  });
}

export const CUSTOMER_HEADER = ['account_no', 'name', 'phone', 'utility', 'segment', 'tariff_class', 'org_unit_code', 'connected_on'];
export const COMPLAINT_HEADER = [
  'source_system', 'source_id', 'account_no', 'category_code', 'channel_code', 'org_unit_code', 'received_at', 'first_response_at',
  'resolved_at', 'closed_at', 'status', 'description', 'reopened_count', 'escalated', 'upheld', 'resolved_at_first_contact', 'redress_amount',
];
