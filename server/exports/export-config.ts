import { resolve } from 'node:path';
import { DEFAULT_LEASE_SECONDS } from './export-claims.ts';

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
  /** Seconds a process's claim on a job lasts without renewal (CLEARLINE_EXPORT_LEASE_S): how soon another process resumes the job of one that stopped. */
  leaseSeconds: number;
  /** Where scheduled returns are delivered (CLEARLINE_EXPORT_DELIVERY_DIR, default .data/deliveries): <schedule id>/<period>/. */
  deliveryDirectory: string;
  /** Wait before a failed scheduled return's first retry (CLEARLINE_EXPORT_RETRY_S); each further retry waits four times longer. */
  retrySeconds: number;
};

export const DEFAULT_MAX_EXTRACT_ROWS = 2_000_000;
export const DEFAULT_RETRY_SECONDS = 300;

export function exportConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ExportConfig {
  return {
    directory: resolve(env.CLEARLINE_EXPORT_DIR || '.data/exports'),
    pseudonymKey: env.CLEARLINE_PSEUDONYM_KEY || DEVELOPMENT_PSEUDONYM_KEY,
    timeZone: env.CLEARLINE_TIME_ZONE || 'Asia/Shanghai',
    maxExtractRows: positiveInteger(env.CLEARLINE_EXPORT_MAX_ROWS, 'CLEARLINE_EXPORT_MAX_ROWS') ?? DEFAULT_MAX_EXTRACT_ROWS,
    leaseSeconds: positiveInteger(env.CLEARLINE_EXPORT_LEASE_S, 'CLEARLINE_EXPORT_LEASE_S') ?? DEFAULT_LEASE_SECONDS,
    deliveryDirectory: resolve(env.CLEARLINE_EXPORT_DELIVERY_DIR || '.data/deliveries'),
    retrySeconds: positiveInteger(env.CLEARLINE_EXPORT_RETRY_S, 'CLEARLINE_EXPORT_RETRY_S') ?? DEFAULT_RETRY_SECONDS,
  };
}

function positiveInteger(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return Number(raw);
}
