import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { recordAudit } from '../../audit/audit-log.ts';
import { assertAllowed } from '../../auth/permissions.ts';
import { inScope, type Viewer } from '../../auth/viewer.ts';
import { CalendarRangeError, resolutionTiming } from '../../calendar/business-calendar.ts';
import { badInput, notFound } from '../../graphql/common/api-error.ts';
import { complaintImport, refreshAfterComplaintChanges, type ComplaintRecord } from '../import/complaint-import.ts';
import { surveyImport, type SurveyRecord } from '../import/survey-import.ts';
import { mutationEnv, reasonsToInputError } from './import-env.ts';
import { inTransaction } from '../../db/transaction.ts';

export type ComplaintStatus = 'RECEIVED' | 'ASSIGNED' | 'RESPONDED' | 'RESOLVED' | 'CLOSED' | 'REOPENED';

/** The lifecycle: received → assigned → responded → resolved → closed; resolved or closed can be reopened, and a reopened one is worked again. */
export const TRANSITIONS: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  RECEIVED: ['ASSIGNED'],
  ASSIGNED: ['RESPONDED'],
  RESPONDED: ['RESOLVED'],
  RESOLVED: ['CLOSED', 'REOPENED'],
  CLOSED: ['REOPENED'],
  REOPENED: ['ASSIGNED', 'RESPONDED', 'RESOLVED'],
};

/** Where Clearline's own work orders come from, when the caller names no source system. */
export const CLEARLINE_SOURCE = 'CLEARLINE';

export type MutationCall = { pool: pg.Pool; viewer: Viewer; timeZone: string; now?: Date; requestId?: string };

export type CreateComplaintInput = {
  accountNo: string; categoryCode: string; channelCode: string; orgUnitCode?: string | null; receivedAt?: Date | null;
  description?: string | null; escalated?: boolean | null; sourceSystem?: string | null; sourceId?: string | null;
};

const CREATE_FIELDS: Record<string, string> = {
  account_no: 'accountNo', category_code: 'categoryCode', channel_code: 'channelCode', org_unit_code: 'orgUnitCode',
  received_at: 'receivedAt', description: 'description', escalated: 'escalated', source_system: 'sourceSystem', source_id: 'sourceId',
};

/** Creates a work order (status RECEIVED) through the same checks and derived columns as an import; returns its id. */
export async function createComplaint(call: MutationCall, input: CreateComplaintInput): Promise<string> {
  assertAllowed(call.viewer, 'complaint.write');
  const now = call.now ?? new Date();
  return inTransaction(call.pool, async (client) => {
    const env = await mutationEnv(client, call.viewer, call.timeZone, now);
    const mapped = {
      source_system: input.sourceSystem ?? CLEARLINE_SOURCE, source_id: input.sourceId ?? `CL-${randomUUID()}`, account_no: input.accountNo,
      category_code: input.categoryCode, channel_code: input.channelCode, org_unit_code: input.orgUnitCode ?? '',
      received_at: (input.receivedAt ?? now).toISOString(), status: 'RECEIVED', description: input.description ?? '',
      escalated: input.escalated ? 'true' : 'false',
    };
    const [checked] = await complaintImport.check(client, [{ line: 1, raw: mapped, mapped }], env);
    if (!checked!.ok) throw reasonsToInputError(checked!.reasons, CREATE_FIELDS);
    // Two requests naming the same work order would both pass the check below
    // and the import's upsert would let the second overwrite the first: the
    // lock makes the second wait for the first's commit and then see it.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('work-order:' || $1 || '/' || $2))`, [mapped.source_system, mapped.source_id]);
    const exists = await client.query('SELECT 1 FROM fact_complaint WHERE source_system = $1 AND source_id = $2', [mapped.source_system, mapped.source_id]);
    if (exists.rowCount) throw badInput('input.sourceId', `a work order ${mapped.source_system}/${mapped.source_id} already exists`);
    await complaintImport.load(client, [checked!.record], env);
    const { rows } = await client.query<{ complaint_id: string }>('SELECT complaint_id FROM fact_complaint WHERE source_system = $1 AND source_id = $2', [mapped.source_system, mapped.source_id]);
    const id = String(rows[0]!.complaint_id);
    await recordAudit(client, call.viewer, {
      action: 'complaint.create', targetType: 'Complaint', targetId: id, requestId: call.requestId,
      details: { sourceSystem: mapped.source_system, sourceId: mapped.source_id, categoryCode: input.categoryCode, channelCode: input.channelCode, orgUnitId: checked!.orgUnitId, receivedAt: mapped.received_at, status: 'RECEIVED' },
    });
    return id;
  });
}

