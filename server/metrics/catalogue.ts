// The KPI catalogue of shared/METRICS.md, defined once. Each KPI says which
// fact it reads, which date anchors it, what kind of measure it is, and how
// it is computed from parts. The compiler (kpi-query.compiler.ts), the
// GraphQL fields and their descriptions all read this file.
//
// Kinds (as in Cube and Lightdash):
// - additive: a count or sum over the anchored rows; adds up across groups.
// - ratio: numerator ÷ denominator, each additive; null when the denominator is 0.
// - holistic: a percentile; never added up, never served from a rollup.
// - snapshot: a count at a moment (the backlog at a period's end); adds up
//   across org units and categories but not across periods.

export type Fact = 'complaint' | 'survey';
/**
 * Which date puts a row in a period (METRICS.md, "Anchoring"). `backlog` is a
 * snapshot at the end of each period: complaints open at that moment.
 */
export type Anchor = 'received' | 'resolved' | 'survey' | 'backlog';
export type KpiUnit = 'count' | 'ratio' | 'hours' | 'score' | 'currency' | 'per10k';

/**
 * An additive part: the rows of one anchored set that satisfy `where`
 * (SQL over alias `c` for complaints or `s` for surveys, where `{A}` stands
 * for the assessed-or-raw condition), counted, or with `sum` summed. The
 * same `where` lists the rows behind a value (drill-through).
 */
export type Part = {
  anchor: Anchor;
  where: string;
  sum?: string;
};

type Common = {
  code: string;
  nameEn: string;
  nameZh: string;
  /** The definition, as METRICS.md words it: it becomes the GraphQL field description. */
  formula: string;
  unit: KpiUnit;
  /** true: higher is better (green up); false: lower is better; null: neither. */
  higherIsBetter: boolean | null;
};

export type AdditiveKpi = Common & { kind: 'additive'; part: Part };
export type RatioKpi = Common & {
  kind: 'ratio';
  numerator: Part;
  /** The customer base is its own fact (fact_customer_month), joined on the group keys. */
  denominator: Part | 'customerBase';
  /** Applied to numerator ÷ denominator (e.g. 10,000 for per-10k rates, 1/3600 for seconds to hours). */
  scale: number;
};
/** A continuous percentile of `of` over the rows satisfying `where`. */
export type HolisticKpi = Common & { kind: 'holistic'; anchor: Anchor; percentile: number; of: string; where: string };
export type SnapshotKpi = Common & { kind: 'snapshot'; part: Part };
export type KpiDefinition = AdditiveKpi | RatioKpi | HolisticKpi | SnapshotKpi;

// Parts, shared by the KPIs built on them.
const received = (where: string, sum?: string): Part => ({ anchor: 'received', where, sum });
const resolved = (where: string, sum?: string): Part => ({ anchor: 'resolved', where, sum });
const surveyed = (where: string, sum?: string): Part => ({ anchor: 'survey', where, sum });
// Backlog parts see each period as b.period_first .. b.period_end (local days,
// clipped to the range) and b.period_end_instant (the midnight after it).
const atPeriodEnd = (where: string): Part => ({ anchor: 'backlog', where });
const OPEN_AT_END = 'c.received_date <= b.period_end AND (c.resolved_date IS NULL OR c.resolved_date > b.period_end)';

const COMPLAINTS = received('{A}');
const RESOLVED = resolved('{A}');
const SURVEYS = surveyed('{A}');
const RESPONSES = surveyed('{A} AND s.responded');
const ELAPSED_SECONDS = 'extract(epoch FROM c.resolved_at - c.received_at)';
// The same in hours, as float8: a stored generated column (migration 0022)
// holding exactly (ELAPSED_SECONDS / 3600)::float8, the value a percentile
// sorts, so the sort key is read instead of computed per row.
const ELAPSED_HOURS = 'c.resolution_hours';

const subScoreRate = (column: string, code: string, nameEn: string, nameZh: string, cause: string): RatioKpi => ({
  code, nameEn, nameZh, kind: 'ratio', unit: 'ratio', higherIsBetter: true, scale: 1,
  formula: `Responses whose ${cause} sub-score is 4 or 5 ÷ responses that gave that sub-score, by survey date.`,
  numerator: surveyed(`{A} AND s.${column} >= 4`),
  denominator: surveyed(`{A} AND s.${column} IS NOT NULL`),
});

