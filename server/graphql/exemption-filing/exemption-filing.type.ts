import { Field, ObjectType } from 'type-graphql';
import { ExemptionCoverage, ExemptionKind, ExemptionStatus } from '../common/enums.ts';
import { Node } from '../common/node.ts';
import { DateTime } from '../common/scalars.ts';

@ObjectType('ExemptionFiling', {
  implements: Node,
  simpleResolvers: true,
  description: 'An exemption filing (重要事项报备): once approved, the complaints it covers are reported but left out of assessed KPIs.',
})
export class ExemptionFilingType extends Node {
  @Field(() => String, { description: 'Filing number, e.g. BB-2025-0003.' })
  filingNo: string;

  @Field(() => ExemptionKind, { description: 'Why it was filed.' })
  kind: string;

  @Field(() => ExemptionCoverage, { description: 'Whether it covers an area and time window, or named work orders.' })
  coverage: string;

  @Field(() => ExemptionStatus, { description: 'Filed, approved or rejected.' })
  status: string;

  @Field(() => DateTime, { description: 'Start of the window it covers (inclusive).' })
  windowStart: Date;

  @Field(() => DateTime, { description: 'End of the window it covers (exclusive).' })
  windowEnd: Date;

  @Field(() => String, { description: 'The reason given.' })
  reason: string;

  @Field(() => DateTime, { description: 'When it was filed.' })
  filedAt: Date;

  @Field(() => DateTime, { nullable: true, description: 'When it was approved or rejected.' })
  decidedAt: Date | null;
}
