import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { recordAudit } from '../audit/audit-log.ts';
import { inTransaction } from '../db/transaction.ts';
import { ApiError } from '../graphql/common/api-error.ts';
import { signAccessToken } from './access-token.ts';
import type { AuthConfig } from './auth-config.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { newOpaqueToken, tokenHash } from './opaque-token.ts';
import { UNKNOWN_USER_HASH, verifyPassword } from './password-hash.ts';
import { findUserById, findUserByUsername, viewerOf, type UserRecord } from './user-store.ts';
import { ANONYMOUS_VIEWER, type Viewer } from './viewer.ts';

export type IssuedSession = {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  viewer: Viewer;
};

/** Where a sign-in comes from, for the throttle and the audit log. */
export type RequestOrigin = { address: string; requestId?: string };

export type SessionServices = { pool: pg.Pool; config: AuthConfig; throttle: LoginThrottle };

/** The same words for an unknown user, a wrong password and a disabled user: a guesser learns nothing. */
export const BAD_CREDENTIALS = 'Wrong username or password.';
export const SESSION_ENDED = 'Your session has ended: sign in again.';

export async function signIn(services: SessionServices, username: string, password: string, origin: RequestOrigin): Promise<IssuedSession> {
  const { pool, throttle } = services;
  const name = username.trim().toLowerCase();
  const wait = await throttle.waitSeconds(name, origin.address);
  if (wait !== null) {
    await recordAudit(pool, ANONYMOUS_VIEWER, { action: 'auth.signin_failed', targetType: 'User', details: { username: name, reason: 'throttled', address: origin.address }, requestId: origin.requestId });
    throw new ApiError('RATE_LIMITED', `Too many failed sign-ins: try again in ${Math.ceil(wait / 60)} minute(s).`);
  }
  const user = await findUserByUsername(pool, name);
  // Verify against a dummy hash for unknown users, so both failures cost the same time.
  const matches = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  const reason = !user ? 'unknown_user' : !user.passwordHash ? 'no_password' : !matches ? 'wrong_password' : user.disabled ? 'disabled' : null;
  if (reason || !user) {
    await throttle.failed(name, origin.address);
    await recordAudit(pool, ANONYMOUS_VIEWER, { action: 'auth.signin_failed', targetType: 'User', targetId: user?.id, details: { username: name, reason, address: origin.address }, requestId: origin.requestId });
    throw new ApiError('UNAUTHENTICATED', BAD_CREDENTIALS);
  }
  await throttle.succeeded(name, origin.address);
  return inTransaction(pool, async (client) => {
    const session = await issue(client, services.config, user, randomUUID());
    await recordAudit(client, session.viewer, { action: 'auth.signin', targetType: 'User', targetId: user.id, details: { address: origin.address }, requestId: origin.requestId });
    return session;
  });
}

/**
 * Trades a refresh token for a new session; the token is used up. Presenting
 * a used token again means it leaked: the whole sign-in (its family) ends.
 */
export async function refreshSession(services: SessionServices, refreshToken: string, origin: RequestOrigin): Promise<IssuedSession> {
  const session = await inTransaction(services.pool, async (client): Promise<IssuedSession | null> => {
    const { rows } = await client.query<{ refresh_token_id: string; user_id: string; family_id: string; used: boolean; ended: boolean }>(
      `SELECT refresh_token_id, user_id::text, family_id, used_at IS NOT NULL AS used, (revoked_at IS NOT NULL OR expires_at <= now()) AS ended
       FROM auth_refresh_token WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash(refreshToken)],
    );
    const token = rows[0];
    if (!token || token.ended) return null;
    if (token.used) {
      await client.query('UPDATE auth_refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [token.family_id]);
      await recordAudit(client, { id: token.user_id, roles: [] }, { action: 'auth.refresh_reused', targetType: 'User', targetId: token.user_id, details: { address: origin.address }, requestId: origin.requestId });
      return null;
    }
    const user = await findUserById(client, token.user_id);
    if (!user || user.disabled) return null;
    await client.query('UPDATE auth_refresh_token SET used_at = now() WHERE refresh_token_id = $1', [token.refresh_token_id]);
    return issue(client, services.config, user, token.family_id);
  });
  if (!session) throw new ApiError('UNAUTHENTICATED', SESSION_ENDED);
  return session;
}

/** Ends the sign-in the refresh token belongs to. False when the token was unknown or already ended. */
export async function signOut(services: SessionServices, refreshToken: string, origin: RequestOrigin): Promise<boolean> {
  return inTransaction(services.pool, async (client) => {
    const { rows } = await client.query<{ user_id: string }>(
      `UPDATE auth_refresh_token SET revoked_at = now()
       WHERE family_id = (SELECT family_id FROM auth_refresh_token WHERE token_hash = $1) AND revoked_at IS NULL
       RETURNING user_id::text`,
      [tokenHash(refreshToken)],
    );
    if (rows.length === 0) return false;
    await recordAudit(client, { id: rows[0]!.user_id, roles: [] }, { action: 'auth.signout', targetType: 'User', targetId: rows[0]!.user_id, requestId: origin.requestId });
    return true;
  });
}

async function issue(client: pg.PoolClient, config: AuthConfig, user: UserRecord, familyId: string): Promise<IssuedSession> {
  const viewer = viewerOf(user);
  const refreshToken = newOpaqueToken('clr');
  await client.query(
    `INSERT INTO auth_refresh_token (user_id, token_hash, family_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [user.id, tokenHash(refreshToken), familyId, config.refreshTokenTtlSeconds],
  );
  const access = await signAccessToken(config, viewer);
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, viewer };
}

