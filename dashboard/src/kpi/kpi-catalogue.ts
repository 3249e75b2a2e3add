// The KPIs the dashboard shows, with how to format each and which way is
// better (for colouring changes when the API has no target to say so). The
// names follow the API's field descriptions (shared/METRICS.md).
import type { KpiCatalogueFieldsFragment } from '../gql/graphql.ts';

export type KpiCode = Exclude<keyof KpiCatalogueFieldsFragment & string, '__typename'>;

export type KpiFormat = 'percent' | 'count' | 'hours' | 'decimal' | 'money' | 'score';

export type KpiInfo = {
  code: KpiCode;
  format: KpiFormat;
  /** true: higher is better; false: lower is better; null: neither (volumes). */
  higherIsBetter: boolean | null;
  zh: string;
  en: string;
};

const k = (code: KpiCode, format: KpiFormat, higherIsBetter: boolean | null, zh: string, en: string): KpiInfo => ({ code, format, higherIsBetter, zh, en });

export const KPI_CATALOGUE: readonly KpiInfo[] = [
  k('satisfactionRate', 'percent', true, '满意率', 'Satisfaction rate'),
  k('repeatComplaintRate', 'percent', false, '重复投诉率', 'Repeat-complaint rate'),
  k('medianResolutionHours', 'hours', false, '处理时长中位数', 'Median resolution time'),
  k('slaComplianceRate', 'percent', true, '及时率', 'SLA compliance'),
  k('complaintsPer10kCustomers', 'decimal', false, '万户投诉率', 'Complaints per 10k customers'),
  k('complaints', 'count', false, '投诉量', 'Complaints'),
  k('backlog', 'count', false, '期末积压量', 'Backlog'),
  k('repeatComplaints', 'count', false, '重复投诉量', 'Repeat complaints'),
  k('escalatedComplaints', 'count', false, '升级投诉量', 'Escalated complaints'),
  k('escalationRate', 'percent', false, '投诉升级率', 'Escalation rate'),
  k('exemptComplaints', 'count', null, '报备豁免投诉量', 'Exempt complaints'),
  k('resolvedComplaints', 'count', null, '办结量', 'Resolved complaints'),
  k('meanResolutionHours', 'hours', false, '平均处理时长', 'Mean resolution time'),
  k('p90ResolutionHours', 'hours', false, '处理时长90分位', '90th-percentile resolution time'),
  k('meanResolutionBusinessHours', 'hours', false, '平均处理时长（工作小时）', 'Mean resolution time (business hours)'),
  k('firstContactResolutionRate', 'percent', true, '一次解决率', 'First-contact resolution'),
  k('reopenRate', 'percent', false, '重复开单率', 'Reopen rate'),
  k('upheldRate', 'percent', false, '投诉属实率', 'Upheld rate'),
  k('resolvedWithin3BusinessDays', 'count', null, '3个工作日内办结量', 'Resolved within 3 business days'),
  k('resolvedWithin4Weeks', 'count', null, '4周内办结量', 'Resolved within 4 weeks'),
  k('resolvedIn4To8Weeks', 'count', null, '4至8周办结量', 'Resolved in 4 to 8 weeks'),
  k('resolvedAfter8Weeks', 'count', false, '8周以上办结量', 'Resolved after 8 weeks'),
  k('redressPaid', 'money', false, '赔偿金额', 'Redress paid'),
  k('openingBacklog', 'count', false, '期初积压量', 'Opening backlog'),
  k('overdueBacklog', 'count', false, '超期积压量', 'Overdue backlog'),
  k('surveys', 'count', null, '回访量', 'Follow-up attempts'),
  k('surveyResponses', 'count', null, '回访成功量', 'Survey responses'),
  k('surveyResponseRate', 'percent', true, '回访成功率', 'Survey response rate'),
  k('meanSatisfactionScore', 'score', true, '平均满意度得分', 'Mean satisfaction score'),
  k('dissatisfiedFollowUps', 'count', false, '不满意回访量', 'Dissatisfied responses'),
  k('attitudeSatisfactionRate', 'percent', true, '服务态度满意率', 'Attitude satisfaction'),
  k('speedSatisfactionRate', 'percent', true, '处理进度满意率', 'Speed satisfaction'),
  k('outcomeSatisfactionRate', 'percent', true, '处理结果满意率', 'Outcome satisfaction'),
];

const BY_CODE = new Map(KPI_CATALOGUE.map((info) => [info.code, info]));

export function kpiInfo(code: string): KpiInfo | undefined {
  return BY_CODE.get(code as KpiCode);
}

export function isKpiCode(code: string): code is KpiCode {
  return BY_CODE.has(code as KpiCode);
}

/** The Overview's tiles, in order. */
export const TILE_KPIS = [
  'satisfactionRate', 'repeatComplaintRate', 'medianResolutionHours', 'slaComplianceRate', 'complaintsPer10kCustomers', 'complaints', 'backlog',
] as const satisfies readonly KpiCode[];
export type TileKpi = (typeof TILE_KPIS)[number];
