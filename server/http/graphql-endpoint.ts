import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { DataSource } from 'typeorm';
import { DEVELOPMENT_VIEWER } from '../auth/viewer.ts';
import { ApiError } from '../graphql/common/api-error.ts';
import { createContext, type GraphQLContext } from '../graphql/context.ts';
import { costLimitPlugin, depthLimitRule } from '../graphql/query-limits.ts';
import { ReferenceData } from '../graphql/reference-data.ts';
import { clearlineSchema } from '../graphql/schema.ts';
import { graphiqlLandingPage } from './graphiql.ts';

export type GraphQLEndpoint = {
  handler: RequestHandler;
  /** Call after a load changes org units, categories or channels. */
  reference: ReferenceData;
  stop(): Promise<void>;
};

/**
 * Domain errors keep their code and message; anything unexpected becomes a
 * bare INTERNAL_SERVER_ERROR (logged here, never shown with a stack outside
 * development).
 */
export function formatError(development: boolean, log: (line: string) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ApiError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.kind, ...(original.field ? { field: original.field } : {}) },
      };
    }
    if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && !development) {
      log(`GraphQL internal error at ${formatted.path?.join('.') ?? '(request)'}: ${(original as Error)?.message ?? String(original)}`);
      return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}

/**
 * Every kpis response says in its extensions which source answered each KPI
 * (a rollup table, or the facts) and the data's as-of point.
 */
function kpiExtensionsPlugin(): ApolloServerPlugin<GraphQLContext & BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || contextValue.kpiReports.length === 0) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, kpis: contextValue.kpiReports };
        },
      };
    },
  };
}

/** Apollo Server at /graphql: POST and GET (queries only), per the GraphQL-over-HTTP spec. */
export async function createGraphQLEndpoint(
  db: DataSource,
  options: { development: boolean; log: (line: string) => void; timeZone?: string },
): Promise<GraphQLEndpoint> {
  const schema = await clearlineSchema();
  const server = new ApolloServer<GraphQLContext & BaseContext>({
    schema,
    validationRules: [depthLimitRule()],
    // A browser opening /graphql gets the self-hosted GraphiQL IDE.
    // Cache-control hints are not used, and computing them costs every field.
    plugins: [costLimitPlugin(schema), kpiExtensionsPlugin(), graphiqlLandingPage('/graphql'), ApolloServerPluginCacheControlDisabled()],
    formatError: formatError(options.development, options.log),
    includeStacktraceInErrorResponses: options.development,
    introspection: true,
  });
  await server.start();
  const reference = new ReferenceData(db);
  const json = express.json({ limit: '1mb' });
  const apollo = expressMiddleware(server, {
    // The security issue replaces the development viewer with the signed-in user.
    context: async () => createContext(db, reference, DEVELOPMENT_VIEWER, options.timeZone),
  });
  return {
    handler: (req, res, next) => json(req, res, (error?: unknown) => (error ? next(error) : apollo(req, res, next))),
    reference,
    stop: () => server.stop(),
  };
}
