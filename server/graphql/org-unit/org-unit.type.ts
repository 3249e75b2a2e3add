import { Field, ObjectType } from 'type-graphql';
import { OrgUnitLevel } from '../common/enums.ts';
import { Node } from '../common/node.ts';

@ObjectType('OrgUnit', {
  implements: Node,
  simpleResolvers: true,
  description: 'A unit of the utility: province › city › county › service station (供电所). Users see the subtrees they are scoped to.',
})
export class OrgUnitType extends Node {
  @Field(() => String, { description: 'Stable code, e.g. ZJ-HZ-XH-01.' })
  code: string;

  @Field(() => OrgUnitLevel, { description: 'Level in the tree.' })
  level: string;

  @Field(() => String, { description: 'Name in Chinese.' })
  nameZh: string;

  @Field(() => String, { description: 'Name in English.' })
  nameEn: string;

  @Field(() => String, { description: 'Materialized path of ids from the province down (internal keys, for debugging).' })
  path: string;
}
