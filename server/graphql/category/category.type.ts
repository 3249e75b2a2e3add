import { Field, Int, ObjectType } from 'type-graphql';
import { SlaKind, Utility } from '../common/enums.ts';
import { Node } from '../common/node.ts';

@ObjectType('Category', {
  implements: Node,
  simpleResolvers: true,
  description: 'A complaint category, two levels: a level-1 group (电能计量 Metering) and its level-2 categories (表计接线错误 Meter wiring error), which carry the SLA target.',
})
export class CategoryType extends Node {
  @Field(() => String, { description: 'Stable code, e.g. E0302.' })
  code: string;

  @Field(() => Int, { description: '1 for a group, 2 for a category under it.' })
  level: number;

  @Field(() => Utility, { description: 'Electricity or gas.' })
  utility: string;

  @Field(() => String, { description: 'Name in Chinese.' })
  nameZh: string;

  @Field(() => String, { description: 'Name in English.' })
  nameEn: string;

  @Field(() => SlaKind, { nullable: true, description: 'How the SLA is counted (level 2 only).' })
  slaKind: string | null;

  @Field(() => Int, { nullable: true, description: 'SLA target: business days or calendar hours, per slaKind (level 2 only).' })
  slaValue: number | null;
}
