import { createReadStream } from 'node:fs';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { assertAllowed } from '../../auth/permissions.ts';
import { MappingError, normalizeEncoding, parseMappingJson } from '../../ingest/import/import-mapping.ts';
import { runImport } from '../../ingest/import/import.runner.ts';
import type { ImportKind, ImportReport } from '../../ingest/import/import.types.ts';
import { FileFormatError } from '../../ingest/import/csv-rows.ts';
import { discardQuarantined, listQuarantine, resubmitQuarantined, type QuarantinedRow } from '../../ingest/import/quarantine.service.ts';
import { resolveServerPath } from '../../ingest/import/server-path.ts';
import { poolOf } from '../../db/sql.ts';
import { ApiError, badInput } from '../common/api-error.ts';
import type { GraphQLContext } from '../context.ts';
import { personalDataAccess, presentPersonalData, WITHHELD, type PersonalField } from '../../auth/pii-mask-policy.ts';
import { ImportCellInput, ImportKindValue, ImportReportType, QuarantinePage, QuarantineStatusValue, QuarantinedRowType, ResubmitResult } from './import.types.ts';


/** Bulk import for administrators (a file already on the server) and the quarantine's review loop. */
@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReportType, {
    description: 'Imports a CSV file from the server\'s import directory (CLEARLINE_IMPORT_DIR; administrators only). Uploads go to POST /imports/{kind} instead.',
  })
  async importBatch(
    @Arg('kind', () => ImportKindValue) kind: string,
    @Arg('serverPath', () => String, { description: 'Path relative to the import directory.' }) serverPath: string,
    @Arg('mapping', () => String, { nullable: true, description: 'Mapping as JSON text (columns, values, defaults, encoding).' }) mapping: string | null,
    @Arg('encoding', () => String, { nullable: true, description: 'utf-8, gbk or gb18030; default: detected.' }) encoding: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    assertAllowed(ctx.viewer, 'import.serverPath');
    const file = await resolveServerPath(serverPath);
    const report = await asApiErrors(async () => runImport(poolOf(ctx.db), createReadStream(file), {
      kind: kind as ImportKind, sourceName: serverPath, viewer: ctx.viewer, timeZone: ctx.timeZone,
      mapping: mapping ? parseMappingJson(mapping) : undefined, encoding: encoding ? normalizeEncoding(encoding) : undefined,
    }));
    return reportType(report);
  }

  @Query(() => QuarantinePage, { description: 'Rows imports could not load, in your org units (open ones by default).' })
  async importQuarantine(
    @Arg('kind', () => ImportKindValue, { nullable: true }) kind: string | null,
    @Arg('status', () => QuarantineStatusValue, { nullable: true, defaultValue: 'OPEN' }) status: string,
    @Arg('runId', () => ID, { nullable: true }) runId: string | null,
    @Arg('afterId', () => ID, { nullable: true }) afterId: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number,
    @Ctx() ctx: GraphQLContext,
  ) {
    const page = await listQuarantine(poolOf(ctx.db), ctx.viewer, {
      kind: (kind ?? null) as ImportKind | null, status: status as QuarantinedRow['status'], runId: digits(runId, 'runId'), afterId: digits(afterId, 'afterId'), first,
    });
    return { rows: await Promise.all(page.rows.map((r) => rowType(ctx, r))), hasMore: page.hasMore };
  }

  @Mutation(() => ResubmitResult, { description: 'Re-submits a quarantined row with corrected values; loaded, it is RESOLVED; still bad, it stays OPEN with the new reasons.' })
  async resubmitQuarantinedRow(
    @Arg('id', () => ID) id: string,
    @Arg('corrections', () => [ImportCellInput], { defaultValue: [] }) corrections: ImportCellInput[],
    @Ctx() ctx: GraphQLContext,
  ) {
    const outcome = await resubmitQuarantined(poolOf(ctx.db), ctx.viewer, ctx.timeZone, digits(id, 'id')!, Object.fromEntries(corrections.map((c) => [c.column, c.value])), ctx.now);
    return { loaded: outcome.loaded, outcome: outcome.outcome, row: await rowType(ctx, outcome.row) };
  }

  @Mutation(() => QuarantinedRowType, { description: 'Gives up on a quarantined row (DISCARDED), with the reason in the audit log.' })
  async discardQuarantinedRow(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: GraphQLContext) {
    return await rowType(ctx, await discardQuarantined(poolOf(ctx.db), ctx.viewer, digits(id, 'id')!, reason));
  }
}

function digits(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!/^\d{1,18}$/.test(value)) throw badInput(field, `"${value}" is not a valid id`);
  return value;
}

/** File-level problems (a missing column, a bad mapping) are the caller's to fix. */
export async function asApiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FileFormatError || error instanceof MappingError) throw new ApiError('BAD_USER_INPUT', error.message);
    throw error;
  }
}

export function reportType(report: ImportReport): ImportReportType {
  return Object.assign(new ImportReportType(), {
    ...report,
    byReason: Object.entries(report.byReason).sort().map(([code, rows]) => ({ code, rows: rows ?? 0 })),
  });
}

const PERSONAL: Record<string, PersonalField> = { name: 'name', phone: 'phone', account_no: 'accountNo' };

/**
 * Personal data in a quarantined row leaves through the same policy as the
 * customer API (by the row's station, when known). Mapped cells are masked by
 * their column. Raw cells carry the file's own headers, which need not say what
 * they hold (and a correction changes the mapped value, not the raw one): a
 * viewer who may not see personal data in full sees only the raw cells of
 * known, non-personal columns.
 */
async function rowType(ctx: GraphQLContext, row: QuarantinedRow): Promise<QuarantinedRowType> {
  const { orgUnits } = await ctx.reference.get();
  const access = personalDataAccess(ctx.viewer, row.orgUnitId === null ? '' : orgUnits.get(row.orgUnitId)?.path ?? '');
  const mapped = Object.entries(row.mapped).map(([column, value]) => {
    const field = PERSONAL[column];
    return { column, value: field ? presentPersonalData(access, field, value) ?? '' : value };
  });
  const rawShown = (column: string) => access === 'FULL' || (column in row.mapped && !(column in PERSONAL));
  const raw = Object.entries(row.raw).map(([column, value]) => ({ column, value: rawShown(column) ? value : WITHHELD }));
  return Object.assign(new QuarantinedRowType(), { ...row, raw, mapped });
}
