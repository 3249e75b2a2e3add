import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { Segment, SortDirection, SpecialFlag, Utility } from '../common/enums.ts';

@InputType({ description: 'Which customers to list. All conditions must hold; an omitted one does not filter.' })
export class CustomerFilter {
  @Field(() => [ID], { nullable: true, description: 'Served by these org units or anywhere below them.' })
  orgUnitIds?: string[] | null;

  @Field(() => [Segment], { nullable: true, description: 'In these segments.' })
  segments?: string[] | null;

  @Field(() => [Utility], { nullable: true, description: 'Electricity or gas accounts.' })
  utilities?: string[] | null;

  @Field(() => [SpecialFlag], { nullable: true, description: 'Holding one of these flags today.' })
  flags?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Account number or name contains this text (2 to 100 characters). Names are matched only for roles that may see them (ADMIN, MANAGER).' })
  search?: string | null;
}

export const CustomerOrderField = { ID: 'ID', CONNECTED_ON: 'CONNECTED_ON' } as const;
registerEnumType(CustomerOrderField, { name: 'CustomerOrderField', description: 'What to sort customers by (ties broken by id).' });

@InputType({ description: 'Sort order of a customer list.' })
export class CustomerOrder {
  @Field(() => CustomerOrderField, { description: 'Sort key.' })
  field: keyof typeof CustomerOrderField;

  @Field(() => SortDirection, { description: 'Direction.' })
  direction: keyof typeof SortDirection;
}
