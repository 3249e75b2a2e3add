import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime } from '../common/scalars.ts';

export enum ImportKindValue {
  ORG_UNITS = 'org-units', CATEGORIES = 'categories', CHANNELS = 'channels', CUSTOMERS = 'customers',
  CUSTOMER_BASE = 'customer-base', COMPLAINTS = 'complaints', SURVEYS = 'surveys', EXEMPTIONS = 'exemptions',
}
registerEnumType(ImportKindValue, { name: 'ImportKind', description: 'What a CSV file holds (docs/IMPORT.md lists the columns of each).' });

export enum QuarantineStatusValue { OPEN = 'OPEN', RESOLVED = 'RESOLVED', DISCARDED = 'DISCARDED' }
registerEnumType(QuarantineStatusValue, { name: 'QuarantineStatus', description: 'OPEN until re-submitted successfully (RESOLVED) or given up (DISCARDED).' });

@ObjectType('ImportReasonCount', { simpleResolvers: true, description: 'How many rows were quarantined for one reason.' })
export class ImportReasonCount {
  @Field(() => String, { description: 'Reason code, e.g. TIME_ORDER.' })
  code: string;

  @Field(() => Int, { description: 'Rows quarantined for it.' })
  rows: number;
}

@ObjectType('ImportReport', { simpleResolvers: true, description: 'What an import run did: nothing read is unaccounted for (rowsRead = inserted + updated + unchanged + quarantined).' })
export class ImportReportType {
  @Field(() => ID, { description: 'The run (import_run) id.' })
  runId: string;

  @Field(() => ImportKindValue, { description: 'What the file held.' })
  kind: string;

  @Field(() => String, { description: 'The file as named by the caller.' })
  source: string;

  @Field(() => String, { description: 'How the file was decoded: utf-8 or gb18030.' })
  encoding: string;

  @Field(() => Int, { description: 'Data rows read (the header not counted).' }) rowsRead: number;
  @Field(() => Int, { description: 'Rows loaded as new.' }) inserted: number;
  @Field(() => Int, { description: 'Rows that changed what was loaded before (a newer version).' }) updated: number;
  @Field(() => Int, { description: 'Rows identical to what was already loaded, replaced by a later line of the same identity, or older (by the work order\'s updated_at) than the version loaded.' }) unchanged: number;
  @Field(() => Int, { description: 'Rows put in the quarantine.' }) quarantined: number;

  @Field(() => [ImportReasonCount], { description: 'Quarantined rows by reason (a row with two reasons counts under both).' })
  byReason: ImportReasonCount[];

  @Field(() => Int, { description: 'Batches committed (one transaction each).' }) batches: number;

  @Field(() => [String], { description: 'Header columns nothing maps to (ignored).' })
  ignoredColumns: string[];
}

@ObjectType('ImportCell', { simpleResolvers: true, description: 'One column of a row: its name and the value as read.' })
export class ImportCell {
  @Field(() => String, { description: 'Column name.' }) column: string;
  @Field(() => String, { description: 'Value as read (personal data masked by role).' }) value: string;
}

@InputType('ImportCellInput', { description: 'A corrected value for a canonical column (e.g. received_at).' })
export class ImportCellInput {
  @Field(() => String, { description: 'Clearline\'s column name (as in docs/IMPORT.md).' }) column: string;
  @Field(() => String, { description: 'The corrected value, written as in a file.' }) value: string;
}

@ObjectType('ImportReason', { simpleResolvers: true, description: 'Why a row was quarantined.' })
export class ImportReasonType {
  @Field(() => String, { nullable: true, description: 'The canonical column at fault (null for the row as a whole).' }) field: string | null;
  @Field(() => String, { description: 'MISSING_REQUIRED, INVALID_FORMAT, NOT_ALLOWED, UNKNOWN_CODE, OUT_OF_RANGE, TIME_ORDER, FUTURE_DATE, OUTSIDE_CALENDAR, STATUS_MISMATCH, OUT_OF_SCOPE, COLUMN_COUNT or CUSTOMER_MISMATCH.' }) code: string;
  @Field(() => String, { description: 'In English.' }) message: string;
  @Field(() => String, { description: 'In Chinese (zh-CN).' }) messageZh: string;
}

@ObjectType('QuarantinedRow', { simpleResolvers: true, description: 'A row an import could not load, with where it came from and every reason.' })
export class QuarantinedRowType {
  @Field(() => ID, { description: 'Quarantine row id.' }) id: string;
  @Field(() => ID, { description: 'The import run that quarantined it.' }) runId: string;
  @Field(() => ImportKindValue, { description: 'What kind of row it is.' }) kind: string;
  @Field(() => String, { description: 'The file it came from.' }) sourceName: string;
  @Field(() => Int, { description: 'Line in the file (the header is line 1).' }) lineNo: number;
  @Field(() => [ImportCell], { description: 'The row as read, under the file\'s own headers.' }) raw: ImportCell[];
  @Field(() => [ImportCell], { description: 'The row under Clearline\'s column names, after the mapping (and any corrections).' }) mapped: ImportCell[];
  @Field(() => [ImportReasonType], { description: 'Every reason, not just the first.' }) reasons: ImportReasonType[];
  @Field(() => QuarantineStatusValue, { description: 'OPEN, RESOLVED or DISCARDED.' }) status: string;
  @Field(() => DateTime, { description: 'When it was first quarantined.' }) quarantinedAt: Date;
  @Field(() => DateTime, { nullable: true, description: 'When it was resolved or discarded.' }) resolvedAt: Date | null;
}

@ObjectType('QuarantinePage', { simpleResolvers: true, description: 'Quarantined rows in id order; pass the last id as afterId for the next page.' })
export class QuarantinePage {
  @Field(() => [QuarantinedRowType], { description: 'This page\'s rows.' }) rows: QuarantinedRowType[];
  @Field(() => Boolean, { description: 'Whether more rows follow the last one.' }) hasMore: boolean;
}

@ObjectType('ResubmitResult', { simpleResolvers: true, description: 'The outcome of re-submitting a quarantined row.' })
export class ResubmitResult {
  @Field(() => Boolean, { description: 'Whether the row passed the checks and was loaded.' }) loaded: boolean;
  @Field(() => String, { description: 'INSERTED, UPDATED, UNCHANGED, or QUARANTINED (still bad: see row.reasons).' }) outcome: string;
  @Field(() => QuarantinedRowType, { description: 'The quarantined row as it now stands.' }) row: QuarantinedRowType;
}
