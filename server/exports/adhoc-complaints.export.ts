import QueryStream from 'pg-query-stream';
import { personalDataAccess, presentPersonalData } from '../auth/pii-mask-policy.ts';
import { assertAllowed } from '../auth/permissions.ts';
import type { Viewer } from '../auth/viewer.ts';
import { join, selectRows, sql, type Sql } from '../db/sql.ts';
import { badInput } from '../graphql/common/api-error.ts';
import { inViewerScope } from '../graphql/common/scope.ts';
import type { ComplaintFilter } from '../graphql/complaint/complaint.filter.ts';
import { complaintConditions } from '../graphql/complaint/complaint.query.ts';
import { poolOf } from '../db/sql.ts';
import { writeFileAtomically } from './export-files.ts';
import type { ExportDeps, JobOutput } from './export-jobs.ts';
import type { ExportFormat, ExportRecord } from './export-record.ts';
import { column, type Cell, type Column } from './report-model.ts';
import { writeTableStream } from './table-stream.writer.ts';
import { checkOut } from '../db/check-out.ts';

// An analyst's extract of any `complaints` filter, as CSV or XLSX, read
// through a server-side cursor and written as it arrives (constant memory at
// any size). Personal data is masked per the requester's role; the free-text
// description, which can hold anything, is left out for those who may not
// see personal data.

/** Rows fetched from the cursor at a time. */
export const CURSOR_BATCH_ROWS = 1_000;

export type ComplaintsExtractParams = {
  filter: ComplaintFilter | null;
  /** CSV or XLSX (PDF is refused, naming the field). */
  format: ExportFormat;
  /** The request's clock, so "overdue" in the filter means what it meant when asked. */
  now: string;
};

export function extractFormat(format: ExportFormat): Exclude<ExportFormat, 'PDF'> {
  if (format === 'PDF') throw badInput('format', 'extracts are CSV or XLSX; PDF is for regulator returns');
  return format;
}

/** Checks an extract request (capability and filter, each error naming its field) before it is recorded. */
export function checkComplaintsExtract(viewer: Viewer, params: ComplaintsExtractParams): void {
  assertAllowed(viewer, 'export.adhoc');
  extractFormat(params.format);
  complaintConditions(viewer, params.filter, new Date(params.now));
}

type ExtractRow = {
  complaint_id: string; work_order: string; received_at: string; resolved_at: string | null; sla_due_at: string; status: string; category_l1: string;
  category_l2: string; channel: string; org_unit: string; org_unit_path: string; name: string; phone: string | null; account_no: string; segment: string; is_repeat: boolean;
  escalated: boolean; sla_met: boolean | null; filing_no: string | null; description?: string;
};

function extractColumns(withDescription: boolean): Column[] {
  return [
    column('complaintId', '投诉编号', 'Complaint id', 'integer', 12), column('workOrder', '工单号', 'Work order', 'text', 20),
    column('receivedAt', '受理时间', 'Received at', 'text', 17), column('resolvedAt', '办结时间', 'Resolved at', 'text', 17),
    column('slaDueAt', '时限到期', 'SLA due at', 'text', 17), column('status', '状态', 'Status', 'text', 11),
    column('categoryL1', '一级分类', 'Category (level 1)', 'text', 16), column('categoryL2', '二级分类', 'Category (level 2)', 'text', 20),
    column('channel', '渠道', 'Channel', 'text', 14), column('orgUnit', '责任单位', 'Org unit', 'text', 16),
    column('customerName', '客户姓名', 'Customer name', 'text', 14), column('phone', '联系电话', 'Phone', 'text', 14), column('accountNo', '户号', 'Account no.', 'text', 16),
    column('segment', '客户类别', 'Segment', 'text', 14), column('repeat', '重复投诉', 'Repeat', 'text', 9), column('escalated', '升级', 'Escalated', 'text', 9),
    column('slaMet', '及时办结', 'Within SLA', 'text', 9), column('exemptionFiling', '报备编号', 'Exemption filing', 'text', 14),
    ...(withDescription ? [column('description', '投诉内容', 'Description', 'text', 60)] : []),
  ];
}

