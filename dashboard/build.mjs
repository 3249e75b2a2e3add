// Builds the dashboard into dist/dashboard/ and prints the gzipped size of the
// JavaScript a first visit loads (the entry chunk and its static imports;
// lazily loaded chunks such as the XLSX writer are not counted).
//   node dashboard/build.mjs
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/dashboard/', import.meta.url));
/** The budget for the initial JavaScript, gzipped. */
const BUDGET_KB = 400;

// Always a production build (React's development build is larger and slower),
// even when started from a test runner that sets NODE_ENV=test.
process.env.NODE_ENV = 'production';
await build({ configFile, logLevel: 'warn', mode: 'production' });

// Gzipped copies of the scripts and styles, served as they are to browsers
// that take gzip (server/http/dashboard-static.ts): compressed once here,
// not on each request.
for (const file of await readdir(`${outDir}assets`)) {
  if (/\.(js|css)$/.test(file)) await writeFile(`${outDir}assets/${file}.gz`, gzipSync(await readFile(`${outDir}assets/${file}`), { level: 9 }));
}

const manifest = JSON.parse(await readFile(`${outDir}.vite/manifest.json`, 'utf8'));
const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(Object.keys(manifest).find((key) => manifest[key] === entry));
let gzipped = 0;
for (const file of initial) gzipped += gzipSync(await readFile(`${outDir}${file}`)).length;
const kb = gzipped / 1024;
console.log(`Dashboard built into dist/dashboard/: initial JavaScript ${kb.toFixed(1)} kB gzipped (${initial.size} file${initial.size === 1 ? '' : 's'}; budget ${BUDGET_KB} kB)`);
if (kb > BUDGET_KB) {
  console.error(`Initial JavaScript is over the ${BUDGET_KB} kB budget.`);
  process.exitCode = 1;
}
