import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { OrgUnitLevel as OrgUnitLevelValue } from '../../entities/org-unit.entity.ts';
import type { KpiDimension as KpiDimensionValue, TimeGrain as TimeGrainValue } from '../../metrics/kpi-query.ts';
import { ComplaintType } from '../complaint/complaint.type.ts';
import { OrgUnitLevel } from '../common/enums.ts';
import { PageInfo } from '../relay/connection.ts';
import { SurveyType } from '../survey/survey.type.ts';
import { KPI_CATALOGUE } from '../../metrics/catalogue.ts';
import { COMPARISONS } from '../../metrics/kpi-comparison.ts';
import { KPI_DIMENSIONS, KPI_FLAGS, TIME_GRAINS } from '../../metrics/kpi-query.ts';
import { DateRange } from '../common/date-range.ts';
import { TARGET_DIRECTIONS } from '../../entities/kpi-target.entity.ts';
import { ChannelCode, enumOf, Segment } from '../common/enums.ts';
import { LocalDate } from '../common/scalars.ts';

export const TimeGrain = enumOf(TIME_GRAINS);
registerEnumType(TimeGrain, {
  name: 'TimeGrain',
  description: 'Calendar buckets of each KPI’s anchor date, in the utility’s time zone.',
  valuesConfig: { WEEK: { description: 'ISO weeks, Monday to Sunday.' } },
});

export const KpiDimension = enumOf(KPI_DIMENSIONS);
registerEnumType(KpiDimension, {
  name: 'KpiDimension',
  description: 'What to break KPIs down by (besides time, see `grain`).',
  valuesConfig: {
    ORG_UNIT: { description: 'Org units at `orgUnitLevel` (a complaint counts under the unit above its station at that level).' },
    CATEGORY_GROUP: { description: 'Level-1 categories. Survey KPIs take the category of the complaint they follow; general surveys have none.' },
    CATEGORY: { description: 'Level-2 categories.' },
    CHANNEL: { description: 'Channels.' },
    SEGMENT: { description: 'Customer segments.' },
    SPECIAL_FLAG: { description: 'Special-customer flags held on the fact’s day (a complaint: when it was received), or NONE; a customer with two flags counts under both, so groups may sum to more than the total.' },
  },
});

export const KpiFlag = enumOf(KPI_FLAGS);
registerEnumType(KpiFlag, {
  name: 'KpiFlag',
  description: 'A special-customer flag as a KPI dimension, or NONE for customers holding none.',
  valuesConfig: { NONE: { description: 'The customer held no special flag.' } },
});

export const Comparison = enumOf(COMPARISONS);
registerEnumType(Comparison, {
  name: 'Comparison',
  description: 'What each KPI row is compared with.',
  valuesConfig: {
    PREVIOUS_PERIOD: { description: 'The bucket before (with a grain), or the range of the same length just before (whole months stay whole months).' },
    SAME_PERIOD_LAST_YEAR: { description: 'The same period a year earlier (52 weeks earlier for ISO weeks).' },
  },
});

@InputType({ description: 'Which facts KPIs are computed over. The date range is required; each fact is placed in it by its own anchor date.' })
export class KpiFilter {
  @Field(() => DateRange, { description: 'Inclusive local days: January is { from: "2026-01-01", to: "2026-01-31" }.' })
  dateRange: DateRange;

  @Field(() => [ID], { nullable: true, description: 'Only these org units and everything below them.' })
  orgUnitIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only these categories (a level-1 category includes its level-2 ones). Survey KPIs then count only surveys that follow such complaints.' })
  categoryIds?: string[] | null;

  @Field(() => [ChannelCode], { nullable: true, description: 'Only these channels.' })
  channels?: string[] | null;

  @Field(() => [Segment], { nullable: true, description: 'Only customers of these segments.' })
  segments?: string[] | null;

  @Field(() => [KpiFlag], { nullable: true, description: 'Only customers holding one of these special flags on the fact’s day (NONE: holding none).' })
  flags?: string[] | null;
}

@ObjectType('KpiPeriod', { simpleResolvers: true, description: 'A time bucket of a KPI result, clipped to the query’s date range.' })
export class KpiPeriodType {
  @Field(() => LocalDate, { description: 'First day (inclusive).' })
  start: string;

  @Field(() => LocalDate, { description: 'Last day (inclusive).' })
  end: string;

  @Field(() => String, { description: 'Short label: 2026-03, 2026-Q1, 2026-W09, 2026, or the day.' })
  label: string;
}

@ObjectType('KpiKey', { description: 'The group a KPI row belongs to; a field is null when the query does not group by it.' })
export class KpiKeyType {
  @Field(() => KpiPeriodType, { nullable: true, description: 'Time bucket (when `grain` is given).' })
  period: KpiPeriodType | null;

  @Field(() => Segment, { nullable: true, description: 'Customer segment (when grouped by SEGMENT).' })
  segment: string | null;

  @Field(() => KpiFlag, { nullable: true, description: 'Special-customer flag, or NONE (when grouped by SPECIAL_FLAG).' })
  flag: string | null;

  /** Database keys, resolved to objects by the key's field resolvers. */
  orgUnitId: number | null;
  categoryId: number | null;
  channelId: number | null;
}

export const TargetDirection = enumOf(TARGET_DIRECTIONS);
registerEnumType(TargetDirection, { name: 'TargetDirection', description: 'Whether a KPI is better higher or lower.' });

export const Rag = { GREEN: 'GREEN', AMBER: 'AMBER', RED: 'RED' } as const;
registerEnumType(Rag, {
  name: 'Rag',
  description: 'Red / amber / green against a target.',
  valuesConfig: {
    GREEN: { description: 'On the right side of the target, or on it.' },
    AMBER: { description: 'On the wrong side, within the amber band.' },
    RED: { description: 'On the wrong side, beyond the amber band.' },
  },
});

