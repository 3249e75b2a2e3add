import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { graphqlDuration, graphqlErrors, graphqlRequests, operationLabel } from './metrics.ts';
import { requestIdOf, runWithRequestStats, type RequestStats } from './request-context.ts';

/**
 * One log line per HTTP request: its id (also the X-Request-Id response
 * header), method, path (never the query string: GET /graphql carries
 * variables there), status, duration, viewer id, GraphQL operation, SQL
 * statement count and KPI sources. GraphQL requests also feed the metrics.
 */
export function requestLog(logger: Logger, options: { slowStatementMs: number }): RequestHandler {
  return (req, res, next) => {
    const stats: RequestStats = {
      requestId: requestIdOf(req.get('x-request-id')),
      startedAt: performance.now(),
      statements: 0,
      kpiSources: [],
      errorCodes: [],
      cacheHits: 0,
      logger,
      slowStatementMs: options.slowStatementMs,
    };
    res.set('X-Request-Id', stats.requestId);
    res.once('close', () => {
      const durationMs = Math.round(performance.now() - stats.startedAt);
      const graphql = req.baseUrl === '/graphql' || req.path.startsWith('/graphql');
      if (graphql && stats.operation !== undefined) {
        const operation = operationLabel(stats.operation === 'anonymous' ? undefined : stats.operation);
        graphqlRequests.inc({ operation });
        graphqlDuration.observe({ operation }, durationMs / 1000);
        for (const code of stats.errorCodes) graphqlErrors.inc({ code });
      }
      logger.info({
        requestId: stats.requestId,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        durationMs,
        viewerId: stats.viewerId,
        operation: stats.operation,
        statements: stats.statements,
        ...(stats.kpiSources.length ? { kpiSources: [...new Set(stats.kpiSources)] } : {}),
        ...(stats.cacheHits ? { kpiCacheHits: stats.cacheHits } : {}),
        ...(stats.errorCodes.length ? { errors: stats.errorCodes } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      }, 'request');
    });
    runWithRequestStats(stats, next);
  };
}
