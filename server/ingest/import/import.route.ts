import type { Request, Response } from 'express';
import type pg from 'pg';
import type { Viewer } from '../../auth/viewer.ts';
import { loadConfig } from '../../config.ts';
import { ApiError, httpStatusOf } from '../../graphql/common/api-error.ts';
import { FileFormatError } from './csv-rows.ts';
import { MappingError, normalizeEncoding, parseMappingJson } from './import-mapping.ts';
import { runImport } from './import.runner.ts';
import { IMPORT_KINDS, type ImportKind } from './import.types.ts';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, databaseUnavailableMessage, databaseUnavailableReason } from '../../db/database-unavailable.ts';
import { sendError } from '../../http/error-response.ts';

/**
 * POST /imports/:kind with the CSV file as the raw request body (any
 * content type), streamed into the import as it arrives: constant memory
 * whatever the size. Query: ?name=export.csv&encoding=gbk&mapping=<JSON>.
 * Answers the run's report as JSON, or the error in GraphQL's shape
 * ({errors: [{message, extensions: {code}}]}, see error-response.ts). Mounted
 * behind authenticatedRoute (server/http/app.ts), which supplies the
 * signed-in viewer and the pool.
 */
export function importUploadHandler(options: { timeZone?: string } = {}) {
  return async (req: Request, res: Response, viewer: Viewer, pool: pg.Pool): Promise<void> => {
    const fail = (error: ApiError) => sendError(res, httpStatusOf(error.kind), error.kind, error.message);
    const kind = String(req.params.kind);
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) return void fail(new ApiError('BAD_USER_INPUT', `unknown import kind "${kind}": one of ${IMPORT_KINDS.join(', ')}`));
    const query = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined);
    try {
      const mappingText = query('mapping');
      const encodingName = query('encoding');
      const report = await runImport(pool, req, {
        kind: kind as ImportKind,
        sourceName: query('name') ?? `upload.${kind}.csv`,
        viewer,
        timeZone: options.timeZone ?? loadConfig().timeZone,
        mapping: mappingText ? parseMappingJson(mappingText) : undefined,
        encoding: encodingName ? normalizeEncoding(encodingName) : undefined,
      });
      res.json(report);
    } catch (error) {
      // Drain what the client still sends, so it can read the answer.
      req.resume();
      if (error instanceof ApiError) return void fail(error);
      if (error instanceof FileFormatError || error instanceof MappingError) return void fail(new ApiError('BAD_USER_INPUT', error.message));
      // Batches committed before the database went away stay; the run can be sent again (loads are idempotent).
      const unavailable = databaseUnavailableReason(error);
      if (unavailable) {
        res.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
        return void sendError(res, 503, DATABASE_UNAVAILABLE, databaseUnavailableMessage(unavailable));
      }
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  };
}