type ComplaintRow = {
  complaint_id: string; customer_id: string; status: ComplaintStatus; org_path: string; received_at: Date; first_response_at: Date | null;
  resolved_at: Date | null; closed_at: Date | null; reopened_count: number; sla_kind: 'BUSINESS_DAYS' | 'CALENDAR_HOURS'; sla_value: number;
  received_day: string; resolved_day: string | null;
};

/**
 * Moves a work order to its next state at `at` (default now), stamping the
 * state's time and recomputing resolution figures; an invalid move is
 * BAD_USER_INPUT naming both states.
 */
export async function transitionComplaint(call: MutationCall, complaintId: string, to: ComplaintStatus, at?: Date | null): Promise<void> {
  assertAllowed(call.viewer, 'complaint.write');
  const now = call.now ?? new Date();
  const when = at ?? now;
  await inTransaction(call.pool, async (client) => {
    const { rows } = await client.query<ComplaintRow>(
      `SELECT c.complaint_id, c.customer_id, c.status, u.path AS org_path, c.received_at, c.first_response_at, c.resolved_at, c.closed_at,
              c.reopened_count, cat.sla_kind, cat.sla_value, to_char(c.received_date, 'YYYY-MM-DD') AS received_day, to_char(c.resolved_date, 'YYYY-MM-DD') AS resolved_day
         FROM fact_complaint c JOIN dim_org_unit u ON u.org_unit_id = c.org_unit_id JOIN dim_category cat ON cat.category_id = c.category_id
        WHERE c.complaint_id = $1 FOR UPDATE OF c`,
      [complaintId],
    );
    const c = rows[0];
    if (!c || !inScope(call.viewer, c.org_path)) throw notFound(`No complaint with id "${complaintId}" in your org units`);
    if (!TRANSITIONS[c.status].includes(to)) {
      const allowed = TRANSITIONS[c.status];
      throw badInput('to', `cannot move a complaint from ${c.status} to ${to}; from ${c.status} it can go to ${allowed.join(' or ')}`);
    }
    if (when.getTime() > now.getTime()) throw badInput('at', `${when.toISOString()} is in the future`);
    const last = Math.max(...[c.received_at, c.first_response_at, c.resolved_at, c.closed_at].filter((d): d is Date => d !== null).map((d) => d.getTime()));
    if (when.getTime() < last) throw badInput('at', `${when.toISOString()} is before the work order's last recorded time ${new Date(last).toISOString()}`);

    let firstResponse = c.first_response_at;
    let resolved = c.resolved_at;
    let closed = c.closed_at;
    let reopened = c.reopened_count;
    if (to === 'RESPONDED') firstResponse ??= when;
    if (to === 'RESOLVED') {
      firstResponse ??= when;
      resolved = when;
    }
    if (to === 'CLOSED') closed = when;
    if (to === 'REOPENED') {
      // Open again until its next resolution: resolution figures go, the reopening is counted.
      resolved = null;
      closed = null;
      reopened += 1;
    }
    const env = await mutationEnv(client, call.viewer, call.timeZone, now);
    let timing: ReturnType<typeof resolutionTiming>;
    try {
      timing = resolutionTiming(env.calendar, c.received_at.getTime(), resolved?.getTime() ?? null, { kind: c.sla_kind, value: c.sla_value });
    } catch (error) {
      // A time outside the business calendar is the caller's input, not a server fault.
      if (error instanceof CalendarRangeError) throw badInput('at', error.message);
      throw error;
    }
    const updated = await client.query<{ received_day: string; resolved_day: string | null }>(
      `UPDATE fact_complaint SET status = $2, first_response_at = $3, resolved_at = $4, closed_at = $5, reopened_count = $6,
              resolved_date = $7, calendar_minutes_to_resolve = $8, business_minutes_to_resolve = $9, sla_met = $10, loaded_at = now()
        WHERE complaint_id = $1
       RETURNING to_char(received_date, 'YYYY-MM-DD') AS received_day, to_char(resolved_date, 'YYYY-MM-DD') AS resolved_day`,
      [complaintId, to, firstResponse, resolved, closed, reopened, timing.resolvedDate, timing.calendarMinutesToResolve, timing.businessMinutesToResolve, timing.slaMet],
    );
    await refreshAfterComplaintChanges(client, [complaintId], [
      { customer_id: c.customer_id, received_day: c.received_day, resolved_day: c.resolved_day },
      { customer_id: c.customer_id, ...updated.rows[0]! },
    ]);
    await recordAudit(client, call.viewer, {
      action: 'complaint.transition', targetType: 'Complaint', targetId: complaintId, requestId: call.requestId,
      details: { status: { from: c.status, to }, at: when.toISOString(), ...(to === 'REOPENED' ? { reopenedCount: { from: c.reopened_count, to: reopened } } : {}) },
    });
  });
}