@ObjectType('KpiTargetStatus', { simpleResolvers: true, description: 'A KPI of a row against the target that governs it (set on the row’s org unit or the nearest unit above it).' })
export class KpiTargetStatusType {
  @Field(() => String, { description: 'The KPI (a field name of KpiRow).' })
  kpi: string;

  @Field(() => Float, { description: 'The target value.' })
  target: number;

  @Field(() => TargetDirection, { description: 'Whether higher or lower is better.' })
  direction: string;

  @Field(() => Float, { description: 'How far on the wrong side is still amber.' })
  amberBand: number;

  @Field(() => Rag, { nullable: true, description: 'The row’s value against the target (null when the value is null).' })
  status: string | null;

  /** The org unit the target is set on; resolved by the key resolver's loader. */
  orgUnitId: number;
}

@ObjectType('KpiValues', {
  simpleResolvers: true,
  description: 'KPI values of a comparison period, or their change (current − comparison; for ratios, a difference of fractions). Null where either side is null.',
})
export class KpiValuesType {}

@ObjectType('KpiRow', {
  simpleResolvers: true,
  description: 'One group of a KPI result: its key and the KPIs asked for. Only the KPI fields a query selects are computed. Ratios are fractions in [0, 1] and null when their denominator is 0.',
})
export class KpiRowType {
  @Field(() => KpiKeyType, { description: 'The group.' })
  key: KpiKeyType;

  @Field(() => KpiValuesType, { nullable: true, description: 'The same KPIs in the comparison period (with `compareTo`).' })
  comparison: KpiValuesType | null;

  @Field(() => KpiValuesType, { nullable: true, description: 'Current − comparison, per KPI (with `compareTo`).' })
  change: KpiValuesType | null;

  @Field(() => [KpiTargetStatusType], { description: 'The selected KPIs that have a target, with their red/amber/green status.' })
  targets: KpiTargetStatusType[];
}

// One field per KPI of the catalogue, described by its formula: the
// catalogue is the only place a KPI is defined.
for (const kpi of KPI_CATALOGUE) {
  const type = kpi.unit === 'count' ? Int : Float;
  const description = `${kpi.nameEn} (${kpi.nameZh}). ${kpi.formula}`;
  Field(() => type, { nullable: kpi.kind !== 'additive' && kpi.kind !== 'snapshot', description })(KpiRowType.prototype, kpi.code);
  Field(() => type === Int ? Float : type, { nullable: true, description })(KpiValuesType.prototype, kpi.code);
}

@ArgsType()
export class KpiQueryArgs {
  @Field(() => KpiFilter, { description: 'Which facts: the date range (required) and dimension filters.' })
  filter: KpiFilter;

  @Field(() => [KpiDimension], { nullable: true, description: 'Up to three dimensions.' })
  groupBy?: KpiDimensionValue[] | null;

  @Field(() => OrgUnitLevel, { nullable: true, description: 'Level of the ORG_UNIT dimension (default CITY).' })
  orgUnitLevel?: OrgUnitLevelValue | null;

  @Field(() => TimeGrain, { nullable: true, description: 'Time buckets; none: the whole range as one period.' })
  grain?: TimeGrainValue | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true: leave out complaints covered by approved exemption filings and the surveys that follow them. false: raw figures.' })
  assessed?: boolean | null;
}

export const KpiPart = { NUMERATOR: 'NUMERATOR', DENOMINATOR: 'DENOMINATOR' } as const;
registerEnumType(KpiPart, { name: 'KpiPart', description: 'Which rows of a KPI to list: its numerator (for a count, the count itself) or its denominator.' });

@InputType({ description: 'The key of one row of a `kpis` result (give the fields it groups by).' })
export class KpiCellInput {
  @Field(() => LocalDate, { nullable: true, description: 'key.period.start — with the same grain as the kpis query.' })
  periodStart?: string | null;

  @Field(() => ID, { nullable: true, description: 'key.orgUnit.id (at the query’s orgUnitLevel).' })
  orgUnitId?: string | null;

  @Field(() => ID, { nullable: true, description: 'key.category.id; leave out for the row of surveys without a category.' })
  categoryId?: string | null;

  @Field(() => ChannelCode, { nullable: true, description: 'key.channel.code.' })
  channel?: string | null;

  @Field(() => Segment, { nullable: true, description: 'key.segment.' })
  segment?: string | null;

  @Field(() => KpiFlag, { nullable: true, description: 'key.flag.' })
  flag?: string | null;
}

export const KpiFact = { COMPLAINT: 'COMPLAINT', SURVEY: 'SURVEY' } as const;
registerEnumType(KpiFact, { name: 'KpiFact', description: 'Which fact a KPI part counts.' });

@ObjectType('KpiContributorPage', { simpleResolvers: true, description: 'A page of the complaints or surveys behind a KPI cell, in id order.' })
export class KpiContributorPage {
  @Field(() => KpiFact, { description: 'Whether the rows are complaints or surveys.' })
  fact: string;

  // Not simple: the value may be a promise, which only a resolver awaits under graphql-jit (server/graphql/jit-executor.ts).
  @Field(() => Int, { simple: false, description: 'How many rows in all: equal to the KPI part’s value.' })
  totalCount: number | Promise<number>;

  @Field(() => [ComplaintType], { description: 'The complaints of this page (when fact is COMPLAINT).' })
  complaints: unknown[];

  @Field(() => [SurveyType], { description: 'The surveys of this page (when fact is SURVEY).' })
  surveys: unknown[];

  @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursor to reach them (`after`).' })
  pageInfo: PageInfo;
}
