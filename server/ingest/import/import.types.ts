import type { Viewer } from '../../auth/viewer.ts';
import type { BusinessCalendar } from '../../calendar/business-calendar.ts';
import type { ReasonCode } from './import-reasons.ts';
import type { ReferenceCodes } from './reference-codes.ts';

export const IMPORT_KINDS = ['org-units', 'categories', 'channels', 'customers', 'customer-base', 'complaints', 'surveys', 'exemptions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One reason a row was quarantined; a row carries every reason found, not just the first. */
export type Reason = { field: string | null; code: ReasonCode; message: string; messageZh: string };

/** A row as read: its physical line, the original header → value, and canonical field → value after the mapping. */
export type SourceRow = { line: number; raw: Record<string, string>; mapped: Record<string, string>; columnProblem?: string };

export type ImportEnv = {
  viewer: Viewer;
  timeZone: string;
  /** One clock per run: "no future dates" means after this instant. */
  now: number;
  calendar: BusinessCalendar;
  reference: ReferenceCodes;
};

export type Checked<T> = { ok: true; record: T; orgUnitId: number } | { ok: false; reasons: Reason[]; orgUnitId: number | null };

export type LoadOutcome = { inserted: number; updated: number; unchanged: number };

export type ColumnSpec = { name: string; type: string; required: boolean; allowed?: readonly string[]; description: string };

/** What each kind of file brings: its columns, how a batch is checked, and how checked records are loaded. */
export type KindHandler<T> = {
  kind: ImportKind;
  columns: readonly ColumnSpec[];
  /** The columns that identify a row within a batch (a later line replaces an earlier one). */
  key(record: T): string;
  /** The source's version of a record (ISO instant), when the file carries one: of two lines for one identity the newer wins. */
  version?(record: T): string | null;
  /** Parses and checks a batch (one lookup per referenced table, not per row). */
  check(client: Queryable, rows: readonly SourceRow[], env: ImportEnv): Promise<Checked<T>[]>;
  /** Upserts the records and refreshes what derives from them, inside the batch's transaction. */
  load(client: Queryable, records: readonly T[], env: ImportEnv): Promise<LoadOutcome>;
};

export type Queryable = import('pg').PoolClient;

export type ImportReport = {
  runId: string;
  kind: ImportKind;
  source: string;
  encoding: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  /** Quarantined rows by reason code (a row with two reasons counts under both). */
  byReason: Partial<Record<ReasonCode, number>>;
  batches: number;
  /** Header columns the mapping does not use (ignored). */
  ignoredColumns: string[];
};