export type RecordSurveyInput = {
  accountNo: string; complaintId?: string | null; channelCode: string; surveyedAt?: Date | null; responded: boolean;
  score?: number | null; attitudeScore?: number | null; speedScore?: number | null; outcomeScore?: number | null;
};

const SURVEY_FIELDS: Record<string, string> = {
  account_no: 'accountNo', complaint_source_id: 'complaintId', channel_code: 'channelCode', surveyed_at: 'surveyedAt', responded: 'responded',
  score: 'score', attitude_score: 'attitudeScore', speed_score: 'speedScore', outcome_score: 'outcomeScore', org_unit_code: 'complaintId',
};

/** Records a follow-up (回访) attempt through the survey import's checks; returns the survey id. */
export async function recordSurvey(call: MutationCall, input: RecordSurveyInput): Promise<string> {
  assertAllowed(call.viewer, 'complaint.write');
  const now = call.now ?? new Date();
  return inTransaction(call.pool, async (client) => {
    const env = await mutationEnv(client, call.viewer, call.timeZone, now);
    let complaintKey: { source_system: string; source_id: string } | undefined;
    if (input.complaintId) {
      const { rows } = await client.query<{ source_system: string; source_id: string; org_path: string }>(
        'SELECT c.source_system, c.source_id, u.path AS org_path FROM fact_complaint c JOIN dim_org_unit u USING (org_unit_id) WHERE c.complaint_id = $1',
        [input.complaintId],
      );
      // Outside the viewer's units it is "not found", as for a missing id: the answer must not tell that it exists.
      if (!rows[0] || !inScope(call.viewer, rows[0].org_path)) throw notFound(`No complaint with id "${input.complaintId}" in your org units`);
      complaintKey = rows[0];
    }
    const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
    const sourceId = `CL-${randomUUID()}`;
    const mapped = {
      source_system: CLEARLINE_SOURCE, source_id: sourceId, account_no: input.accountNo,
      complaint_source_system: complaintKey?.source_system ?? '', complaint_source_id: complaintKey?.source_id ?? '',
      channel_code: input.channelCode, org_unit_code: '', surveyed_at: (input.surveyedAt ?? now).toISOString(), responded: String(input.responded),
      score: text(input.score), attitude_score: text(input.attitudeScore), speed_score: text(input.speedScore), outcome_score: text(input.outcomeScore),
    };
    const [checked] = await surveyImport.check(client, [{ line: 1, raw: mapped, mapped }], env);
    if (!checked!.ok) throw reasonsToInputError(checked!.reasons, SURVEY_FIELDS);
    const record: SurveyRecord = checked!.record;
    await surveyImport.load(client, [record], env);
    const { rows } = await client.query<{ survey_id: string }>('SELECT survey_id FROM fact_survey WHERE source_system = $1 AND source_id = $2', [CLEARLINE_SOURCE, sourceId]);
    const id = String(rows[0]!.survey_id);
    await recordAudit(client, call.viewer, {
      action: 'survey.record', targetType: 'Survey', targetId: id, requestId: call.requestId,
      details: { complaintId: input.complaintId ?? null, channelCode: input.channelCode, surveyedAt: record.surveyed_at, responded: record.responded, score: record.score },
    });
    return id;
  });
}

export type { ComplaintRecord };
