import { Field, Int, ObjectType } from 'type-graphql';
import { ComplaintStatus } from '../common/enums.ts';
import { Node } from '../common/node.ts';
import { DateTime, LocalDate } from '../common/scalars.ts';

@ObjectType('Complaint', {
 implements: Node,
 simpleResolvers: true, description: 'A complaint work order, from receipt to closure.' })
export class ComplaintType extends Node {
  @Field(() => String, { description: 'The system the work order came from (with sourceId, its unique key).' })
  sourceSystem: string;

  @Field(() => String, { description: 'The work-order number in its source system.' })
  sourceId: string;

  @Field(() => ComplaintStatus, { description: 'Lifecycle status.' })
  status: string;

  @Field(() => String, { description: 'What the customer reported.' })
  description: string;

  @Field(() => DateTime, { description: 'When it was received.' })
  receivedAt: Date;

  @Field(() => LocalDate, { description: 'Local day it was received (anchors complaint counts).' })
  receivedDate: string;

  @Field(() => DateTime, { nullable: true, description: 'First response to the customer.' })
  firstResponseAt: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was resolved (null while open).' })
  resolvedAt: Date | null;

  @Field(() => LocalDate, { nullable: true, description: 'Local day it was resolved (anchors resolution KPIs).' })
  resolvedDate: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was closed.' })
  closedAt: Date | null;

  @Field(() => DateTime, { description: 'When its SLA falls due: the instant business time (or, for urgent categories, elapsed time) reaches the category’s target.' })
  slaDueAt: Date;

  @Field(() => Boolean, { nullable: true, description: 'Resolved within its SLA (null while open).' })
  slaMet: boolean | null;

  @Field(() => Boolean, { description: 'A repeat: the same customer complained in the same level-1 category within the 30 × 24 hours before.' })
  isRepeat: boolean;

  @Field(() => Int, { description: 'Times it was reopened after a resolution.' })
  reopenedCount: number;

  @Field(() => Boolean, { description: 'Escalated to a higher office or referred by the regulator.' })
  escalated: boolean;

  @Field(() => Boolean, { description: 'Upheld: the customer was right.' })
  upheld: boolean;

  @Field(() => Boolean, { description: 'Resolved at the first contact.' })
  resolvedAtFirstContact: boolean;

  @Field(() => String, { description: 'Redress or compensation paid, in the utility’s currency (decimal string, e.g. "120.50").' })
  redressAmount: string;
}
