// Bundles the GraphiQL IDE (graphiql + React + Monaco and its workers) into
// dist/graphiql/ with esbuild, so the server serves it without any CDN.
//   node dashboard/graphiql/build.mjs [outdir]
import { build } from 'esbuild';
import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const outdir = process.argv[2] ?? fileURLToPath(new URL('../../dist/graphiql/', import.meta.url));

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

// graphiql/style.css already contains Monaco's CSS (and its codicon font); drop the
// copies that monaco-editor's own modules import, so the CSS is not shipped twice.
const skipMonacoCss = {
  name: 'skip-monaco-css',
  setup(b) {
    b.onLoad({ filter: /[\\/]monaco-editor[\\/].*\.css$/ }, () => ({ contents: '', loader: 'css' }));
  },
};

const common = {
  absWorkingDir: root, // bare entry points below resolve from the project's node_modules
  bundle: true,
  minify: true,
  legalComments: 'none',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

await Promise.all([
  // The page: one ESM file plus one CSS file (fonts are inlined by graphiql's CSS).
  build({
    ...common,
    entryPoints: { graphiql: `${here}entry.js` },
    outdir,
    format: 'esm',
    plugins: [skipMonacoCss],
    external: ['graphql-ws'], // optional, only for subscriptions over websockets
  }),
  // Monaco's workers, as classic (IIFE) worker scripts.
  build({
    ...common,
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir,
    format: 'iife',
  }),
]);
