import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { ComplaintEntity } from '../../entities/complaint.entity.ts';
import type { CustomerEntity } from '../../entities/customer.entity.ts';
import { notFound } from '../common/api-error.ts';
import { complaintColumns } from '../complaint/complaint-columns.ts';
import { ComplaintConnection } from '../complaint/complaint.resolver.ts';
import type { GraphQLContext } from '../context.ts';
import { OrgUnitType } from '../org-unit/org-unit.type.ts';
import { ConnectionType, PageArgs, pageRequest, withLazyCount, type ConnectionResult } from '../relay/connection.ts';
import { fromGlobalId, toGlobalId } from '../relay/global-id.ts';
import { SurveyConnection } from '../survey/survey.resolver.ts';
import { CustomerFilter, CustomerOrder } from './customer.filter.ts';
import { CUSTOMERS_BY_ID, customerPage } from './customer.query.ts';
import { CustomerFlagType, CustomerType } from './customer.type.ts';
import { revealPersonalData } from './personal-data.ts';

@ObjectType('CustomerConnection', { simpleResolvers: true, description: 'A page of customers (Relay connection).' })
export class CustomerConnection extends ConnectionType(CustomerType, 'Customer', 'customers') {}

@Resolver(() => CustomerType)
export class CustomerResolver {
  @Query(() => CustomerConnection, { description: 'Customers of your org units, a page at a time.' })
  customers(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => CustomerFilter, { nullable: true }) filter: CustomerFilter | null,
    @Arg('orderBy', () => CustomerOrder, { nullable: true, description: 'Default: by id.' }) orderBy: CustomerOrder | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return customerPage(ctx, filter, orderBy ?? CUSTOMERS_BY_ID, pageRequest(page));
  }

  @Query(() => CustomerType, { nullable: true, description: 'One customer by id (NOT_FOUND outside your org units).' })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const customer = await ctx.loaders.customer.load(fromGlobalId('Customer', id, 'id'));
    if (!customer) throw notFound(`No customer with id "${id}" in your org units`);
    return customer;
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() customer: CustomerEntity) {
    return toGlobalId('Customer', customer.id);
  }

  @FieldResolver(() => String, { description: 'Account number (personal data).' })
  accountNo(@Root() customer: CustomerEntity, @Ctx() ctx: GraphQLContext) {
    return revealPersonalData(ctx, customer, 'accountNo');
  }

  @FieldResolver(() => String, { description: 'Customer or company name (personal data).' })
  name(@Root() customer: CustomerEntity, @Ctx() ctx: GraphQLContext) {
    return revealPersonalData(ctx, customer, 'name');
  }

  @FieldResolver(() => String, { nullable: true, description: 'Contact phone (personal data).' })
  phone(@Root() customer: CustomerEntity, @Ctx() ctx: GraphQLContext) {
    return revealPersonalData(ctx, customer, 'phone');
  }

  @FieldResolver(() => OrgUnitType, { description: 'Service station serving the account.' })
  orgUnit(@Root() customer: CustomerEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.orgUnit.load(customer.orgUnitId);
  }

  @FieldResolver(() => [CustomerFlagType], { description: 'Special-customer flags, past and present, oldest first.' })
  specialFlags(@Root() customer: CustomerEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customerFlags.load(customer.id);
  }

  @FieldResolver(() => ComplaintConnection, { description: 'The customer’s complaints, newest first.' })
  complaints(@Root() customer: CustomerEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    // Synchronous when prefetched with the page (server/graphql/complaint/complaint-prefetch.ts).
    const counted = (connection: ConnectionResult<ComplaintEntity>) => withLazyCount(connection, () => ctx.loaders.complaintCountOfCustomer.load(customer.id));
    const connection = ctx.loaders.complaintsOfCustomer.load({ parentId: customer.id, request: pageRequest(page), columns: complaintColumns(ctx.db, info) });
    return connection instanceof Promise ? connection.then(counted) : counted(connection);
  }

  @FieldResolver(() => SurveyConnection, { description: 'Follow-up attempts with the customer, newest first.' })
  async surveys(@Root() customer: CustomerEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: GraphQLContext) {
    const connection = await ctx.loaders.surveysOfCustomer.load({ parentId: customer.id, request: pageRequest(page) });
    return withLazyCount(connection, () => ctx.loaders.surveyCountOfCustomer.load(customer.id));
  }
}
