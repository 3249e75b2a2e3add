import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { getVariableValues, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/**
 * Runs operations compiled by graphql-jit instead of graphql-js's
 * interpreter: the nested complaint page resolves some 5,000 fields, and the
 * interpreter spends most of its time deciding, per field, what the compiled
 * function knows in advance. Parsing, validation, the access and cost
 * plugins and error formatting stay Apollo's; only execution changes.
 *
 * Apollo Server 5 has no executor option; its gateway interface is the
 * documented place to plug one in (a gateway that serves this one schema).
 */
export function jitGateway(schema: GraphQLSchema): Gateway {
  const compiled = new CompiledOperations(schema);
  return {
    async load() {
      return {
        executor: async ({ document, operation, request, context }) => {
          const query = compiled.get(document!, request.operationName ?? null);
          if (!isCompiledQuery(query)) return query;
          // Variables are coerced by graphql-js first: its errors are the ones
          // Apollo answers as BAD_USER_INPUT with HTTP 400.
          const variables = request.variables ?? {};
          const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], variables, { maxErrors: 50 });
          if (coerced.errors) return { errors: coerced.errors };
          const result = await query.query(undefined, context, variables);
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}

/**
 * Compiled operations, per parsed document and operation name. Apollo hands
 * the same document object to every request with the same query text (its
 * document store), so compiling costs once per distinct query; an entry goes
 * when Apollo evicts its document.
 */
export class CompiledOperations {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string | null, CompiledQuery | ExecutionResult>>();

  constructor(private readonly schema: GraphQLSchema) {}

  get(document: DocumentNode, operationName: string | null): CompiledQuery | ExecutionResult {
    let operations = this.byDocument.get(document);
    if (!operations) this.byDocument.set(document, (operations = new Map()));
    let operation = operations.get(operationName);
    if (!operation) {
      // Errors keep graphql-js's messages and carry their resolver's error (for formatError).
      operation = compileQuery(this.schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      operations.set(operationName, operation);
    }
    return operation;
  }
}

/**
 * graphql-jit's errors pass `instanceof GraphQLError` but lack what Apollo's
 * formatting reads (`extensions` is unset when the resolver's error has
 * none): rebuilt as graphql-js errors, keeping the resolver's error for
 * formatError and the locations graphql-jit computed.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined });
  if (error.locations) (rebuilt as { locations?: readonly SourceLocation[] }).locations = error.locations;
  return rebuilt;
}
