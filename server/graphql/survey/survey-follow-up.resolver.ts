import { Arg, Ctx, Field, ID, Mutation, ObjectType, registerEnumType, Resolver } from 'type-graphql';
import { poolOf } from '../../db/sql.ts';
import { FOLLOW_UP_OUTCOMES, recordSurveyFollowUp, type FollowUpOutcome as Outcome } from '../../ingest/work-orders/survey-follow-up.service.ts';
import { DateTime } from '../common/scalars.ts';
import type { GraphQLContext } from '../context.ts';
import { fromGlobalId, toGlobalId } from '../relay/global-id.ts';

export const FollowUpOutcome = Object.fromEntries(FOLLOW_UP_OUTCOMES.map((o) => [o, o])) as { [K in Outcome]: K };
registerEnumType(FollowUpOutcome, {
  name: 'FollowUpOutcome',
  description: 'How a dissatisfied customer’s follow-up call ended.',
  valuesConfig: {
    RESOLVED: { description: 'The cause was put right.' },
    EXPLAINED: { description: 'Explained to the customer, who accepted it.' },
    ESCALATED: { description: 'Handed to a higher level.' },
    CUSTOMER_UNREACHABLE: { description: 'The customer could not be reached.' },
  },
});

@ObjectType('SurveyFollowUp', { description: 'The follow-up of a dissatisfied answer (score ≤ 2): the customer was called back.' })
class SurveyFollowUpType {
  @Field(() => ID, { description: 'The survey followed up.' })
  surveyId: string;

  @Field(() => DateTime, { description: 'When.' })
  followedUpAt: Date;

  @Field(() => String, { description: 'Who (a user id; never a name).' })
  followedUpBy: string;

  @Field(() => FollowUpOutcome, { description: 'How it ended.' })
  outcome: string;

  @Field(() => String, { description: 'What was said or done.' })
  note: string;
}

@Resolver()
export class SurveyFollowUpResolver {
  @Mutation(() => SurveyFollowUpType, { description: 'Records that a dissatisfied answer (score ≤ 2) was followed up; once per survey; audited. It then leaves `surveys(filter: { awaitingFollowUp: true })`.' })
  async recordSurveyFollowUp(
    @Arg('surveyId', () => ID, { description: 'The survey.' }) surveyId: string,
    @Arg('outcome', () => FollowUpOutcome, { description: 'How it ended.' }) outcome: Outcome,
    @Arg('note', () => String, { defaultValue: '', description: 'What was said or done.' }) note: string,
    @Arg('at', () => DateTime, { nullable: true, description: 'When (default: now; not in the future, not before the survey).' }) at: Date | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SurveyFollowUpType> {
    const id = fromGlobalId('Survey', surveyId, 'surveyId');
    const saved = await recordSurveyFollowUp({ pool: poolOf(ctx.db), viewer: ctx.viewer, timeZone: ctx.timeZone, now: ctx.now }, id, outcome, note, at);
    return Object.assign(new SurveyFollowUpType(), { ...saved, surveyId: toGlobalId('Survey', saved.surveyId) });
  }
}
