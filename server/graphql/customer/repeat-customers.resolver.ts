import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { join, selectRows, sql } from '../../db/sql.ts';
import { badInput } from '../common/api-error.ts';
import { DateTime } from '../common/scalars.ts';
import { ComplaintFilter } from '../complaint/complaint.filter.ts';
import { complaintConditions } from '../complaint/complaint.query.ts';
import type { GraphQLContext } from '../context.ts';
import { CustomerType } from './customer.type.ts';

/** Longest list of repeat customers one request may ask for. */
export const MAX_REPEAT_CUSTOMERS = 100;

@ObjectType('RepeatCustomer', { description: 'A customer with repeat complaints among the filtered complaints, and how many.' })
class RepeatCustomerType {
  /** The customer's database id, for the customer loader. */
  customerId: string;

  @Field(() => Int, { description: 'Their repeat complaints among the filtered complaints (METRICS.md: same customer, same level-1 category, within the repeat window).' })
  repeatComplaints: number;

  @Field(() => Int, { description: 'All their complaints among the filtered complaints.' })
  complaints: number;

  @Field(() => DateTime, { description: 'When the newest of those complaints was received.' })
  lastComplaintAt: Date;
}

@Resolver(() => RepeatCustomerType)
export class RepeatCustomerResolver {
  @Query(() => [RepeatCustomerType], {
    description: 'The customers with most repeat complaints among the complaints the filter selects (in your org units), most repeats first, then most recent. Personal data is masked by your role as on Customer.',
  })
  async topRepeatCustomers(
    @Arg('filter', () => ComplaintFilter, { nullable: true, description: 'Which complaints count, as for `complaints`.' }) filter: ComplaintFilter | null,
    @Arg('first', () => Int, { defaultValue: 15, description: `How many customers (1–${MAX_REPEAT_CUSTOMERS}).` }) first: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RepeatCustomerType[]> {
    if (first < 1 || first > MAX_REPEAT_CUSTOMERS) throw badInput('first', `must be from 1 to ${MAX_REPEAT_CUSTOMERS}, got ${first}`);
    const rows = await selectRows<{ customer_id: string; repeats: number; complaints: number; last: Date }>(ctx.db, sql`
      SELECT c.customer_id::text AS customer_id, count(*) FILTER (WHERE c.is_repeat)::int AS repeats, count(*)::int AS complaints, max(c.received_at) AS last
        FROM fact_complaint c
       WHERE ${join(complaintConditions(ctx.viewer, filter, ctx.now), ' AND ')}
       GROUP BY c.customer_id
      HAVING count(*) FILTER (WHERE c.is_repeat) > 0
       ORDER BY repeats DESC, last DESC, c.customer_id
       LIMIT ${first}::int`);
    return rows.map((row) => Object.assign(new RepeatCustomerType(), { customerId: row.customer_id, repeatComplaints: row.repeats, complaints: row.complaints, lastComplaintAt: row.last }));
  }

  @FieldResolver(() => CustomerType, { nullable: true, description: 'The customer (null only if it left your org units since).' })
  customer(@Root() row: RepeatCustomerType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customer.load(row.customerId);
  }
}
