import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ApolloServerPlugin } from '@apollo/server';
import express, { type Router } from 'express';

/** Where `npm run build:graphiql` (dashboard/graphiql/build.mjs) puts the IDE's bundle. */
export const GRAPHIQL_DIST = fileURLToPath(new URL('../../dist/graphiql/', import.meta.url));
/** URL prefix the bundle is served under. */
export const GRAPHIQL_ASSETS = '/graphiql/assets';

/** The IDE's page; everything it loads comes from GRAPHIQL_ASSETS on this server. */
export function graphiqlHtml(endpoint = '/graphql'): string {
  if (!existsSync(`${GRAPHIQL_DIST}graphiql.js`)) {
    return '<!doctype html><title>GraphiQL not built</title>' +
      '<p>The GraphiQL IDE is not built: run <code>npm run build:graphiql</code>.</p>';
  }
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Clearline GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${GRAPHIQL_ASSETS}/graphiql.css" />
    <style>body { margin: 0; } #graphiql { height: 100dvh; }</style>
  </head>
  <body data-endpoint="${endpoint}">
    <div id="graphiql">Loading GraphiQL…</div>
    <script type="module" src="${GRAPHIQL_ASSETS}/graphiql.js"></script>
  </body>
</html>
`;
}

/**
 * Serves the built bundle (JS, CSS, Monaco workers) at GRAPHIQL_ASSETS.
 * Mount it on the app before or after Apollo: `app.use(graphiqlRouter())`.
 */
export function graphiqlRouter(): Router {
  const router = express.Router();
  router.use(GRAPHIQL_ASSETS, express.static(GRAPHIQL_DIST, { index: false }));
  return router;
}

/**
 * Apollo plugin: the IDE as Apollo's landing page. Apollo shows it for a GET of its
 * path whose Accept header prefers text/html (a browser); every other request, a
 * GET with Accept: application/json, "any type" or none, and every POST, is GraphQL as
 * before. It replaces Apollo's default landing page, which loads Apollo Sandbox
 * from Apollo's CDN.
 */
export function graphiqlLandingPage(endpoint = '/graphql'): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: () => Promise.resolve(graphiqlHtml(endpoint)) };
        },
      };
    },
  };
}

const BUILD_SCRIPT = fileURLToPath(new URL('../../dashboard/graphiql/build.mjs', import.meta.url));

/**
 * Builds the IDE's bundle on first start when it is missing (about a second,
 * with the dev dependencies `npm install` brings). Where they are absent (a
 * production install), the page says how to build it instead.
 */
export async function ensureGraphiqlBuilt(log: (line: string) => void): Promise<void> {
  if (existsSync(`${GRAPHIQL_DIST}graphiql.js`)) return;
  try {
    log('Building the GraphiQL IDE (first start)…');
    await promisify(execFile)(process.execPath, [BUILD_SCRIPT], { timeout: 120_000 });
  } catch (error) {
    log(`GraphiQL IDE not built (${(error as Error).message.split('\n')[0]}); run npm run build:graphiql`);
  }
}
