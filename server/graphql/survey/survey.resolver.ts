import { Arg, Args, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { SurveyEntity } from '../../entities/survey.entity.ts';
import { CategoryType } from '../category/category.type.ts';
import { ChannelType } from '../channel/channel.type.ts';
import { ComplaintType } from '../complaint/complaint.type.ts';
import type { GraphQLContext } from '../context.ts';
import { CustomerType } from '../customer/customer.type.ts';
import { OrgUnitType } from '../org-unit/org-unit.type.ts';
import { ConnectionType, PageArgs, pageRequest } from '../relay/connection.ts';
import { toGlobalId } from '../relay/global-id.ts';
import { SurveyFilter, SurveyOrder } from './survey.filter.ts';
import { NEWEST_SURVEYS_FIRST, surveyPage } from './survey.query.ts';
import { SurveyType } from './survey.type.ts';

@ObjectType('SurveyConnection', { simpleResolvers: true, description: 'A page of follow-up attempts (Relay connection).' })
export class SurveyConnection extends ConnectionType(SurveyType, 'Survey', 'surveys') {}

@Resolver(() => SurveyType)
export class SurveyResolver {
  @Query(() => SurveyConnection, { description: 'Follow-up (回访) attempts in your org units, newest first by default, a page at a time.' })
  surveys(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => SurveyFilter, { nullable: true }) filter: SurveyFilter | null,
    @Arg('orderBy', () => SurveyOrder, { nullable: true, description: 'Default: newest first.' }) orderBy: SurveyOrder | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return surveyPage(ctx, filter, orderBy ?? NEWEST_SURVEYS_FIRST, pageRequest(page));
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() survey: SurveyEntity) {
    return toGlobalId('Survey', survey.id);
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'The customer surveyed (null if outside your org units).' })
  customer(@Root() survey: SurveyEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customer.load(survey.customerId);
  }

  @FieldResolver(() => ComplaintType, { nullable: true, description: 'The complaint it follows up (null for a general satisfaction survey).' })
  complaint(@Root() survey: SurveyEntity, @Ctx() ctx: GraphQLContext) {
    return survey.complaintId ? ctx.loaders.complaint.load(survey.complaintId) : null;
  }

  @FieldResolver(() => ChannelType, { description: 'Channel of the attempt.' })
  channel(@Root() survey: SurveyEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.channel.load(survey.channelId);
  }

  @FieldResolver(() => OrgUnitType, { description: 'Org unit: the complaint’s, or the customer’s for a general survey.' })
  orgUnit(@Root() survey: SurveyEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.orgUnit.load(survey.orgUnitId);
  }

  @FieldResolver(() => CategoryType, { nullable: true, description: 'Category of the complaint it follows (null for a general survey).' })
  category(@Root() survey: SurveyEntity, @Ctx() ctx: GraphQLContext) {
    return survey.categoryId === null ? null : ctx.loaders.category.load(survey.categoryId);
  }
}
