import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import express, { type Router } from 'express';

/** Where `npm run build:dashboard` (dashboard/build.mjs) puts the React dashboard. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../dist/dashboard/', import.meta.url));

const INDEX_HTML = `${DASHBOARD_DIST}index.html`;

/** Client-side routes of the dashboard: each answers with index.html (the app picks the page from the path). */
export const DASHBOARD_ROUTES = ['/', '/resolution', '/repeat', '/satisfaction', '/complaints', '/explorer', '/signin'];

/**
 * Serves the built dashboard at /: hashed assets with a long cache, and
 * index.html (never cached, so a new build is picked up) for the app's routes.
 * /graphql and /healthz are mounted before it and stay as they are.
 */
export function dashboardRouter(dist = DASHBOARD_DIST): Router {
  const router = express.Router();
  const indexHtml = path.join(dist, 'index.html');
  const assets = path.join(dist, 'assets');
  const cacheForever = { immutable: true, maxAge: '1y' } as const;
  // The build's gzipped copies (dashboard/build.mjs), to browsers that take
  // gzip: compressing a first visit's scripts on each request took the busy
  // server a few hundred milliseconds (the compression middleware leaves a
  // response already encoded alone).
  router.get('/assets/:file', (req, res, next) => {
    const file = req.params.file;
    // A built file's name only (no path: the parameter arrives decoded).
    if (!/^[\w-]+(\.[\w-]+)*\.(js|css)$/.test(file) || !req.acceptsEncodings('gzip') || !existsSync(path.join(assets, `${file}.gz`))) return next();
    res.vary('Accept-Encoding');
    res.type(path.extname(file));
    res.set('Content-Encoding', 'gzip');
    res.sendFile(`${file}.gz`, { root: assets, ...cacheForever }, (error) => error && next(error));
  });
  router.use('/assets', express.static(assets, { index: false, ...cacheForever, fallthrough: false }));
  router.get(DASHBOARD_ROUTES, (_req, res) => {
    if (!existsSync(indexHtml)) {
      res.status(503).type('text/plain').send('The dashboard is not built: run npm run build:dashboard. GraphQL: /graphql  Health: /healthz\n');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexHtml);
  });
  return router;
}

const BUILD_SCRIPT = fileURLToPath(new URL('../../dashboard/build.mjs', import.meta.url));

/**
 * Builds the dashboard on first start when it is missing (a few seconds, with
 * the dev dependencies `npm install` brings). Where they are absent (a
 * production install), / says how to build it instead.
 */
export async function ensureDashboardBuilt(log: (line: string) => void): Promise<void> {
  if (existsSync(INDEX_HTML)) return;
  try {
    log('Building the dashboard (first start)…');
    const { stdout } = await promisify(execFile)(process.execPath, [BUILD_SCRIPT], { timeout: 180_000 });
    const summary = stdout.trim().split('\n').at(-1);
    if (summary) log(summary);
  } catch (error) {
    log(`Dashboard not built (${(error as Error).message.split('\n')[0]}); run npm run build:dashboard`);
  }
}
