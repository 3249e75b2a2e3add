import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { DataSource } from 'typeorm';
import { ephemeralAuthConfig, type AuthConfig } from '../auth/auth-config.ts';
import { authenticate, carriesApiToken, type Authentication } from '../auth/authenticate.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { memoryLimiterStore, type LimiterStore } from '../auth/rate-limiters.ts';
import type { RequestSecurity } from '../auth/request-security.ts';
import { DEFAULT_ROLE_LIMITS, type RoleLimits } from '../auth/role-limits.ts';
import type { SessionServices } from '../auth/session.service.ts';
import { runAsViewer } from '../auth/viewer-session.ts';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, databaseUnavailableMessage, databaseUnavailableReason } from '../db/database-unavailable.ts';
import { poolOf } from '../db/sql.ts';
import { enableKpiCache } from '../metrics/kpi-cache.ts';
import type { SharedKpiStore } from '../metrics/kpi-shared-cache.ts';
import { kpiResponseCachePlugin } from '../graphql/kpi/kpi-response-cache.plugin.ts';
import { accessPlugin } from '../graphql/auth/access.plugin.ts';
import { errorStatusPlugin } from '../graphql/auth/error-status.plugin.ts';
import { ApiError } from '../graphql/common/api-error.ts';
import { createContext, type GraphQLContext } from '../graphql/context.ts';
import { jitGateway } from '../graphql/jit-executor.ts';
import { costLimitPlugin, depthLimitRule } from '../graphql/query-limits.ts';
import { ReferenceData } from '../graphql/reference-data.ts';
import { clearlineSchema } from '../graphql/schema.ts';
import { operationStatsPlugin } from '../observability/operation.plugin.ts';
import { currentRequestStats } from '../observability/request-context.ts';
import { graphiqlLandingPage } from './graphiql.ts';
import { graphqlHttpHandler } from './graphql-http.ts';
import { RequestLimit, REQUESTS_PER_MINUTE } from './request-limit.ts';
import type { RunOperation } from '../metrics/overview-warmer.ts';

/** How the endpoint authenticates and bounds requests; every part has a safe default. */
export type EndpointSecurity = {
  auth: AuthConfig;
  /** Where rate-limit counters live (memory, or Redis to share them between processes). */
  limiterStore: LimiterStore;
  requestsPerMinute: number;
  roleLimits: RoleLimits;
  /** Failed sign-ins allowed per username and address, and per address, per 15 minutes. */
  loginFailures?: { perUser: number; perAddress: number };
};

export type GraphQLEndpoint = {
  handler: RequestHandler;
  /** Call after a load changes org units, categories or channels. */
  reference: ReferenceData;
  /** Runs an operation in process as the viewer, through the whole pipeline (access, cost, caches): the Overview warmer's way in. */
  runOperation: RunOperation;
  stop(): Promise<void>;
};

