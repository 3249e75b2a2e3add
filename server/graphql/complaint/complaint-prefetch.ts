import { getArgumentValues, getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, isAbstractType, isObjectType, Kind } from 'graphql';
import type { FieldNode, GraphQLObjectType, GraphQLResolveInfo, SelectionNode } from 'graphql';
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

type Info = Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues' | 'fieldNodes'>;

/**
 * The fields selected under `nodes` for objects of `typeName`, through
 * fragments, as GraphQL executes them: @skip and @include honoured (the
 * walk parseResolveInfo makes of the whole tree, for only the levels this
 * needs: it was 3 % of the page's CPU).
 */
function fieldsOn(info: Info, nodes: readonly FieldNode[], typeName: string): FieldNode[] {
  const type = info.schema.getType(typeName);
  const fields: FieldNode[] = [];
  const applies = (condition: string | undefined) => {
    if (condition === undefined || condition === typeName) return true;
    const conditionType = info.schema.getType(condition);
    return isAbstractType(conditionType) && isObjectType(type) && info.schema.isSubType(conditionType, type);
  };
  const walk = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (!included(info, selection)) continue;
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) walk(selection.selectionSet.selections);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) walk(fragment.selectionSet.selections);
      }
    }
  };
  for (const node of nodes) if (node.selectionSet) walk(node.selectionSet.selections);
  return fields;
}

function included(info: Info, selection: SelectionNode): boolean {
  if (!selection.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, selection, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, selection, info.variableValues)?.if !== false;
}

const named = (fields: FieldNode[], name: string) => fields.filter((field) => field.name.value === name);

/** Looks ahead in a complaints query (its field's info). Anything this cannot make sense of is left to the resolvers, which report it. */
export function nestedSelectionOf(info: Info): NestedSelection {
  try {
    const connection = fieldsOn(info, info.fieldNodes, 'ComplaintConnection');
    const edges = fieldsOn(info, named(connection, 'edges'), 'ComplaintEdge');
    const nodes = fieldsOn(info, [...named(connection, 'nodes'), ...named(edges, 'node')], 'Complaint');
    const customers = named(nodes, 'customer');
    const complaintsField = (info.schema.getType('Customer') as GraphQLObjectType).getFields().complaints!;
    const customerComplaints: PageRequest[] = [];
    for (const nested of named(fieldsOn(info, customers, 'Customer'), 'complaints')) {
      try {
        customerComplaints.push(pageRequest(getArgumentValues(complaintsField, nested, info.variableValues) as PageArgs));
      } catch {
        // invalid page arguments: the resolver reports them
      }
    }
    return {
      totalCount: named(connection, 'totalCount').length > 0,
      customer: customers.length > 0,
      customerComplaints,
      surveys: named(nodes, 'surveys').length > 0,
    };
  } catch {
    return NOTHING;
  }
}

/**
 * Makes sure the page's nested fields find their rows loaded: each
 * customer's own complaints page, the surveys, the customers. Normally the
 * page brought them all, in its statement and its round trip, and primed the
 * loaders (server/graphql/complaint/complaint.query.ts): these loads then
 * send nothing. Should a key be missing, it is loaded here, all at once,
 * rather than level by level as GraphQL would resolve it.
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
  if (selection.surveys) loads.push(ctx.loaders.surveysOfComplaint.prefetch(rows.map((row) => row.id)));
  if (selection.customer) {
    const customerIds = [...new Set(rows.map((row) => row.customerId))];
    loads.push(ctx.loaders.customer.prefetch(customerIds)); // primed by the page's statement: no statement (nor below, primed by its round trip)
    for (const request of selection.customerComplaints) {
      loads.push(ctx.loaders.complaintsOfCustomer.prefetch(customerIds.map((parentId) => ({ parentId, request, columns }))));
    }
  }
  // prefetch never rejects: a failure is the field's to report, when it loads the key.
  return Promise.all(loads);
}
