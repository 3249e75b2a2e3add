import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';
import type { ComplaintEntity } from '../../entities/complaint.entity.ts';
import type { GraphQLContext } from '../context.ts';
import type { ComplaintColumns } from './complaint-columns.ts';
import { pageRequest, type ConnectionResult, type PageArgs, type PageRequest } from '../relay/connection.ts';

/** What a complaints query asks of its page's rows, beyond their own columns. */
export type NestedSelection = {
  /** The count of all pages. */
  totalCount: boolean;
  /** Each complaint's customer (joined into the page's statement: server/graphql/complaint/complaint.query.ts). */
  customer: boolean;
  /** The customer's own complaints, one page request per selection of them. */
  customerComplaints: PageRequest[];
  surveys: boolean;
};

const NOTHING: NestedSelection = { totalCount: false, customer: false, customerComplaints: [], surveys: false };

/** The selections under a field for one GraphQL type (fragments merged by the library). */
function fieldsOf(tree: ResolveTree | undefined, typeName: string): ResolveTree[] {
  return tree ? Object.values(tree.fieldsByTypeName[typeName] ?? {}) : [];
}

/** Looks ahead in a complaints query (its field's info). Anything this cannot make sense of is left to the resolvers, which report it. */
export function nestedSelectionOf(info: GraphQLResolveInfo): NestedSelection {
  let tree: ResolveTree | undefined;
  try {
    tree = parseResolveInfo(info) as ResolveTree | undefined;
  } catch {
    return NOTHING;
  }
  const connection = fieldsOf(tree, 'ComplaintConnection');
  const nodes = [
    ...connection.filter((f) => f.name === 'nodes'),
    ...connection.filter((f) => f.name === 'edges').flatMap((edges) => fieldsOf(edges, 'ComplaintEdge').filter((f) => f.name === 'node')),
  ].flatMap((node) => fieldsOf(node, 'Complaint'));
  const customers = nodes.filter((f) => f.name === 'customer');
  const customerComplaints: PageRequest[] = [];
  for (const nested of customers.flatMap((customer) => fieldsOf(customer, 'Customer'))) {
    if (nested.name !== 'complaints') continue;
    try {
      customerComplaints.push(pageRequest(nested.args as PageArgs));
    } catch {
      // invalid page arguments: the resolver reports them
    }
  }
  return {
    totalCount: connection.some((f) => f.name === 'totalCount'),
    customer: customers.length > 0,
    customerComplaints,
    surveys: nodes.some((f) => f.name === 'surveys'),
  };
}

/**
 * Starts, right after the page arrives and all at once, the loads its
 * nested fields will ask for: each customer's own complaints page, the
 * surveys (and the customers, unless the page brought them). Without this,
 * GraphQL resolves them level by level (customers, then their complaints),
 * one database round trip after another.
 *
 * Resolves once every load has come back (failed or not): the page's
 * resolver waits for it, so that the nested fields then find their rows
 * already loaded and resolve synchronously, in one pass
 * (server/graphql/settled-loader.ts). A selected totalCount starts here too,
 * next to the loads rather than after them.
 */
export function prefetchComplaintRelations(ctx: GraphQLContext, selection: NestedSelection, connection: ConnectionResult<ComplaintEntity>, columns: ComplaintColumns): Promise<unknown> {
  // The count's failure is the totalCount field's to report, when it reads the same promise.
  if (selection.totalCount) connection.totalCount.catch(() => {});
  const rows = connection.nodes;
  if (rows.length === 0) return Promise.resolve();
  const loads: Promise<unknown>[] = [];
  if (selection.surveys) loads.push(ctx.loaders.surveysOfComplaint.loadMany(rows.map((row) => row.id)));
  if (selection.customer) {
    const customerIds = [...new Set(rows.map((row) => row.customerId))];
    loads.push(ctx.loaders.customer.loadMany(customerIds)); // primed by the page's statement: no statement
    for (const request of selection.customerComplaints) {
      loads.push(ctx.loaders.complaintsOfCustomer.loadMany(customerIds.map((parentId) => ({ parentId, request, columns }))));
    }
  }
  // loadMany never rejects: a failed key is an Error in its array.
  return Promise.all(loads);
}
