import type { GraphQLResolveInfo } from 'graphql';
import { Args, Arg, Ctx, FieldResolver, Float, ID, Info, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { ComplaintEntity } from '../../entities/complaint.entity.ts';
import { CategoryType } from '../category/category.type.ts';
import { ChannelType } from '../channel/channel.type.ts';
import { notFound } from '../common/api-error.ts';
import type { GraphQLContext } from '../context.ts';
import { CustomerType } from '../customer/customer.type.ts';
import { ExemptionFilingType } from '../exemption-filing/exemption-filing.type.ts';
import { OrgUnitType } from '../org-unit/org-unit.type.ts';
import { ConnectionType, PageArgs, pageRequest } from '../relay/connection.ts';
import { fromGlobalId, toGlobalId } from '../relay/global-id.ts';
import { SurveyType } from '../survey/survey.type.ts';
import { ComplaintFilter, ComplaintOrder } from './complaint.filter.ts';
import { complaintColumns } from './complaint-columns.ts';
import { nestedSelectionOf, prefetchComplaintRelations } from './complaint-prefetch.ts';
import { complaintPage, NEWEST_FIRST } from './complaint.query.ts';
import { ComplaintType } from './complaint.type.ts';

@ObjectType('ComplaintConnection', { simpleResolvers: true, description: 'A page of complaints (Relay connection).' })
export class ComplaintConnection extends ConnectionType(ComplaintType, 'Complaint', 'complaints') {}

@Resolver(() => ComplaintType)
export class ComplaintResolver {
  @Query(() => ComplaintConnection, { description: 'Complaints in your org units, filtered and ordered (newest received first by default), a page at a time.' })
  async complaints(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ComplaintFilter, { nullable: true }) filter: ComplaintFilter | null,
    @Arg('orderBy', () => ComplaintOrder, { nullable: true, description: 'Default: received, newest first.' }) orderBy: ComplaintOrder | null,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const columns = complaintColumns(ctx.db, info);
    const nested = nestedSelectionOf(info);
    const connection = await complaintPage(ctx, filter, orderBy ?? NEWEST_FIRST, pageRequest(page), columns, nested);
    await prefetchComplaintRelations(ctx, nested, connection, columns);
    return connection;
  }

  @Query(() => ComplaintType, { nullable: true, description: 'One complaint by id (NOT_FOUND outside your org units).' })
  async complaint(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const complaint = await ctx.loaders.complaint.load(fromGlobalId('Complaint', id, 'id'));
    if (!complaint) throw notFound(`No complaint with id "${id}" in your org units`);
    return complaint;
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() complaint: ComplaintEntity) {
    return toGlobalId('Complaint', complaint.id);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'The customer who complained (null if outside your org units).' })
  customer(@Root() complaint: ComplaintEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customer.load(complaint.customerId);
  }

  @FieldResolver(() => CategoryType, { description: 'Level-2 category.' })
  category(@Root() complaint: ComplaintEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.category.load(complaint.categoryId);
  }

  @FieldResolver(() => ChannelType, { description: 'Channel it came in through.' })
  channel(@Root() complaint: ComplaintEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.channel.load(complaint.channelId);
  }

  @FieldResolver(() => OrgUnitType, { description: 'Service station handling it.' })
  orgUnit(@Root() complaint: ComplaintEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.orgUnit.load(complaint.orgUnitId);
  }

  @FieldResolver(() => [SurveyType], { description: 'Follow-up (回访) attempts about it, oldest first.' })
  surveys(@Root() complaint: ComplaintEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.surveysOfComplaint.load(complaint.id);
  }

  @FieldResolver(() => ComplaintType, { nullable: true, description: 'For a repeat: the earlier complaint it repeats.' })
  priorComplaint(@Root() complaint: ComplaintEntity, @Ctx() ctx: GraphQLContext) {
    return complaint.priorComplaintId ? ctx.loaders.complaint.load(complaint.priorComplaintId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Covered by an approved exemption filing: reported, but left out of assessed KPIs.' })
  exempt(@Root() complaint: ComplaintEntity) {
    return complaint.exemptionFilingId !== null;
  }

  @FieldResolver(() => ExemptionFilingType, { nullable: true, description: 'The approved exemption filing covering it.' })
  exemptionFiling(@Root() complaint: ComplaintEntity, @Ctx() ctx: GraphQLContext) {
    return complaint.exemptionFilingId ? ctx.loaders.exemptionFiling.load(complaint.exemptionFilingId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Open and past its SLA due time now.' })
  overdue(@Root() complaint: ComplaintEntity, @Ctx() ctx: GraphQLContext) {
    return complaint.resolvedAt === null && complaint.slaDueAt < ctx.now;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Hours from received to resolved (null while open).' })
  hoursToResolve(@Root() complaint: ComplaintEntity) {
    return complaint.calendarMinutesToResolve === null ? null : complaint.calendarMinutesToResolve / 60;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Business hours from received to resolved: only time on business days (null while open).' })
  businessHoursToResolve(@Root() complaint: ComplaintEntity) {
    return complaint.businessMinutesToResolve === null ? null : complaint.businessMinutesToResolve / 60;
  }
}