/**
 * Domain errors keep their code and message; a database that is down or
 * restarting becomes DATABASE_UNAVAILABLE (HTTP 503, see
 * errorStatusPlugin); anything else unexpected becomes a bare
 * INTERNAL_SERVER_ERROR (logged here, never shown with a stack outside
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
    const unavailable = formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' ? databaseUnavailableReason(original) : undefined;
    if (unavailable) {
      log(`GraphQL: database unavailable at ${formatted.path?.join('.') ?? '(request)'}: ${(original as Error)?.message ?? String(original)}`);
      return { message: databaseUnavailableMessage(unavailable), locations: formatted.locations, path: formatted.path, extensions: { code: DATABASE_UNAVAILABLE } };
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
  options: {
    development: boolean; log: (line: string) => void; timeZone?: string; security?: Partial<EndpointSecurity>;
    /** Serve the GraphiQL IDE to browsers at /graphql (default true; off in production unless CLEARLINE_GRAPHIQL=on). */
    graphiql?: boolean;
    /** KPI answers kept in process (server/metrics/kpi-cache.ts); 0 or absent: no cache. */
    kpiCacheEntries?: number;
    /** The cache's level shared by every server process (Redis, when REDIS_URL is set); closed with the endpoint. */
    kpiCacheShared?: SharedKpiStore;
  },
): Promise<GraphQLEndpoint> {
  const security: EndpointSecurity = {
    auth: ephemeralAuthConfig({ development: options.development }),
    limiterStore: memoryLimiterStore(),
    requestsPerMinute: REQUESTS_PER_MINUTE,
    roleLimits: DEFAULT_ROLE_LIMITS,
    ...options.security,
  };
  const schema = await clearlineSchema();
  const server = new ApolloServer<GraphQLContext & BaseContext>({
    // The schema, executed by graphql-jit (server/graphql/jit-executor.ts).
    gateway: jitGateway(schema),
    validationRules: [depthLimitRule()],
    // A browser opening /graphql gets the self-hosted GraphiQL IDE.
    // Cache-control hints are not used, and computing them costs every field.
    // Access first: an operation the viewer may not run is refused before its cost is even computed.
    plugins: [operationStatsPlugin(), accessPlugin(), errorStatusPlugin(), costLimitPlugin(schema), kpiExtensionsPlugin(), kpiResponseCachePlugin(options.kpiCacheEntries ?? 0), ...(options.graphiql === false ? [ApolloServerPluginLandingPageDisabled()] : [graphiqlLandingPage('/graphql')]), ApolloServerPluginCacheControlDisabled()],
    formatError: formatError(options.development, options.log),
    includeStacktraceInErrorResponses: options.development,
    // Allowed here, decided per viewer by the access plugin (development, or ADMIN, MANAGER, ANALYST).
    introspection: true,
  });
  await server.start();
  const kpiCache = enableKpiCache(db, options.kpiCacheEntries ?? 0, options.kpiCacheShared);
  const reference = new ReferenceData(db);
  const pool = poolOf(db);
  const sessions: SessionServices = { pool, config: security.auth, throttle: new LoginThrottle(security.limiterStore, security.loginFailures) };
  const requestLimit = new RequestLimit(security.limiterStore, security.requestsPerMinute);
  const requests = new WeakMap<Request, { authentication: Authentication; security: RequestSecurity }>();
  const json = express.json({ limit: '1mb' });
  const apollo = graphqlHttpHandler(server, async (req) => {
    const request = requests.get(req)!;
    return createContext(db, reference, request.authentication.viewer, options.timeZone, request.security);
  });
  const handler: RequestHandler = async (req, res, next) => {
    try {
      if (carriesApiToken(req.get('authorization')) && (await requestLimit.refuseSpentAddress(req, res))) return;
      const authentication = await authenticate(req.get('authorization'), security.auth, pool);
      if (!(await requestLimit.admit(authentication.viewer, req, res))) return;
      // The request log (server/observability) chose the id and set the header; mounted alone (tests), a new one.
      const stats = currentRequestStats();
      if (stats) stats.viewerId = authentication.viewer.id;
      const requestId = stats?.requestId ?? randomUUID();
      if (!stats) res.set('X-Request-Id', requestId);
      requests.set(req, {
        authentication,
        security: { problem: authentication.problem, origin: { address: req.ip ?? 'unknown', requestId }, sessions, development: options.development },
      });
      // Every statement of the request runs as the viewer in Postgres (row-level security, statement_timeout).
      await runAsViewer(authentication.viewer, () => apollo(req, res), security.roleLimits);
    } catch (error) {
      next(error);
    }
  };
  return {
    handler: (req, res, next) => json(req, res, (error?: unknown) => (error ? next(error) : handler(req, res, next))),
    reference,
    runOperation: async (viewer, query, variables) => {
      const requestSecurity = { problem: null, origin: { address: 'in-process', requestId: randomUUID() }, sessions, development: options.development };
      const contextValue = createContext(db, reference, viewer, options.timeZone, requestSecurity);
      const response = await runAsViewer(viewer, () => server.executeOperation({ query, variables }, { contextValue }), security.roleLimits);
      return response.body.kind === 'single' ? response.body.singleResult : { errors: [{ message: 'an incremental response was not expected' }] };
    },
    stop: async () => {
      await server.stop();
      await security.limiterStore.close();
      await (kpiCache ? kpiCache.close() : options.kpiCacheShared?.close());
    },
  };
}
