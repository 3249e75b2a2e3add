import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { metricsRegistry } from './metrics.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * GET /metrics in Prometheus text format. With CLEARLINE_METRICS_TOKEN set,
 * only `Authorization: Bearer <token>`; without it, only from this machine
 * (the socket's address, never X-Forwarded-For; a request a proxy forwarded
 * is refused, since behind a local proxy every client looks local).
 */
export function metricsHandler(token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (!allowed(req, token)) {
      res.status(token ? 401 : 403).type('text/plain').send(token ? 'Send Authorization: Bearer <CLEARLINE_METRICS_TOKEN>.\n' : 'Metrics are served to this machine only; set CLEARLINE_METRICS_TOKEN to scrape them from elsewhere.\n');
      return;
    }
    res.set('Cache-Control', 'no-store').type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  };
}

function allowed(req: Request, token: string | undefined): boolean {
  if (token) {
    const sent = Buffer.from(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
    const expected = Buffer.from(token);
    return sent.length === expected.length && timingSafeEqual(sent, expected);
  }
  const forwarded = req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined;
  return !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? '');
}
