import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.ts';
import { parseGlobalId } from '../relay/global-id.ts';
import { badInput } from './api-error.ts';
import { Node } from './node.ts';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id (null when it does not exist or is outside your org units).' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<object | null> {
    const parsed = parseGlobalId(id);
    if (!parsed) throw badInput('id', `"${id}" is not a valid id`);
    const { loaders } = ctx;
    switch (parsed.type) {
      case 'Complaint': return withType(await loaders.complaint.load(parsed.key), 'Complaint');
      case 'Customer': return withType(await loaders.customer.load(parsed.key), 'Customer');
      case 'OrgUnit': return withType(await loaders.orgUnit.load(Number(parsed.key)), 'OrgUnit');
      case 'Category': return withType(await loaders.category.load(Number(parsed.key)), 'Category');
      case 'Channel': return withType(await loaders.channel.load(Number(parsed.key)), 'Channel');
      case 'ExemptionFiling': return withType(await loaders.exemptionFiling.load(parsed.key), 'ExemptionFiling');
      default: throw badInput('id', `"${id}" is not an id of a type that node() can fetch`);
    }
  }
}

/** Tags a row with its GraphQL type, so the Node interface can resolve it. */
function withType<T extends object>(row: T | null, typename: string): (T & { __typename: string }) | null {
  return row ? { ...row, __typename: typename } : null;
}
