import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { badInput } from '../../graphql/common/api-error.ts';

/**
 * Where administrators drop files for `importBatch(serverPath:)`:
 * CLEARLINE_IMPORT_DIR, default <data dir>/imports. Only files inside it can
 * be read, so the API cannot be used to read arbitrary server files.
 */
export function importDirectory(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.CLEARLINE_IMPORT_DIR || path.join(loadConfig(env).dataDir, 'imports'));
}

export async function resolveServerPath(requested: string, env: Record<string, string | undefined> = process.env): Promise<string> {
  const directory = importDirectory(env);
  let root: string;
  try {
    root = await realpath(directory);
  } catch {
    throw badInput('serverPath', `the import directory ${directory} does not exist (set CLEARLINE_IMPORT_DIR)`);
  }
  let full: string;
  try {
    // realpath follows symbolic links, so a link cannot point outside either.
    full = await realpath(path.resolve(root, requested));
  } catch {
    throw badInput('serverPath', `no file "${requested}" in the import directory`);
  }
  if (!full.startsWith(root + path.sep) || !(await stat(full)).isFile()) {
    throw badInput('serverPath', `"${requested}" is not a file inside the import directory`);
  }
  return full;
}
