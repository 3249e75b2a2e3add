import type pg from 'pg';
import { verifyAccessToken } from './access-token.ts';
import { API_TOKEN_PREFIX, viewerOfApiToken } from './api-token.service.ts';
import type { AuthConfig } from './auth-config.ts';
import type { AuthProblem } from './request-security.ts';
import { ANONYMOUS_VIEWER, type Viewer } from './viewer.ts';

export type Authentication = { viewer: Viewer; problem: AuthProblem | null };

/**
 * The viewer behind an Authorization header: `Bearer <JWT>` from signIn
 * (no statement: the token carries the viewer) or `Bearer cla_…`, an API
 * token (one lookup). Anything else is the anonymous viewer, with the reason.
 */
/** Whether the header holds an API token (whose check costs a database lookup, unlike an access token's). */
export function carriesApiToken(header: string | undefined): boolean {
  return /^Bearer\s+(\S+)/i.exec(header ?? '')?.[1]?.startsWith(API_TOKEN_PREFIX) ?? false;
}

export async function authenticate(header: string | undefined, config: AuthConfig, pool: pg.Pool): Promise<Authentication> {
  if (!header) return { viewer: ANONYMOUS_VIEWER, problem: 'missing' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return { viewer: ANONYMOUS_VIEWER, problem: 'invalid' };
  const token = match[1]!;
  if (token.startsWith(API_TOKEN_PREFIX)) {
    const viewer = await viewerOfApiToken(pool, token);
    return viewer ? { viewer, problem: null } : { viewer: ANONYMOUS_VIEWER, problem: 'revoked' };
  }
  const check = await verifyAccessToken(config, token);
  return check.viewer ? { viewer: check.viewer, problem: null } : { viewer: ANONYMOUS_VIEWER, problem: check.problem };
}
