import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { ApolloServerPlugin } from '@apollo/server';
import { DEFAULT_PAGE_SIZE } from './relay/connection.ts';

/** Deepest query accepted (the nested complaint page with its customer's complaints is 6). */
export const MAX_QUERY_DEPTH = 10;
/** Highest estimated cost accepted: about 100,000 objects resolved. */
export const MAX_QUERY_COST = 100_000;

/**
 * A connection costs its page size times what each row costs; other fields
 * cost 1. So `complaints(first: 500) { edges { node { customer { complaints(first: 50) ... }}}}`
 * is priced as the 25,000+ rows it would touch.
 */
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const isConnection = 'first' in args || 'last' in args || field.args.some((a) => a.name === 'first');
  if (!isConnection) return undefined;
  const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(1, size) * childComplexity;
};

export function depthLimitRule(): ValidationRule {
  return maxDepthRule({
    n: MAX_QUERY_DEPTH,
    ignoreIntrospection: true,
    exposeLimits: true,
    // Report as a validation error (HTTP 400) instead of throwing out of validation.
    onReject: [(context, error) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'QUERY_TOO_COMPLEX' } }))],
    propagateOnRejection: false,
  });
}

/** Costs remembered per parsed document: the same query with the same variables costs the same. */
const COSTS_PER_DOCUMENT = 64;
/** Longer variables (an upload's payload) are priced each time instead of kept. */
const MAX_REMEMBERED_KEY = 2_000;

/** Refuses an over-costly operation before it runs, saying its cost. */
export function costLimitPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let known = costs.get(document);
          if (!known) costs.set(document, (known = new Map()));
          const key = JSON.stringify([request.operationName ?? null, request.variables ?? null]);
          let cost = known.get(key);
          try {
            cost ??= getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // Variables that do not fit their types: execution refuses them
            // next, as BAD_USER_INPUT naming the variable, before any SQL runs.
            if (error instanceof GraphQLError) return;
            throw error;
          }
          if (!known.has(key) && key.length <= MAX_REMEMBERED_KEY) {
            if (known.size >= COSTS_PER_DOCUMENT) known.delete(known.keys().next().value!);
            known.set(key, cost);
          }
          if (cost > MAX_QUERY_COST) {
            throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${MAX_QUERY_COST}: ask for smaller pages or fewer nested lists.`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', cost, limit: MAX_QUERY_COST, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
