import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../common/node.ts';
import { DateTime, LocalDate } from '../common/scalars.ts';

@ObjectType('Survey', {
 implements: Node,
 simpleResolvers: true, description: 'One satisfaction follow-up (回访) attempt, usually after a complaint is resolved.' })
export class SurveyType extends Node {
  @Field(() => DateTime, { description: 'When the attempt was made.' })
  surveyedAt: Date;

  @Field(() => LocalDate, { description: 'Local day of the attempt (anchors survey KPIs).' })
  surveyDate: string;

  @Field(() => Boolean, { description: 'The customer answered.' })
  responded: boolean;

  @Field(() => Int, { nullable: true, description: 'Overall score 1–5 (null when not answered).' })
  score: number | null;

  @Field(() => Int, { nullable: true, description: 'Service attitude sub-score 1–5 (服务).' })
  attitudeScore: number | null;

  @Field(() => Int, { nullable: true, description: 'Speed/progress sub-score 1–5 (进度).' })
  speedScore: number | null;

  @Field(() => Int, { nullable: true, description: 'Outcome sub-score 1–5 (结果).' })
  outcomeScore: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Satisfied: score ≥ 4 (null when not answered).' })
  satisfied: boolean | null;
}
