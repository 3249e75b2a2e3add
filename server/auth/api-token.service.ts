import type pg from 'pg';
import { recordAudit } from '../audit/audit-log.ts';
import { newOpaqueToken, tokenHash } from './opaque-token.ts';
import { findUserByUsername, toRecord, UserInputError, userSelectWhere, viewerOf, type UserRow } from './user-store.ts';
import type { Viewer } from './viewer.ts';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;
type Actor = Pick<Viewer, 'id' | 'roles'>;

export type ApiTokenListing = { id: string; username: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** API tokens start with this, so a Bearer credential can be told from a JWT at a glance. */
export const API_TOKEN_PREFIX = 'cla_';

/** Creates an API token for a user (a service account); the token is shown once and stored only hashed. */
export async function createApiToken(db: Queryable, actor: Actor, username: string, name: string): Promise<{ id: string; token: string }> {
  const user = await findUserByUsername(db, username);
  if (!user) throw new UserInputError(`no user "${username}"`);
  const token = newOpaqueToken('cla');
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO api_token (user_id, name, token_prefix, token_hash) VALUES ($1, $2, $3, $4) RETURNING api_token_id::text AS id',
    [user.id, name, token.slice(0, 12), tokenHash(token)],
  );
  await recordAudit(db, actor, { action: 'auth.api_token_create', targetType: 'ApiToken', targetId: rows[0]!.id, details: { userId: user.id, name } });
  return { id: rows[0]!.id, token };
}

/** Revokes a token by id; false when there is no such live token. */
export async function revokeApiToken(db: Queryable, actor: Actor, id: string): Promise<boolean> {
  if (!/^\d+$/.test(id)) throw new UserInputError(`"${id}" is not a token id (see \`token list\`)`);
  const { rowCount } = await db.query('UPDATE api_token SET revoked_at = now() WHERE api_token_id = $1 AND revoked_at IS NULL', [id]);
  if (!rowCount) return false;
  await recordAudit(db, actor, { action: 'auth.api_token_revoke', targetType: 'ApiToken', targetId: id });
  return true;
}

export async function listApiTokens(db: Queryable): Promise<ApiTokenListing[]> {
  const { rows } = await db.query<ApiTokenListing>(
    `SELECT t.api_token_id::text AS id, u.username, t.name, t.token_prefix AS prefix, t.created_at AS "createdAt", t.last_used_at AS "lastUsedAt", t.revoked_at AS "revokedAt"
     FROM api_token t JOIN app_user u ON u.user_id = t.user_id ORDER BY t.api_token_id`,
  );
  return rows;
}

/** The viewer an API token stands for, or null when it is unknown, revoked or its user disabled. */
export async function viewerOfApiToken(db: Queryable, token: string): Promise<Viewer | null> {
  // Last use is recorded at most once a minute, so a busy agent does not write on every request.
  // One statement: the token, its last use and its user with their scope.
  const { rows } = await db.query<UserRow>(
    `WITH live AS (SELECT api_token_id, user_id FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL),
          touched AS (UPDATE api_token t SET last_used_at = now() FROM live
                      WHERE t.api_token_id = live.api_token_id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'))
     ${userSelectWhere('u.user_id IN (SELECT user_id FROM live)')}`,
    [tokenHash(token)],
  );
  const user = rows[0] ? toRecord(rows[0]) : null;
  return user && !user.disabled ? viewerOf(user) : null;
}
