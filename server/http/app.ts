import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Capability } from '../auth/permissions.ts';
import type { Viewer } from '../auth/viewer.ts';
import { importUploadHandler } from '../ingest/import/import.route.ts';
import { metricsHandler } from '../observability/metrics.route.ts';
import { requestLog } from '../observability/request-log.middleware.ts';
import { SLOW_STATEMENT_MS } from '../observability/statement-observer.ts';
import { authenticatedRoute, type RouteSecurity } from './authenticated-route.ts';
import { dashboardRouter } from './dashboard-static.ts';
import { exportDownloadHandler } from './exports.route.ts';
import { graphiqlRouter } from './graphiql.ts';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, databaseUnavailableMessage, databaseUnavailableReason } from '../db/database-unavailable.ts';
import { checkHealth, probeDatabase } from './health.ts';
import { corsPolicy, securityHeaders } from './security-middleware.ts';
import { sendError } from './error-response.ts';

/** What the HTTP layer needs; filled in once the database is migrated. */
export type AppState = {
  pool: pg.Pool | undefined;
  databaseDescription: string;
  graphql: RequestHandler | undefined;
  /** Origins allowed to call the API from a browser; none when empty or absent. */
  corsOrigins?: readonly string[];
  /** Sign-in checking for the routes outside GraphQL (uploads, downloads); set with the pool once the database is ready. */
  routeSecurity?: RouteSecurity;
  /** Express "trust proxy" setting, so rate limits and the audit log see clients' addresses, not the proxy's. */
  trustProxy?: string;
  /** One log line per request (and slow statements) here; none when absent. */
  logger?: Logger;
  slowStatementMs?: number;
  /** For /readyz: absent means ready once the pool and GraphQL are set. Draining starts at SIGTERM. */
  phase?: 'starting' | 'ready' | 'draining';
  /** CLEARLINE_METRICS_TOKEN: /metrics needs it as a bearer token; unset, /metrics answers only this machine. */
  metricsToken?: string;
  /** CLEARLINE_ROLLUP_MAX_AGE_HOURS, for /healthz. */
  rollupMaxAgeHours?: number;
};

/**
 * The one HTTP app (one process, one port): /healthz, GraphQL at /graphql
 * and the dashboard at /.
 */
export function createApp(state: AppState): Express {
  const app = express();
  app.disable('x-powered-by');
  if (state.trustProxy) app.set('trust proxy', /^\d+$/.test(state.trustProxy) ? Number(state.trustProxy) : state.trustProxy);
  if (state.logger) app.use(requestLog(state.logger, { slowStatementMs: state.slowStatementMs ?? SLOW_STATEMENT_MS }));
  // Draining: a kept-alive connection (a load balancer's, a browser's) is
  // closed after its current response, so that its next request goes to a
  // process that is not stopping instead of keeping this one busy.
  app.use((_req, res, next) => {
    if (state.phase === 'draining') res.set('Connection', 'close');
    next();
  });
  app.use(securityHeaders());
  const cors = corsPolicy(state.corsOrigins ?? []);
  if (cors) app.use(cors);
  // Everything but /graphql, whose answers server/http/graphql-http.ts compresses itself:
  // wrapping those responses as well would only cost time.
  const compress = compression();
  app.use((req, res, next) => (req.path === '/graphql' ? next() : compress(req, res, next)));
  app.use(graphiqlRouter());

  app.get('/healthz', async (_req, res) => {
    const report = await checkHealth(state.pool, state.databaseDescription, state.rollupMaxAgeHours);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  // For load balancers: 503 while starting (migrating, seeding), while the
  // database does not answer, and once draining after SIGTERM.
  app.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const phase = state.phase ?? (state.pool && state.graphql ? 'ready' : 'starting');
    if (phase !== 'ready' || !state.pool) return void res.status(503).json({ status: phase === 'ready' ? 'starting' : phase });
    const problem = await probeDatabase(state.pool);
    if (problem) return void res.status(503).set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS)).json({ status: 'unavailable', code: DATABASE_UNAVAILABLE, message: problem });
    res.status(200).json({ status: phase });
  });

  app.get('/metrics', metricsHandler(state.metricsToken));

  app.use('/graphql', (req, res, next) => {
    if (state.graphql) return state.graphql(req, res, next);
    sendError(res, 503, 'SERVICE_UNAVAILABLE', 'Clearline is starting: try again in a moment.');
  });

  // Routes outside GraphQL authenticate like /graphql, check a capability and run as the viewer.
  type SecuredHandler = (req: express.Request, res: express.Response, viewer: Viewer, pool: pg.Pool) => Promise<void>;
  const secured = (capability: Capability | readonly Capability[], handler: SecuredHandler): RequestHandler => (req, res, next) => {
    const security = state.routeSecurity;
    if (!security) return void sendError(res, 503, 'SERVICE_UNAVAILABLE', 'Clearline is starting: try again in a moment.');
    return authenticatedRoute(security, capability, (rq, rs, viewer) => handler(rq, rs, viewer, security.pool))(req, res, next);
  };

  // CSV uploads, streamed (docs/IMPORT.md).
  app.post('/imports/:kind', secured('import.run', importUploadHandler()));

  // Downloads of exports (regulator returns, ad-hoc extracts), streamed.
  app.get('/exports/:id/:file', secured(['export.regulator', 'export.adhoc'], exportDownloadHandler()));

  // The React dashboard at / (its client routes answer with its index.html).
  app.use(dashboardRouter());

  // Last: whatever fails outside GraphQL answers one line, never a stack trace.
  app.use(((error, _req, res, _next) => {
    const unavailable = databaseUnavailableReason(error);
    if (unavailable) {
      state.logger?.warn({ err: error }, 'database unavailable');
      res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return void sendError(res, 503, DATABASE_UNAVAILABLE, databaseUnavailableMessage(unavailable));
    }
    const { status, expose, message } = error as { status?: unknown; expose?: boolean; message?: string };
    const code = typeof status === 'number' && status < 500 ? status : 500;
    // body-parser marks its own messages ("Unexpected token … in JSON") as safe to show.
    const shown = code < 500 ? (expose && message ? message : 'Bad request') : 'Internal server error';
    sendError(res, code, code < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR', shown);
  }) as express.ErrorRequestHandler);

  return app;
}
