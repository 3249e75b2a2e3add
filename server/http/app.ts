import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import { graphiqlRouter } from './graphiql.ts';
import type pg from 'pg';
import { checkHealth } from './health.ts';
import { exportsRouter } from './exports.route.ts';

/** What the HTTP layer needs; filled in once the database is migrated. */
export type AppState = {
  pool: pg.Pool | undefined;
  databaseDescription: string;
  graphql: RequestHandler | undefined;
};

/**
 * The one HTTP app (one process, one port): /healthz now, GraphQL at /graphql
 * and the dashboard at / as they arrive.
 */
export function createApp(state: AppState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(compression());
  app.use(graphiqlRouter());

  app.get('/healthz', async (_req, res) => {
    const report = await checkHealth(state.pool, state.databaseDescription);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });

  app.use('/graphql', (req, res, next) => {
    if (state.graphql) return state.graphql(req, res, next);
    res.status(503).json({ errors: [{ message: 'Clearline is starting: try again in a moment.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
  });

  app.use(exportsRouter(state));

  app.get('/', (_req, res) => {
    res.type('text/plain').send('Clearline is running. GraphQL: /graphql  Health: /healthz\n');
  });

  return app;
}
