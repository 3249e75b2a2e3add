import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet's defaults: a same-origin
 * content security policy, no sniffing, no framing by other sites, no
 * referrer leaks). Plain-HTTP deployments behind a proxy are common, so
 * requests are not upgraded to HTTPS by the browser.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
}

/**
 * CORS is closed unless origins are configured (CLEARLINE_CORS_ORIGINS): the
 * dashboard is served by the same server, so other sites' pages get no
 * Access-Control-Allow-Origin and the browser keeps them out.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler | null {
  if (origins.length === 0) return null;
  return cors({ origin: [...origins], allowedHeaders: ['authorization', 'content-type'], methods: ['GET', 'POST'], maxAge: 600 });
}
