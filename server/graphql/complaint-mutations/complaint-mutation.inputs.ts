import { Field, ID, InputType, Int } from 'type-graphql';
import { ChannelCode, ExemptionKind } from '../common/enums.ts';
import { DateTime } from '../common/scalars.ts';

@InputType({ description: 'A new work order from a live system (95598 hotline, service hall, …). It starts RECEIVED.' })
export class CreateComplaintInput {
  @Field(() => String, { description: 'Customer account number.' })
  accountNo: string;

  @Field(() => String, { description: 'Level-2 category code (e.g. E0201).' })
  categoryCode: string;

  @Field(() => ChannelCode, { description: 'Channel it came in through.' })
  channelCode: string;

  @Field(() => String, { nullable: true, description: 'Org unit code handling it; default: the customer\'s.' })
  orgUnitCode?: string | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was received; default now. Not in the future.' })
  receivedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'What the customer complained about.' })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Escalated from the start (default false).' })
  escalated?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Calling system; with sourceId the work order\'s identity (default CLEARLINE and a generated id).' })
  sourceSystem?: string | null;

  @Field(() => String, { nullable: true, description: 'Work-order number in the calling system.' })
  sourceId?: string | null;
}

@InputType({ description: 'A follow-up (回访) attempt.' })
export class RecordSurveyInput {
  @Field(() => String, { description: 'Customer account number.' })
  accountNo: string;

  @Field(() => ID, { nullable: true, description: 'The complaint it follows up (global id); omit for a general satisfaction survey.' })
  complaintId?: string | null;

  @Field(() => ChannelCode, { description: 'Channel of the follow-up.' })
  channelCode: string;

  @Field(() => DateTime, { nullable: true, description: 'When it was made; default now.' })
  surveyedAt?: Date | null;

  @Field(() => Boolean, { description: 'Whether the customer answered.' })
  responded: boolean;

  @Field(() => Int, { nullable: true, description: 'Overall satisfaction 1–5; required exactly when responded.' })
  score?: number | null;

  @Field(() => Int, { nullable: true, description: 'Staff attitude 1–5.' })
  attitudeScore?: number | null;

  @Field(() => Int, { nullable: true, description: 'Speed 1–5.' })
  speedScore?: number | null;

  @Field(() => Int, { nullable: true, description: 'Outcome 1–5.' })
  outcomeScore?: number | null;
}

@InputType({ description: 'An exemption filing (重要事项报备) over an org unit and time window.' })
export class FileExemptionInput {
  @Field(() => ExemptionKind, { description: 'Why it is filed.' })
  kind: string;

  @Field(() => String, { description: 'Org unit code; the filing covers it and everything below it.' })
  orgUnitCode: string;

  @Field(() => DateTime, { description: 'Start of the window (inclusive).' })
  windowStart: Date;

  @Field(() => DateTime, { description: 'End of the window (exclusive); at most 92 days after the start.' })
  windowEnd: Date;

  @Field(() => String, { description: 'The reason given.' })
  reason: string;

  @Field(() => [String], { nullable: true, description: 'Only complaints in these category codes (a level-1 code covers its level-2 categories); default all.' })
  categoryCodes?: string[] | null;
}
