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
    // Each row is built on its GraphQL type's prototype: that is how the Node interface knows its type.
    switch (parsed.type) {
      case 'Complaint': return loaders.complaint.load(parsed.key);
      case 'Customer': return loaders.customer.load(parsed.key);
      case 'OrgUnit': return loaders.orgUnit.load(Number(parsed.key));
      case 'Category': return loaders.category.load(Number(parsed.key));
      case 'Channel': return loaders.channel.load(Number(parsed.key));
      case 'ExemptionFiling': return loaders.exemptionFiling.load(parsed.key);
      default: throw badInput('id', `"${id}" is not an id of a type that node() can fetch`);
    }
  }
}
