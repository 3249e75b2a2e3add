import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { poolOf } from '../../db/sql.ts';
import { createExportSchedule, disableExportSchedule, listExportSchedules, type ExportScheduleRecord } from '../../exports/export-schedules.ts';
import { ApiError } from '../common/api-error.ts';
import { DateTime } from '../common/scalars.ts';
import type { GraphQLContext } from '../context.ts';
import { fromGlobalId, toGlobalId } from '../relay/global-id.ts';
import { ExportFormat, ExportStatus, ReturnPeriod } from './export.types.ts';

@InputType('CreateExportScheduleInput', { description: 'A regulator return to generate and deliver every month or quarter.' })
class CreateExportScheduleInput {
  @Field(() => ReturnPeriod, { description: 'Monthly or quarterly.' })
  period: keyof typeof ReturnPeriod;

  @Field(() => ID, { description: 'The org unit it covers, with everything under it.' })
  orgUnitId: string;

  @Field(() => [ExportFormat], { nullable: true, description: 'Formats to generate (default all three).' })
  formats?: (keyof typeof ExportFormat)[] | null;

  @Field(() => String, { nullable: true, description: 'The first period delivered, YYYY-MM or YYYY-Qn (default: the current one, delivered once it has ended). Every ended period from it on is delivered once.' })
  firstPeriod?: string | null;

  @Field(() => Int, { nullable: true, description: 'Days after the period’s end (in the utility’s time zone) before it is generated, for late surveys and filings (default 0: the next day).' })
  delayDays?: number | null;
}

@ObjectType('ExportDelivery', { description: 'One period of a schedule: its export job, and where its files were delivered.' })
class ExportDeliveryType {
  @Field(() => String, { description: 'The period, YYYY-MM or YYYY-Qn.' })
  period: string;

  @Field(() => ID, { description: 'The export job (see `exports`).' })
  exportId: string;

  @Field(() => ExportStatus, { description: 'The job’s status.' })
  status: string;

  @Field(() => Int, { description: 'Times the job has run (a failed run is retried, up to 5).' })
  attempts: number;

  @Field(() => String, { nullable: true, description: 'Why its last run failed, while it is FAILED.' })
  error: string | null;

  @Field(() => DateTime, { description: 'When the job was created.' })
  createdAt: Date;

  @Field(() => DateTime, { nullable: true, description: 'When its files were delivered; null until then.' })
  deliveredAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The folder under CLEARLINE_EXPORT_DELIVERY_DIR holding the files and SHA256SUMS: <schedule id>/<period>.' })
  path: string | null;
}

@ObjectType('ExportSchedule', { description: 'A regulator return generated and delivered every period, set up by an administrator.' })
class ExportScheduleType {
  @Field(() => ID, { description: 'The schedule’s id (also the first folder of its deliveries).' })
  id: string;

  @Field(() => ReturnPeriod, { description: 'Monthly or quarterly.' })
  period: string;

  @Field(() => ID, { description: 'The org unit covered (an OrgUnit id).' })
  orgUnitId: string;

  @Field(() => String, { description: 'The org unit’s code.' })
  orgUnitCode: string;

  @Field(() => [ExportFormat], { description: 'Formats generated.' })
  formats: string[];

  @Field(() => String, { description: 'The first period delivered.' })
  firstPeriod: string;

  @Field(() => Int, { description: 'Days after a period’s end before it is generated.' })
  delayDays: number;

  @Field(() => String, { description: 'Who created it (user id); the returns are generated as they were then.' })
  owner: string;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt: Date;

  @Field(() => Boolean, { description: 'False once disabled: no new period is generated.' })
  enabled: boolean;

  @Field(() => DateTime, { nullable: true, description: 'When it was disabled.' })
  disabledAt: Date | null;

  @Field(() => [ExportDeliveryType], { description: 'Its latest periods (up to 24), newest first.' })
  deliveries: ExportDeliveryType[];
}

function scheduleView(record: ExportScheduleRecord): ExportScheduleType {
  return Object.assign(new ExportScheduleType(), {
    ...record,
    orgUnitId: toGlobalId('OrgUnit', record.orgUnitId),
    owner: record.ownerId,
    deliveries: record.deliveries.map((d) => Object.assign(new ExportDeliveryType(), d)),
  });
}

const scheduleId = (id: string) => {
  if (!/^\d{1,18}$/.test(id)) throw new ApiError('BAD_USER_INPUT', `id: "${id}" is not an export schedule id`, 'id');
  return id;
};

@Resolver()
export class ExportScheduleResolver {
  @Query(() => [ExportScheduleType], { description: 'Scheduled regulator returns of org units in your scope (administrators), newest first, each with its latest deliveries.' })
  async exportSchedules(
    @Arg('includeDisabled', () => Boolean, { nullable: true, description: 'Also disabled schedules (default false).' }) includeDisabled: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ExportScheduleType[]> {
    return (await listExportSchedules(poolOf(ctx.db), ctx.viewer, { includeDisabled: includeDisabled ?? false })).map(scheduleView);
  }

  @Mutation(() => ExportScheduleType, { description: 'Schedules a regulator return: every server process’s scheduler generates each period once it is due, exactly once, and delivers its files to CLEARLINE_EXPORT_DELIVERY_DIR/<schedule id>/<period>/. Audited.' })
  async createExportSchedule(@Arg('input', () => CreateExportScheduleInput) input: CreateExportScheduleInput, @Ctx() ctx: GraphQLContext): Promise<ExportScheduleType> {
    const orgUnitId = Number(fromGlobalId('OrgUnit', input.orgUnitId, 'input.orgUnitId'));
    const record = await createExportSchedule(poolOf(ctx.db), ctx.viewer, {
      period: input.period, orgUnitId, formats: input.formats, firstPeriod: input.firstPeriod, delayDays: input.delayDays,
    }, ctx.timeZone, ctx.security.origin?.requestId);
    return scheduleView(record);
  }

  @Mutation(() => ExportScheduleType, { description: 'Disables a schedule: no new period is generated (jobs already created finish and are delivered). Audited.' })
  async disableExportSchedule(@Arg('id', () => ID, { description: 'The schedule’s id.' }) id: string, @Ctx() ctx: GraphQLContext): Promise<ExportScheduleType> {
    return scheduleView(await disableExportSchedule(poolOf(ctx.db), ctx.viewer, scheduleId(id), ctx.security.origin?.requestId));
  }
}
