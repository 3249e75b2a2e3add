import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process among the several that may serve one database: host, pid and
 * a random part (pids repeat across containers). Recorded on what a process
 * claims (export jobs) or does (rollup refreshes, deliveries).
 */
export const PROCESS_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
