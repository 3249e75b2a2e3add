import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ChannelCode, ComplaintStatus, Segment, SortDirection } from '../common/enums.ts';
import { DateRange } from '../common/date-range.ts';

@InputType({ description: 'Which complaints to list. All conditions must hold; an omitted one does not filter.' })
export class ComplaintFilter {
  @Field(() => DateRange, { nullable: true, description: 'Received on these days (local, inclusive).' })
  receivedDate?: DateRange | null;

  @Field(() => DateRange, { nullable: true, description: 'Resolved on these days (local, inclusive); open complaints never match.' })
  resolvedDate?: DateRange | null;

  @Field(() => [ID], { nullable: true, description: 'Handled in these org units or anywhere below them.' })
  orgUnitIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'In these categories; a level-1 category includes its level-2 categories.' })
  categoryIds?: string[] | null;

  @Field(() => [ChannelCode], { nullable: true, description: 'Came in through these channels.' })
  channels?: string[] | null;

  @Field(() => [ComplaintStatus], { nullable: true, description: 'In these statuses.' })
  statuses?: string[] | null;

  @Field(() => [Segment], { nullable: true, description: 'From customers of these segments.' })
  segments?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'From this customer.' })
  customerId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: repeats only; false: first complaints only.' })
  isRepeat?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: open and past their SLA due time now; false: the others.' })
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: covered by an approved exemption filing; false: assessed ones only.' })
  exempt?: boolean | null;

  @Field(() => String, { nullable: true, description: 'The description contains this text (2 to 100 characters, case-insensitive).' })
  search?: string | null;
}

export const ComplaintOrderField = { RECEIVED_AT: 'RECEIVED_AT', SLA_DUE_AT: 'SLA_DUE_AT', ID: 'ID' } as const;
registerEnumType(ComplaintOrderField, { name: 'ComplaintOrderField', description: 'What to sort complaints by (ties broken by id).' });

@InputType({ description: 'Sort order of a complaint list.' })
export class ComplaintOrder {
  @Field(() => ComplaintOrderField, { description: 'Sort key.' })
  field: keyof typeof ComplaintOrderField;

  @Field(() => SortDirection, { description: 'Direction.' })
  direction: keyof typeof SortDirection;
}
