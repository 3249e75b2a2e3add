import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { enumOf } from '../common/enums.ts';
import { DateTime } from '../common/scalars.ts';
import { EXPORT_FORMATS, EXPORT_REPORTS, EXPORT_STATUSES } from '../../exports/export-record.ts';
import { RETURN_PERIODS } from '../../exports/regulator-return.report.ts';

export const ExportReport = enumOf(EXPORT_REPORTS);
registerEnumType(ExportReport, {
  name: 'ExportReport',
  description: 'What an export holds.',
  valuesConfig: {
    REGULATOR_MONTHLY: { description: 'Monthly complaint return for a regulator (监管月报).' },
    REGULATOR_QUARTERLY: { description: 'Quarterly complaint return for a regulator (监管季报).' },
    ADHOC_KPIS: { description: 'An analyst’s extract of a kpis result.' },
    ADHOC_COMPLAINTS: { description: 'An analyst’s extract of a complaints filter (personal data masked per role).' },
  },
});

export const ExportFormat = enumOf(EXPORT_FORMATS);
registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'File format.',
  valuesConfig: {
    XLSX: { description: 'Excel workbook, a sheet per section.' },
    CSV: { description: 'CSV, UTF-8 with BOM (a zip of one file per section for returns).' },
    PDF: { description: 'Printable summary with the headline table and trend charts (returns only).' },
  },
});

export const ExportStatus = enumOf(EXPORT_STATUSES);
registerEnumType(ExportStatus, {
  name: 'ExportStatus',
  description: 'Where an export job is.',
  valuesConfig: {
    QUEUED: { description: 'Recorded, not started.' },
    RUNNING: { description: 'Being generated.' },
    DONE: { description: 'Generated: its files can be downloaded.' },
    FAILED: { description: 'Failed: see error.' },
  },
});

export const ReturnPeriod = enumOf(RETURN_PERIODS);
registerEnumType(ReturnPeriod, { name: 'ReturnPeriod', description: 'Period of a regulator return.', valuesConfig: { MONTHLY: { description: 'A calendar month.' }, QUARTERLY: { description: 'A calendar quarter.' } } });

@InputType({ description: 'A regulator return to generate.' })
export class RequestExportInput {
  @Field(() => ReturnPeriod, { description: 'Monthly or quarterly.' })
  period: keyof typeof ReturnPeriod;

  @Field(() => ID, { description: 'The org unit it covers, with everything under it.' })
  orgUnitId: string;

  @Field(() => String, { nullable: true, description: 'For a monthly return: the month, YYYY-MM (e.g. 2024-07).' })
  month?: string | null;

  @Field(() => String, { nullable: true, description: 'For a quarterly return: the quarter, YYYY-Qn (e.g. 2024-Q3).' })
  quarter?: string | null;

  @Field(() => [ExportFormat], { nullable: true, description: 'Formats to generate (default all three).' })
  formats?: (keyof typeof ExportFormat)[] | null;
}

@ObjectType('ExportFile', { description: 'One file of an export.' })
export class ExportFileType {
  @Field(() => String, { description: 'File name.' })
  fileName: string;

  @Field(() => String, { description: 'MIME type.' })
  contentType: string;

  @Field(() => Float, { description: 'Size in bytes (a Float: large extracts pass the 32-bit Int).' })
  byteSize: number;

  @Field(() => String, { description: 'SHA-256 of the file, hex.' })
  sha256: string;

  @Field(() => String, { description: 'Download path (GET, streamed): /exports/{id}/{fileName}.' })
  url: string;
}

@ObjectType('Export', { description: 'A generated export, recorded with its parameters, its data’s as-of point and the checksum of each file.' })
export class ExportType {
  @Field(() => ID, { description: 'Export id (also in the download path).' })
  id: string;

  @Field(() => ExportReport, { description: 'What it holds.' })
  report: string;

  @Field(() => String, { description: 'Its parameters, as JSON (org unit, period, formats, filter).' })
  parameters: string;

  @Field(() => String, { description: 'Who asked for it (viewer id).' })
  requestedBy: string;

  @Field(() => DateTime, { description: 'When it was asked for.' })
  requestedAt: Date;

  @Field(() => ExportStatus, { description: 'Job status.' })
  status: string;

  @Field(() => DateTime, { nullable: true, description: 'When the job finished.' })
  finishedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  error: string | null;

  @Field(() => Int, { description: 'Times the job has been run: a failed scheduled return is retried by the scheduler, with a growing wait, up to 5 runs.' })
  attempts: number;

  @Field(() => DateTime, { nullable: true, description: 'The data’s as-of point: every timestamp inside the files is set to it.' })
  dataAsOf: Date | null;

  @Field(() => String, { description: 'Rows per section or file, as JSON.' })
  rowCounts: string;

  @Field(() => [ExportFileType], { description: 'Its files with their SHA-256 (empty until DONE).' })
  files: ExportFileType[];
}

@ObjectType('MovedFigure', { description: 'A figure of a return whose value differs on today’s data.' })
export class MovedFigureType {
  @Field(() => String, { description: 'section/row/column, e.g. headline/complaints/current or complaints/123 (a detail row).' })
  figure: string;

  @Field(() => String, { nullable: true, description: 'The recorded value, as JSON (null: the figure did not exist).' })
  was: string | null;

  @Field(() => String, { nullable: true, description: 'Today’s value, as JSON (null: the figure no longer exists).' })
  now: string | null;
}

@ObjectType('ExportVerification', { description: 'A regulator return recomputed on today’s data and compared with what was delivered.' })
export class ExportVerificationType {
  @Field(() => ID, { description: 'The export verified.' })
  exportId: string;

  @Field(() => Boolean, { description: 'true: the same figures and byte-identical files today.' })
  unchanged: boolean;

  @Field(() => Boolean, { description: 'Whether regenerating now gives files with the recorded SHA-256.' })
  filesIdentical: boolean;

  @Field(() => DateTime, { nullable: true, description: 'The data’s as-of point when it was generated.' })
  dataAsOfThen: Date | null;

  @Field(() => DateTime, { description: 'The data’s as-of point now.' })
  dataAsOfNow: Date;

  @Field(() => Int, { description: 'How many figures moved.' })
  movedCount: number;

  @Field(() => [MovedFigureType], { description: 'The figures that moved (at most 200).' })
  moved: MovedFigureType[];
}