export const KPI_CATALOGUE: readonly KpiDefinition[] = [
  // Complaints, by received date.
  {
    code: 'complaints', nameEn: 'Complaints', nameZh: '投诉量', kind: 'additive', unit: 'count', higherIsBetter: false,
    formula: 'Number of complaints received in the period.', part: COMPLAINTS,
  },
  {
    code: 'complaintsPer10kCustomers', nameEn: 'Complaints per 10,000 customers', nameZh: '万户投诉率', kind: 'ratio', unit: 'per10k', higherIsBetter: false, scale: 10_000,
    formula: 'complaints ÷ customer base × 10,000; the customer base is the mean, over the months of the period, of active customers of the same org units and segments (it does not depend on category or channel).',
    numerator: COMPLAINTS, denominator: 'customerBase',
  },
  {
    code: 'repeatComplaints', nameEn: 'Repeat complaints', nameZh: '重复投诉量', kind: 'additive', unit: 'count', higherIsBetter: false,
    formula: 'Complaints received in the period whose customer had an earlier complaint in the same level-1 category received at most 30 × 24 hours before.',
    part: received('{A} AND c.is_repeat'),
  },
  {
    code: 'repeatComplaintRate', nameEn: 'Repeat-complaint rate', nameZh: '重复投诉率', kind: 'ratio', unit: 'ratio', higherIsBetter: false, scale: 1,
    formula: 'repeatComplaints ÷ complaints.', numerator: received('{A} AND c.is_repeat'), denominator: COMPLAINTS,
  },
  {
    code: 'escalatedComplaints', nameEn: 'Escalated complaints', nameZh: '升级投诉量', kind: 'additive', unit: 'count', higherIsBetter: false,
    formula: 'Complaints received in the period that were escalated to a higher office or referred by the regulator.',
    part: received('{A} AND c.escalated'),
  },
  {
    code: 'escalationRate', nameEn: 'Escalation rate', nameZh: '投诉升级率', kind: 'ratio', unit: 'ratio', higherIsBetter: false, scale: 1,
    formula: 'escalatedComplaints ÷ complaints.', numerator: received('{A} AND c.escalated'), denominator: COMPLAINTS,
  },
  {
    code: 'exemptComplaints', nameEn: 'Exempt complaints', nameZh: '报备豁免投诉量', kind: 'additive', unit: 'count', higherIsBetter: null,
    formula: 'Complaints received in the period covered by an approved exemption filing (重要事项报备); reported in both views, so that raw complaints = assessed complaints + exemptComplaints.',
    part: received('c.exemption_filing_id IS NOT NULL'),
  },
  // Resolution, by resolved date.
  {
    code: 'resolvedComplaints', nameEn: 'Resolved complaints', nameZh: '办结量', kind: 'additive', unit: 'count', higherIsBetter: null,
    formula: 'Complaints resolved in the period.', part: RESOLVED,
  },
  {
    code: 'meanResolutionHours', nameEn: 'Mean resolution time (hours)', nameZh: '平均处理时长（小时）', kind: 'ratio', unit: 'hours', higherIsBetter: false, scale: 1 / 3600,
    formula: 'Mean of (resolved − received) in hours over complaints resolved in the period.',
    numerator: resolved('{A}', ELAPSED_SECONDS), denominator: RESOLVED,
  },
  {
    code: 'medianResolutionHours', nameEn: 'Median resolution time (hours)', nameZh: '处理时长中位数（小时）', kind: 'holistic', unit: 'hours', higherIsBetter: false, anchor: 'resolved',
    formula: 'Exact 50th percentile (continuous) of (resolved − received) in hours over complaints resolved in the period.',
    percentile: 0.5, of: ELAPSED_HOURS, where: '{A}',
  },
  {
    code: 'p90ResolutionHours', nameEn: '90th-percentile resolution time (hours)', nameZh: '处理时长90分位（小时）', kind: 'holistic', unit: 'hours', higherIsBetter: false, anchor: 'resolved',
    formula: 'Exact 90th percentile (continuous) of (resolved − received) in hours over complaints resolved in the period.',
    percentile: 0.9, of: ELAPSED_HOURS, where: '{A}',
  },
  {
    code: 'meanResolutionBusinessHours', nameEn: 'Mean resolution time (business hours)', nameZh: '平均处理时长（工作小时）', kind: 'ratio', unit: 'hours', higherIsBetter: false, scale: 1 / 60,
    formula: 'Mean business time to resolve, in hours, over complaints resolved in the period: the part of (received, resolved) on business days (working weekdays and make-up working days, not public holidays).',
    numerator: resolved('{A}', 'c.business_minutes_to_resolve'), denominator: RESOLVED,
  },
  {
    code: 'slaComplianceRate', nameEn: 'SLA compliance', nameZh: '及时率', kind: 'ratio', unit: 'ratio', higherIsBetter: true, scale: 1,
    formula: 'Complaints resolved in the period within their SLA ÷ resolvedComplaints. N business days: met when business time from received to resolved ≤ N × 24 h; H calendar hours (urgent categories): met when resolved − received ≤ H hours.',
    numerator: resolved('{A} AND c.sla_met'), denominator: RESOLVED,
  },
  {
    code: 'firstContactResolutionRate', nameEn: 'First-contact resolution', nameZh: '一次解决率', kind: 'ratio', unit: 'ratio', higherIsBetter: true, scale: 1,
    formula: 'Complaints resolved in the period at the first contact ÷ resolvedComplaints.',
    numerator: resolved('{A} AND c.resolved_at_first_contact'), denominator: RESOLVED,
  },
  {
    code: 'reopenRate', nameEn: 'Reopen rate', nameZh: '重复开单率', kind: 'ratio', unit: 'ratio', higherIsBetter: false, scale: 1,
    formula: 'Complaints resolved in the period that were reopened at least once ÷ resolvedComplaints.',
    numerator: resolved('{A} AND c.reopened_count > 0'), denominator: RESOLVED,
  },
  {
    code: 'upheldRate', nameEn: 'Upheld rate', nameZh: '投诉属实率', kind: 'ratio', unit: 'ratio', higherIsBetter: false, scale: 1,
    formula: 'Complaints resolved in the period and upheld (the customer was right) ÷ resolvedComplaints.',
    numerator: resolved('{A} AND c.upheld'), denominator: RESOLVED,
  },
  {
    code: 'resolvedWithin3BusinessDays', nameEn: 'Resolved within 3 business days', nameZh: '3个工作日内办结量', kind: 'additive', unit: 'count', higherIsBetter: true,
    formula: 'Complaints resolved in the period with business time from received at most 3 × 24 hours.',
    part: resolved('{A} AND c.business_minutes_to_resolve <= 3 * 24 * 60'),
  },
  {
    code: 'resolvedWithin4Weeks', nameEn: 'Resolved within 4 weeks', nameZh: '4周内办结量', kind: 'additive', unit: 'count', higherIsBetter: true,
    formula: 'Complaints resolved in the period at most 28 days after they were received.',
    part: resolved(`{A} AND ${ELAPSED_SECONDS} <= 28 * 86400`),
  },
  {
    code: 'resolvedIn4To8Weeks', nameEn: 'Resolved in 4 to 8 weeks', nameZh: '4至8周办结量', kind: 'additive', unit: 'count', higherIsBetter: null,
    formula: 'Complaints resolved in the period more than 28 and at most 56 days after they were received.',
    part: resolved(`{A} AND ${ELAPSED_SECONDS} > 28 * 86400 AND ${ELAPSED_SECONDS} <= 56 * 86400`),
  },
  {
    code: 'resolvedAfter8Weeks', nameEn: 'Resolved after 8 weeks', nameZh: '8周以上办结量', kind: 'additive', unit: 'count', higherIsBetter: false,
    formula: 'Complaints resolved in the period more than 56 days after they were received.',
    part: resolved(`{A} AND ${ELAPSED_SECONDS} > 56 * 86400`),
  },
  {
    code: 'redressPaid', nameEn: 'Redress paid', nameZh: '赔偿金额', kind: 'additive', unit: 'currency', higherIsBetter: null,
    formula: 'Sum of redress or compensation paid on complaints resolved in the period, in the utility’s currency.',
    part: resolved('{A}', 'c.redress_amount'),
  },
  // Backlog, a snapshot at the end of each period.
  {
    code: 'openingBacklog', nameEn: 'Opening backlog', nameZh: '期初积压量', kind: 'snapshot', unit: 'count', higherIsBetter: false,
    formula: 'Complaints received before the period’s start and not resolved by then (the backlog at the end of the previous day).',
    part: atPeriodEnd('{A} AND c.received_date < b.period_first AND (c.resolved_date IS NULL OR c.resolved_date >= b.period_first)'),
  },
  {
    code: 'backlog', nameEn: 'Backlog', nameZh: '期末积压量', kind: 'snapshot', unit: 'count', higherIsBetter: false,
    formula: 'Complaints received on or before the period’s end and not resolved by then.',
    part: atPeriodEnd(`{A} AND ${OPEN_AT_END}`),
  },
  {
    code: 'overdueBacklog', nameEn: 'Overdue backlog', nameZh: '超期积压量', kind: 'snapshot', unit: 'count', higherIsBetter: false,
    formula: 'Of the backlog, the complaints whose SLA due time had passed at the period’s end.',
    part: atPeriodEnd(`{A} AND ${OPEN_AT_END} AND c.sla_due_at < b.period_end_instant`),
  },
  // Satisfaction follow-ups, by survey date.
  {
    code: 'surveys', nameEn: 'Follow-up attempts', nameZh: '回访量', kind: 'additive', unit: 'count', higherIsBetter: null,
    formula: 'Follow-up attempts in the period.', part: SURVEYS,
  },
  {
    code: 'surveyResponses', nameEn: 'Survey responses', nameZh: '回访成功量', kind: 'additive', unit: 'count', higherIsBetter: null,
    formula: 'Follow-up attempts in the period where the customer answered.', part: RESPONSES,
  },
  {
    code: 'surveyResponseRate', nameEn: 'Survey response rate', nameZh: '回访成功率', kind: 'ratio', unit: 'ratio', higherIsBetter: true, scale: 1,
    formula: 'surveyResponses ÷ surveys.', numerator: RESPONSES, denominator: SURVEYS,
  },
  {
    code: 'satisfactionRate', nameEn: 'Satisfaction rate', nameZh: '满意率', kind: 'ratio', unit: 'ratio', higherIsBetter: true, scale: 1,
    formula: 'Responses with score ≥ 4 (satisfied or very satisfied, on 1–5) ÷ surveyResponses.',
    numerator: surveyed('{A} AND s.responded AND s.score >= 4'), denominator: RESPONSES,
  },
  {
    code: 'meanSatisfactionScore', nameEn: 'Mean satisfaction score', nameZh: '平均满意度得分', kind: 'ratio', unit: 'score', higherIsBetter: true, scale: 1,
    formula: 'Mean score (1–5) over responses.', numerator: surveyed('{A} AND s.responded', 's.score'), denominator: RESPONSES,
  },
  {
    code: 'dissatisfiedFollowUps', nameEn: 'Dissatisfied responses', nameZh: '不满意回访量', kind: 'additive', unit: 'count', higherIsBetter: false,
    formula: 'Responses with score ≤ 2: these must be followed up.',
    part: surveyed('{A} AND s.responded AND s.score <= 2'),
  },
  subScoreRate('attitude_score', 'attitudeSatisfactionRate', 'Attitude satisfaction', '服务态度满意率', 'attitude (service, 服务)'),
  subScoreRate('speed_score', 'speedSatisfactionRate', 'Speed satisfaction', '处理进度满意率', 'speed (progress, 进度)'),
  subScoreRate('outcome_score', 'outcomeSatisfactionRate', 'Outcome satisfaction', '处理结果满意率', 'outcome (result, 结果)'),
];

export const KPIS_BY_CODE: ReadonlyMap<string, KpiDefinition> = new Map(KPI_CATALOGUE.map((kpi) => [kpi.code, kpi]));

export function kpiDefinition(code: string): KpiDefinition {
  const kpi = KPIS_BY_CODE.get(code);
  if (!kpi) throw new Error(`unknown KPI ${code}`);
  return kpi;
}

/** The SQL aggregate of a part: rows counted, or a column summed, over its `where`. */
export function partAggregate(part: Part): string {
  return part.sum ? `sum(${part.sum}) FILTER (WHERE ${part.where})` : `count(*) FILTER (WHERE ${part.where})`;
}

/** The SQL aggregate of a holistic KPI: a continuous percentile over its `where`. */
export function holisticAggregate(kpi: HolisticKpi): string {
  return `percentile_cont(${kpi.percentile}) WITHIN GROUP (ORDER BY ${kpi.of}) FILTER (WHERE ${kpi.where})`;
}
