import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import type { ComplaintEntity } from '../../entities/complaint.entity.ts';
import type { GraphQLContext } from '../context.ts';
import type { ComplaintColumns } from './complaint-columns.ts';
import { pageRequest, type PageArgs } from '../relay/connection.ts';

/** The selections under a field for one GraphQL type (fragments merged by the library). */
function fieldsOf(tree: ResolveTree | undefined, typeName: string): ResolveTree[] {
  return tree ? Object.values(tree.fieldsByTypeName[typeName] ?? {}) : [];
}

/**
 * Looks ahead in a complaints query and starts, right after the page arrives
 * and all at once, the loads its nested fields will ask for: the customers,
 * each customer's own complaints page, and the surveys. Without this,
 * GraphQL resolves them level by level (customers, then their complaints),
 * one database round trip after another. The resolvers then find the rows in
 * the DataLoader cache; the statement count is unchanged. Anything this
 * cannot make sense of is left to the resolvers, which report it.
 */
export function prefetchComplaintRelations(ctx: GraphQLContext, info: GraphQLResolveInfo, rows: ComplaintEntity[], columns: ComplaintColumns): void {
  if (rows.length === 0) return;
  let tree: ResolveTree | undefined;
  try {
    tree = parseResolveInfo(info) as ResolveTree | undefined;
  } catch {
    return;
  }
  const connection = fieldsOf(tree, 'ComplaintConnection');
  const nodes = [
    ...connection.filter((f) => f.name === 'nodes'),
    ...connection.filter((f) => f.name === 'edges').flatMap((edges) => fieldsOf(edges, 'ComplaintEdge').filter((f) => f.name === 'node')),
  ].flatMap((node) => fieldsOf(node, 'Complaint'));

  const customerIds = [...new Set(rows.map((row) => row.customerId))];
  for (const field of nodes) {
    if (field.name === 'surveys') void ctx.loaders.surveysOfComplaint.loadMany(rows.map((row) => row.id));
    if (field.name !== 'customer') continue;
    void ctx.loaders.customer.loadMany(customerIds);
    for (const nested of fieldsOf(field, 'Customer')) {
      if (nested.name !== 'complaints') continue;
      try {
        const request = pageRequest(nested.args as PageArgs);
        void ctx.loaders.complaintsOfCustomer.loadMany(customerIds.map((parentId) => ({ parentId, request, columns })));
      } catch {
        // invalid page arguments: the resolver reports them
      }
    }
  }
}
