import { resolve } from 'node:path';

/**
 * Development default of the pseudonymisation key. Production sets
 * CLEARLINE_PSEUDONYM_KEY (a long random secret, kept stable: changing it
 * changes every customer's pseudonym in new returns).
 */
export const DEVELOPMENT_PSEUDONYM_KEY = 'clearline-development-pseudonym-key';

export type ExportConfig = {
  /** Where export files go (CLEARLINE_EXPORT_DIR, default .data/exports). */
  directory: string;
  /** Key of the customer pseudonyms' HMAC (CLEARLINE_PSEUDONYM_KEY). */
  pseudonymKey: string;
  /** The utility's time zone: periods and the local times written into files. */
  timeZone: string;
  /** Most rows an ad-hoc extract may have (CLEARLINE_EXPORT_MAX_ROWS): more fails naming the limit, never a silent cut. */
  maxExtractRows: number;
};

export const DEFAULT_MAX_EXTRACT_ROWS = 2_000_000;

export function exportConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ExportConfig {
  return {
    directory: resolve(env.CLEARLINE_EXPORT_DIR || '.data/exports'),
    pseudonymKey: env.CLEARLINE_PSEUDONYM_KEY || DEVELOPMENT_PSEUDONYM_KEY,
    timeZone: env.CLEARLINE_TIME_ZONE || 'Asia/Shanghai',
    maxExtractRows: positiveInteger(env.CLEARLINE_EXPORT_MAX_ROWS, 'CLEARLINE_EXPORT_MAX_ROWS') ?? DEFAULT_MAX_EXTRACT_ROWS,
  };
}

function positiveInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`${name} must be a positive whole number of rows, got "${raw}"`);
  return Number(raw);
}