/** The extract's statement: the complaints filter (with the viewer's scope), dimension names joined, in id order. */
export function complaintsExtractStatement(viewer: Viewer, params: ComplaintsExtractParams, timeZone: string, withDescription: boolean, maxRows: number): Sql {
  const conditions = complaintConditions(viewer, params.filter, new Date(params.now));
  const local = (c: Sql) => sql`to_char(${c} AT TIME ZONE ${timeZone}::text, 'YYYY-MM-DD HH24:MI')`;
  return sql`
    SELECT c.complaint_id, c.source_system || ':' || c.source_id AS work_order, ${local(sql`c.received_at`)} AS received_at,
           ${local(sql`c.resolved_at`)} AS resolved_at, ${local(sql`c.sla_due_at`)} AS sla_due_at, c.status,
           coalesce(g.name_zh, cat.name_zh) AS category_l1, cat.name_zh AS category_l2, ch.name_zh AS channel, u.name_zh AS org_unit, u.path AS org_unit_path,
           cu.name, cu.phone, cu.account_no, c.customer_segment AS segment, c.is_repeat, c.escalated, c.sla_met, f.filing_no
           ${withDescription ? sql`, c.description` : sql``}
    FROM fact_complaint c
      JOIN dim_customer cu ON cu.customer_id = c.customer_id
      JOIN dim_category cat ON cat.category_id = c.category_id LEFT JOIN dim_category g ON g.category_id = cat.parent_id
      JOIN dim_channel ch ON ch.channel_id = c.channel_id JOIN dim_org_unit u ON u.org_unit_id = c.org_unit_id
      LEFT JOIN exemption_filing f ON f.exemption_filing_id = c.exemption_filing_id
    WHERE ${join(conditions, ' AND ')}
    ORDER BY c.complaint_id
    LIMIT ${maxRows + 1}::int`;
}

const yn = (v: boolean | null) => (v === null ? null : v ? 'Y' : 'N');

function cellsOf(viewer: Viewer, row: ExtractRow, withDescription: boolean): Cell[] {
  // The same policy as the API (server/auth/pii-mask-policy.ts), by the complaint's station; the
  // free-text description may name people, so it goes only where personal data is shown in full.
  const access = personalDataAccess(viewer, row.org_unit_path);
  const shown = (field: 'name' | 'phone' | 'accountNo', value: string | null) => presentPersonalData(access, field, value);
  return [
    Number(row.complaint_id), row.work_order, row.received_at, row.resolved_at, row.sla_due_at, row.status, row.category_l1, row.category_l2,
    row.channel, row.org_unit, shown('name', row.name), shown('phone', row.phone), shown('accountNo', row.account_no), row.segment, yn(row.is_repeat), yn(row.escalated),
    yn(row.sla_met), row.filing_no, ...(withDescription ? [access === 'FULL' ? row.description ?? '' : ''] : []),
  ];
}

export async function generateComplaintsExtract(deps: ExportDeps, job: ExportRecord): Promise<JobOutput> {
  const params = job.parameters as ComplaintsExtractParams;
  const viewer = job.requester;
  // The column exists for roles that see some customers in full (administrators, managers of their own stations).
  const withDescription = viewer.roles.some((role) => role === 'ADMIN' || role === 'MANAGER');
  const maxRows = deps.config.maxExtractRows;
  const statement = complaintsExtractStatement(viewer, params, deps.config.timeZone, withDescription, maxRows);
  const [asOf] = await selectRows<{ as_of: Date | null }>(deps.db, sql`SELECT max(c.loaded_at) AS as_of FROM fact_complaint c WHERE ${inViewerScope(viewer, sql`c.org_unit_id`)}`);
  const client = await checkOut(poolOf(deps.db));
  let rows = 0;
  let failed = false;
  try {
    const cursor = client.query(new QueryStream(statement.text, statement.values, { batchSize: CURSOR_BATCH_ROWS }));
    const cells = (async function* () {
      for await (const row of cursor as AsyncIterable<ExtractRow>) {
        if (++rows > maxRows) throw new Error(`the filter matches more than ${maxRows.toLocaleString('en-US')} complaints, the most an extract may hold: narrow it (e.g. a shorter received-date range)`);
        yield cellsOf(viewer, row, withDescription);
      }
    })();
    const fileName = `complaints-${job.id}.${params.format === 'CSV' ? 'csv' : 'xlsx'}`;
    const file = await writeFileAtomically(deps.config, job.id, fileName, async (path) => {
      await writeTableStream({ title: '投诉 Complaints', columns: extractColumns(withDescription), rows: cells }, extractFormat(params.format), path);
    });
    return { files: [file], rowCounts: { complaints: rows }, dataAsOf: asOf?.as_of ? new Date(asOf.as_of) : new Date(params.now), figures: null };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A client whose cursor was abandoned mid-way is closed, not handed back to the pool.
    client.release(failed);
  }
}
