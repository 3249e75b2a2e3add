import type { Response } from 'express';

/**
 * Every HTTP route outside GraphQL answers a failure in GraphQL's own error
 * shape — {"errors": [{"message", "extensions": {"code", …}}]} — so a client
 * (the dashboard, a script uploading files) reads one shape everywhere.
 */
export function sendError(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}
