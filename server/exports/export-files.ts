import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportConfig } from './export-config.ts';
import type { ExportFileRecord } from './export-record.ts';

// Files of an export live in <CLEARLINE_EXPORT_DIR>/<export id>/. Each is
// written under a temporary name and renamed when complete, so a killed job
// never leaves a half-written file under a real name, and a re-run replaces
// whatever a previous attempt left.

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
};

export const contentTypeOf = (fileName: string) => CONTENT_TYPES[fileName.split('.').pop() ?? ''] ?? 'application/octet-stream';

export const exportDirectory = (config: ExportConfig, id: string) => join(config.directory, id);

/** SHA-256 of a file on disk, read as a stream (ad-hoc extracts may be large). */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Runs `write` against a temporary path in the export's folder, then renames
 * the result into place and describes it; on failure the temporary file goes.
 */
export async function writeFileAtomically(config: ExportConfig, id: string, fileName: string, write: (path: string) => Promise<void>): Promise<ExportFileRecord> {
  const directory = exportDirectory(config, id);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${fileName}.${process.pid}.tmp`);
  try {
    await write(temporary);
    const [size, sha256] = [(await stat(temporary)).size, await sha256OfFile(temporary)];
    await rename(temporary, join(directory, fileName));
    return { fileName, contentType: contentTypeOf(fileName), byteSize: size, sha256 };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Writes a buffer as an export file (temporary name, then rename). */
export function writeBufferAtomically(config: ExportConfig, id: string, fileName: string, content: Buffer): Promise<ExportFileRecord> {
  return writeFileAtomically(config, id, fileName, (path) => writeFile(path, content));
}

/** Removes what an interrupted attempt left under temporary names (before a job runs again). */
export async function clearTemporaryFiles(config: ExportConfig, id: string): Promise<void> {
  const directory = exportDirectory(config, id);
  const names = await readdir(directory).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => rm(join(directory, n), { force: true })));
}
