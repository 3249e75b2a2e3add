import type { Request, RequestHandler, Response } from 'express';
import type pg from 'pg';
import type { AuthConfig } from '../auth/auth-config.ts';
import { authenticate } from '../auth/authenticate.ts';
import { can, rolesWith, type Capability } from '../auth/permissions.ts';
import { DEFAULT_ROLE_LIMITS, type RoleLimits } from '../auth/role-limits.ts';
import { runAsViewer } from '../auth/viewer-session.ts';
import { isSignedIn, type Viewer } from '../auth/viewer.ts';
import { currentRequestStats } from '../observability/request-context.ts';
import { sendError } from './error-response.ts';

export type RouteSecurity = { auth: AuthConfig; pool: pg.Pool; roleLimits?: RoleLimits };

/**
 * For HTTP routes outside GraphQL (downloads of exports, file uploads of
 * imports): authenticates the request like /graphql does, checks the
 * capability, and runs the handler as the viewer in Postgres (row-level
 * security, statement_timeout). Refusals answer 401/403 in the API's error
 * shape.
 */
export function authenticatedRoute(security: RouteSecurity, capability: Capability | readonly Capability[], handler: (req: Request, res: Response, viewer: Viewer) => Promise<void>): RequestHandler {
  return async (req, res, next) => {
    try {
      const { viewer, problem } = await authenticate(req.get('authorization'), security.auth, security.pool);
      const stats = currentRequestStats();
      if (stats) stats.viewerId = viewer.id;
      if (!isSignedIn(viewer)) {
        sendError(res, 401, 'UNAUTHENTICATED', `Sign in first (${problem ?? 'missing'} token): send Authorization: Bearer <accessToken>.`);
        return;
      }
      // Any one of the capabilities will do (downloads serve regulators and analysts alike).
      const capabilities: readonly Capability[] = typeof capability === 'string' ? [capability] : capability;
      if (!capabilities.some((c) => can(viewer, c))) {
        const roles = [...new Set(capabilities.flatMap((c) => rolesWith(c)))];
        sendError(res, 403, 'FORBIDDEN', `Not allowed: ${capabilities.join(' or ')} needs one of the roles ${roles.join(', ')}; you have ${viewer.roles.join(', ') || 'none'}.`);
        return;
      }
      await runAsViewer(viewer, () => handler(req, res, viewer), security.roleLimits ?? DEFAULT_ROLE_LIMITS);
    } catch (error) {
      next(error);
    }
  };
}
