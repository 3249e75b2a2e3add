import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type pg from 'pg';
import { recordAudit } from '../audit/audit-log.ts';
import type { Viewer } from '../auth/viewer.ts';
import { exportConfigFromEnv } from '../exports/export-config.ts';
import { visibleExport } from '../exports/export-record.ts';
import { sendError } from './error-response.ts';

/**
 * GET /exports/:id/:file — streams one file of an export the viewer may see
 * (a regulator return of their org units, or their own ad-hoc extract), with
 * its SHA-256 in a header. Anything else is 404, never saying whether it
 * exists. Mounted behind authenticatedRoute (server/http/app.ts): only a
 * signed-in viewer with export.regulator or export.adhoc gets here.
 */
export function exportDownloadHandler() {
  return async (req: Request, res: Response, viewer: Viewer, pool: pg.Pool): Promise<void> => {
    try {
      const { id, file } = req.params as { id: string; file: string };
      const record = await visibleExport(pool, viewer, id);
      const entry = record?.status === 'DONE' ? record.files.find((f) => f.fileName === file) : undefined;
      if (!record || !entry) return void sendError(res, 404, 'NOT_FOUND', `No export file ${id}/${file}. 未找到导出文件。`);
      await recordAudit(pool, viewer, { action: 'export.download', targetType: 'export', targetId: id, details: { file, sha256: entry.sha256 } });
      res.status(200);
      res.setHeader('Content-Type', entry.contentType);
      res.setHeader('Content-Length', String(entry.byteSize));
      res.setHeader('Content-Disposition', `attachment; filename="${entry.fileName}"`);
      res.setHeader('X-Content-SHA256', entry.sha256);
      res.setHeader('Cache-Control', 'private, no-store');
      await pipeline(createReadStream(join(exportConfigFromEnv().directory, record.id, entry.fileName)), res);
    } catch (error) {
      if (res.headersSent) return void res.destroy(error as Error);
      throw error;
    }
  };
}
