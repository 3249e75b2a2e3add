import { Arg, Ctx, Field, Float, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { poolOf } from '../../db/sql.ts';
import { setKpiTarget } from '../../metrics/target-admin.ts';
import type { TimeGrain as TimeGrainValue } from '../../metrics/kpi-query.ts';
import type { TargetDirection as TargetDirectionValue } from '../../entities/kpi-target.entity.ts';
import { LocalDate } from '../common/scalars.ts';
import type { GraphQLContext } from '../context.ts';
import { fromGlobalId, toGlobalId } from '../relay/global-id.ts';
import { TargetDirection, TimeGrain } from './kpi.types.ts';

@InputType('SetKpiTargetInput', { description: 'A KPI target for an org unit and the units below it that have none of their own, from a day on.' })
class SetKpiTargetInput {
  @Field(() => String, { description: 'The KPI (a field name of KpiRow), e.g. satisfactionRate.' })
  kpi: string;

  @Field(() => ID, { description: 'The org unit the target is set on.' })
  orgUnitId: string;

  @Field(() => TimeGrain, { nullable: true, description: 'For totals and per-10,000 rates (their size depends on the period): the grain the target is for, e.g. MONTH. Leave out for rates and times.' })
  periodGrain?: TimeGrainValue | null;

  @Field(() => LocalDate, { description: 'First day the target holds.' })
  validFrom: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day it holds; open-ended when left out.' })
  validTo?: string | null;

  @Field(() => Float, { description: 'The target value, in the KPI’s unit (a ratio as 0–1, hours, a count).' })
  target: number;

  @Field(() => TargetDirection, { nullable: true, description: 'Whether higher or lower is better; defaults to the KPI’s own.' })
  direction?: TargetDirectionValue | null;

  @Field(() => Float, { description: 'How far on the wrong side of the target is still amber, not red (0: no amber).' })
  amberBand: number;
}

@ObjectType('KpiTarget', { description: 'A target management reads a KPI against (red / amber / green).' })
class KpiTargetType {
  @Field(() => ID, { description: 'The target’s id.' })
  id: string;

  @Field(() => String, { description: 'The KPI.' })
  kpi: string;

  @Field(() => ID, { description: 'The org unit it is set on.' })
  orgUnitId: string;

  @Field(() => TimeGrain, { nullable: true, description: 'The grain it is for (totals and per-10,000 rates), or null for any.' })
  periodGrain: string | null;

  @Field(() => LocalDate, { description: 'First day it holds.' })
  validFrom: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day it holds, or null when open-ended.' })
  validTo: string | null;

  @Field(() => Float, { description: 'The target value.' })
  target: number;

  @Field(() => TargetDirection, { description: 'Whether higher or lower is better.' })
  direction: string;

  @Field(() => Float, { description: 'How far on the wrong side is still amber.' })
  amberBand: number;

  @Field(() => Boolean, { description: 'True when this created the target; false when it replaced the one set for the same KPI, unit, grain and first day.' })
  created: boolean;
}

@Resolver()
export class KpiTargetAdminResolver {
  @Mutation(() => KpiTargetType, { description: 'Sets a KPI target (administrators). Replaces the target of the same KPI, org unit, grain and first day; audited.' })
  async setKpiTarget(@Arg('input', () => SetKpiTargetInput) input: SetKpiTargetInput, @Ctx() ctx: GraphQLContext): Promise<KpiTargetType> {
    const orgUnitId = Number(fromGlobalId('OrgUnit', input.orgUnitId, 'input.orgUnitId'));
    const { orgUnits } = await ctx.reference.get();
    const saved = await setKpiTarget(poolOf(ctx.db), ctx.viewer, orgUnits.get(orgUnitId)?.path, {
      kpi: input.kpi, orgUnitId, periodGrain: input.periodGrain ?? null, validFrom: input.validFrom, validTo: input.validTo ?? null,
      target: input.target, direction: input.direction ?? null, amberBand: input.amberBand,
    });
    return Object.assign(new KpiTargetType(), { ...saved, orgUnitId: toGlobalId('OrgUnit', saved.orgUnitId) });
  }
}
