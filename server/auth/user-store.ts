import type pg from 'pg';
import { hashPassword } from './password-hash.ts';
import { ROLES, type Role, type Viewer } from './viewer.ts';

/** A user as the sign-in and token checks need it. */
export type UserRecord = {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string | null;
  roles: Role[];
  /** Materialized paths of the scope roots; '/' when a root is the whole tree. */
  scope: string[];
  disabled: boolean;
};

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

// A scope root that is the only top of the tree is the whole tree ('/'), so
// statements for province-wide users need no org-unit condition at all.
const USER_SELECT = `
  SELECT u.user_id::text AS id, u.username, u.display_name, u.password_hash, u.roles, u.disabled_at IS NOT NULL AS disabled,
         coalesce(array_agg(CASE WHEN o.parent_id IS NULL AND (SELECT count(*) FROM dim_org_unit r WHERE r.parent_id IS NULL) = 1 THEN '/' ELSE o.path END
                            ORDER BY o.path) FILTER (WHERE o.path IS NOT NULL), '{}') AS scope
  FROM app_user u
  LEFT JOIN app_user_scope s ON s.user_id = u.user_id
  LEFT JOIN dim_org_unit o ON o.org_unit_id = s.org_unit_id`;

/** The user statement for a condition on `u` (app_user), e.g. for a statement that finds the user through another table. */
export function userSelectWhere(condition: string): string {
  return `${USER_SELECT} WHERE ${condition} GROUP BY u.user_id`;
}

export type UserRow = { id: string; username: string; display_name: string; password_hash: string | null; roles: string[]; disabled: boolean; scope: string[] };

export function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    roles: row.roles.filter((r): r is Role => ROLES.includes(r as Role)),
    scope: row.scope,
    disabled: row.disabled,
  };
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRecord | null> {
  const { rows } = await db.query<UserRow>(userSelectWhere('u.username = $1'), [username]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRecord | null> {
  const { rows } = await db.query<UserRow>(userSelectWhere('u.user_id = $1'), [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export function viewerOf(user: UserRecord): Viewer {
  return { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, orgUnitScope: user.scope };
}

export type NewUser = {
  username: string;
  displayName: string;
  /** Omit for a service account (API tokens only). */
  password?: string;
  roles: Role[];
  /** Codes of the org units whose subtrees the user may see (e.g. ZJ, ZJ-NB-YZ). */
  orgUnitCodes: string[];
};

export class UserInputError extends Error {}

/** Creates a user; refuses unknown org-unit codes and roles, naming them. */
export async function createUser(db: Queryable, user: NewUser): Promise<UserRecord> {
  const unknownRoles = user.roles.filter((r) => !ROLES.includes(r));
  if (user.roles.length === 0 || unknownRoles.length) throw new UserInputError(`roles: give one or more of ${ROLES.join(', ')}${unknownRoles.length ? `; unknown: ${unknownRoles.join(', ')}` : ''}`);
  if (user.orgUnitCodes.length === 0) throw new UserInputError('scope: give one or more org-unit codes (the province code for everything)');
  const { rows: units } = await db.query<{ org_unit_id: number; code: string }>('SELECT org_unit_id, code FROM dim_org_unit WHERE code = ANY ($1::text[])', [user.orgUnitCodes]);
  const missing = user.orgUnitCodes.filter((code) => !units.some((u) => u.code === code));
  if (missing.length) throw new UserInputError(`scope: no org unit with code ${missing.join(', ')}`);
  const passwordHash = user.password === undefined ? null : await hashPassword(user.password);
  const { rows } = await db.query<{ user_id: string }>(
    `INSERT INTO app_user (username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4) RETURNING user_id::text`,
    [user.username, user.displayName, passwordHash, user.roles],
  );
  const id = rows[0]!.user_id;
  await db.query('INSERT INTO app_user_scope (user_id, org_unit_id) SELECT $1, unnest($2::integer[])', [id, units.map((u) => u.org_unit_id)]);
  return (await findUserById(db, id))!;
}

/**
 * Disables a user: no sign-in, no refresh, API tokens refused at once; an
 * access token already issued lapses within its 15 minutes. False when there
 * is no such enabled user.
 */
export async function disableUser(db: Queryable, username: string): Promise<boolean> {
  const { rows } = await db.query<{ user_id: string }>(
    `UPDATE app_user SET disabled_at = now() WHERE username = $1 AND disabled_at IS NULL RETURNING user_id::text`, [username]);
  if (!rows[0]) return false;
  await db.query('UPDATE auth_refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [rows[0].user_id]);
  return true;
}
