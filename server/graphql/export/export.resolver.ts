import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { assertAllowed, can } from '../../auth/permissions.ts';
import { exportConfigFromEnv } from '../../exports/export-config.ts';
import { poolOf } from '../../db/sql.ts';
import { requestComplaintsExtract, requestKpisExtract, requestRegulatorReturn, type ExportDeps } from '../../exports/export-jobs.ts';
import type { Comparison as ComparisonValue } from '../../metrics/kpi-comparison.ts';
import { ComplaintFilter } from '../complaint/complaint.filter.ts';
import { Comparison, KpiQueryArgs } from '../kpi/kpi.types.ts';
import { EXPORT_FORMATS, listVisibleExports, type ExportRecord } from '../../exports/export-record.ts';
import { verifyExport } from '../../exports/export-verify.ts';
import { ApiError, badInput } from '../common/api-error.ts';
import type { GraphQLContext } from '../context.ts';
import { fromGlobalId } from '../relay/global-id.ts';
import { ExportFormat, ExportType, ExportVerificationType, RequestExportInput } from './export.types.ts';

export const MAX_EXPORTS_LISTED = 200;

export function exportDeps(ctx: GraphQLContext): ExportDeps {
  return { db: ctx.db, config: { ...exportConfigFromEnv(), timeZone: ctx.timeZone } };
}

/** An export record as the API shows it. */
export function exportView(record: ExportRecord): ExportType {
  return {
    id: record.id,
    report: record.report,
    parameters: JSON.stringify(record.parameters),
    requestedBy: record.requestedBy,
    requestedAt: record.requestedAt,
    status: record.status,
    finishedAt: record.finishedAt,
    error: record.error,
    attempts: record.attempts,
    dataAsOf: record.dataAsOf,
    rowCounts: JSON.stringify(record.rowCounts),
    files: record.files.map((f) => ({ ...f, byteSize: Number(f.byteSize), url: `/exports/${record.id}/${encodeURIComponent(f.fileName)}` })),
  };
}

@Resolver(() => ExportType)
export class ExportResolver {
  @Mutation(() => ExportType, {
    description: 'Generates a regulator return (monthly or quarterly, for an org unit and everything under it) as XLSX, zipped CSV and PDF. Returns the recorded job (QUEUED or RUNNING); poll `exports` until it is DONE, then download its files.',
  })
  async requestExport(@Arg('input', () => RequestExportInput) input: RequestExportInput, @Ctx() ctx: GraphQLContext): Promise<ExportType> {
    assertAllowed(ctx.viewer, 'export.regulator');
    const label = input.period === 'MONTHLY' ? input.month : input.quarter;
    if (!label) throw badInput(input.period === 'MONTHLY' ? 'input.month' : 'input.quarter', `a ${input.period.toLowerCase()} return needs its ${input.period === 'MONTHLY' ? 'month (YYYY-MM)' : 'quarter (YYYY-Qn)'}`);
    const orgUnitId = Number(fromGlobalId('OrgUnit', input.orgUnitId, 'input.orgUnitId'));
    const record = await requestRegulatorReturn(exportDeps(ctx), ctx.viewer, {
      period: input.period, orgUnitId, label, formats: input.formats?.length ? input.formats : [...EXPORT_FORMATS],
    });
    return exportView(record);
  }

  @Mutation(() => ExportType, {
    description: 'An extract of a complaints filter (the same filter as `complaints`) as CSV (UTF-8 with BOM) or XLSX, streamed from a server-side cursor at any size; personal data masked per your role. Poll `exports` until DONE, then download.',
  })
  async requestComplaintsExport(
    @Arg('filter', () => ComplaintFilter, { nullable: true, description: 'Which complaints; none: all you may see.' }) filter: ComplaintFilter | null,
    @Arg('format', () => ExportFormat, { nullable: true, description: 'CSV (default) or XLSX.' }) format: keyof typeof ExportFormat | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ExportType> {
    const record = await requestComplaintsExtract(exportDeps(ctx), ctx.viewer, { filter, format: format ?? 'CSV', now: ctx.now.toISOString() });
    return exportView(record);
  }

  @Mutation(() => ExportType, {
    description: 'An extract of a `kpis` result (the same arguments, the KPIs named in `measures`) as CSV or XLSX: the same figures the API returns.',
  })
  async requestKpisExport(
    @Args(() => KpiQueryArgs) args: KpiQueryArgs,
    @Arg('measures', () => [String], { description: 'KPI field names of KpiRow, e.g. ["complaints", "satisfactionRate"].' }) measures: string[],
    @Arg('compareTo', () => Comparison, { nullable: true, description: 'Adds each KPI’s comparison and change.' }) compareTo: ComparisonValue | null,
    @Arg('format', () => ExportFormat, { nullable: true, description: 'CSV (default) or XLSX.' }) format: keyof typeof ExportFormat | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ExportType> {
    const record = await requestKpisExtract(exportDeps(ctx), ctx.viewer, { args, measures, compareTo, format: format ?? 'CSV' });
    return exportView(record);
  }

  @Query(() => [ExportType], {
    description: 'Exports you may see, newest first, with status and checksums: regulator returns of your org units (export.regulator) and your own ad-hoc extracts (export.adhoc).',
  })
  async exports(
    @Arg('first', () => Int, { nullable: true, description: `At most this many (default 50, at most ${MAX_EXPORTS_LISTED}).` }) first: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ExportType[]> {
    if (!can(ctx.viewer, 'export.regulator') && !can(ctx.viewer, 'export.adhoc')) assertAllowed(ctx.viewer, 'export.regulator');
    const limit = first ?? 50;
    if (limit < 1 || limit > MAX_EXPORTS_LISTED) throw badInput('first', `must be between 1 and ${MAX_EXPORTS_LISTED}, got ${limit}`);
    return (await listVisibleExports(poolOf(ctx.db), ctx.viewer, limit)).map(exportView);
  }

  @Query(() => ExportVerificationType, {
    description: 'Recomputes a regulator return on today’s data and says whether the data behind it has changed since it was generated, and which figures moved.',
  })
  async verifyExport(@Arg('id', () => ID, { description: 'The export’s id.' }) id: string, @Ctx() ctx: GraphQLContext): Promise<ExportVerificationType> {
    if (!/^\d{1,18}$/.test(id)) throw new ApiError('BAD_USER_INPUT', `id: "${id}" is not an export id`, 'id');
    const result = await verifyExport(exportDeps(ctx), ctx.viewer, id);
    return {
      ...result,
      moved: result.moved.map((m) => ({ figure: m.figure, was: m.was === undefined ? null : JSON.stringify(m.was), now: m.now === undefined ? null : JSON.stringify(m.now) })),
    };
  }
}
