import { Field, ObjectType } from 'type-graphql';
import { Segment, SpecialFlag, Utility } from '../common/enums.ts';
import { Node } from '../common/node.ts';
import { LocalDate } from '../common/scalars.ts';

@ObjectType('CustomerFlag', { simpleResolvers: true, description: 'A special-customer flag and the days it held.' })
export class CustomerFlagType {
  @Field(() => SpecialFlag, { description: 'The flag.' })
  flag: string;

  @Field(() => LocalDate, { description: 'First day it held.' })
  validFrom: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day it held; null while it still holds.' })
  validTo: string | null;
}

@ObjectType('Customer', {
  implements: Node,
  simpleResolvers: true,
  description: 'A customer account. name, phone and accountNo are personal data: masked or withheld according to the viewer’s role.',
})
export class CustomerType extends Node {
  @Field(() => String, { description: 'Account number (personal data).' })
  accountNo: string;

  @Field(() => String, { description: 'Customer or company name (personal data).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Contact phone (personal data).' })
  phone: string | null;

  @Field(() => Utility, { description: 'Electricity or gas account.' })
  utility: string;

  @Field(() => Segment, { description: 'Customer segment.' })
  segment: string;

  @Field(() => String, { description: 'Tariff class, e.g. RESIDENTIAL_TIERED.' })
  tariffClass: string;

  @Field(() => LocalDate, { description: 'Day the account was connected.' })
  connectedOn: string;
}
