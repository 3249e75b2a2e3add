import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';

// docs/OPERATIONS.md's configuration reference lists every environment
// variable the server reads: a new one fails here until it is documented.

/** Every .ts file under server/ except tests. */
function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Names read as env.NAME, process.env.NAME, env['NAME'], or passed as integerVar(env, 'NAME', …). */
function environmentVariablesRead(): Set<string> {
  const names = new Set<string>();
  const patterns = [/\benv\.([A-Z][A-Z0-9_]+)/g, /\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g, /\(env, '([A-Z][A-Z0-9_]+)'/g];
  for (const file of sourceFiles(path.join(PROJECT_ROOT, 'server'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) names.add(match[1]!);
  }
  return names;
}

describe('docs/OPERATIONS.md', () => {
  const docs = readFileSync(path.join(PROJECT_ROOT, 'docs', 'OPERATIONS.md'), 'utf8');
  const reference = docs.split('## Configuration reference\n')[1]?.split('\n## ')[0] ?? '';

  it('documents every environment variable the server reads, with its default', () => {
    const read = environmentVariablesRead();
    // The scan finds what it must (so an empty scan cannot pass).
    for (const known of ['DATABASE_URL', 'PORT', 'NODE_ENV', 'REDIS_URL', 'CLEARLINE_DRAIN_TIMEOUT_MS', 'CLEARLINE_EXPORT_DIR', 'CLEARLINE_NEW_PASSWORD']) expect(read).toContain(known);
    const missing = [...read].filter((name) => !new RegExp(`^\\| \`${name}\` \\| [^|]+ \\| [^|]+ \\|$`, 'm').test(reference));
    expect(missing).toEqual([]);
  });

  it('documents no variable the server does not read', () => {
    const read = environmentVariablesRead();
    const documented = [...reference.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
    expect(documented.filter((name) => !read.has(name))).toEqual([]);
  });
});
