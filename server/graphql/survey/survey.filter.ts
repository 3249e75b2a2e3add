import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { DateRange } from '../common/date-range.ts';
import { ChannelCode, SortDirection } from '../common/enums.ts';

@InputType({ description: 'Which follow-up attempts to list. All conditions must hold; an omitted one does not filter.' })
export class SurveyFilter {
  @Field(() => DateRange, { nullable: true, description: 'Made on these days (local, inclusive).' })
  surveyDate?: DateRange | null;

  @Field(() => [ID], { nullable: true, description: 'In these org units or anywhere below them.' })
  orgUnitIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Following complaints in these categories (a level-1 category includes its level-2 ones).' })
  categoryIds?: string[] | null;

  @Field(() => [ChannelCode], { nullable: true, description: 'Made through these channels.' })
  channels?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: answered only; false: unanswered only.' })
  responded?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Answered with an overall score at most this (2: the dissatisfied answers to follow up).' })
  maxScore?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true: dissatisfied answers (score ≤ 2) not yet followed up; false: those already followed up.' })
  awaitingFollowUp?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Following this complaint.' })
  complaintId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Of this customer.' })
  customerId?: string | null;
}

export const SurveyOrderField = { SURVEYED_AT: 'SURVEYED_AT', ID: 'ID' } as const;
registerEnumType(SurveyOrderField, { name: 'SurveyOrderField', description: 'What to sort surveys by (ties broken by id).' });

@InputType({ description: 'Sort order of a survey list.' })
export class SurveyOrder {
  @Field(() => SurveyOrderField, { description: 'Sort key.' })
  field: keyof typeof SurveyOrderField;

  @Field(() => SortDirection, { description: 'Direction.' })
  direction: keyof typeof SortDirection;
}
