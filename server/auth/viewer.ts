/**
 * Who is asking. Every resolver and every SQL statement reads the viewer from
 * the request context: a signed-in user or service account (from the access
 * token or API token), or the anonymous viewer, who may only sign in.
 */
export const ROLES = ['ADMIN', 'MANAGER', 'ANALYST', 'REGULATOR', 'AGENT'] as const;
export type Role = (typeof ROLES)[number];

export type Viewer = {
  /** The user's id (app_user.user_id), 'anonymous', or 'development' in tests and scripts. */
  id: string;
  /** Sign-in name; absent for the anonymous and development viewers. */
  username?: string;
  displayName: string;
  roles: readonly Role[];
  /**
   * Materialized paths ('/1/3/') of the org-unit subtrees the viewer may see.
   * '/' is the whole tree.
   */
  orgUnitScope: readonly string[];
};

/** Full access, for scripts and tests that call services directly (never the HTTP API's default). */
export const DEVELOPMENT_VIEWER: Viewer = {
  id: 'development',
  displayName: 'Development viewer',
  roles: ['ADMIN'],
  orgUnitScope: ['/'],
};

/** A request without a (valid) token: no role, no org unit; may only sign in. */
export const ANONYMOUS_VIEWER: Viewer = {
  id: 'anonymous',
  displayName: 'Anonymous',
  roles: [],
  orgUnitScope: [],
};

export function isSignedIn(viewer: Viewer): boolean {
  return viewer.id !== ANONYMOUS_VIEWER.id;
}

/** LIKE patterns matching every org-unit path inside the viewer's scope. */
export function scopePatterns(viewer: Viewer): string[] {
  return viewer.orgUnitScope.map((path) => `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/** Whether the viewer's scope is the whole tree (so no org-unit condition is needed). */
export function seesEverything(viewer: Viewer): boolean {
  return viewer.orgUnitScope.includes('/');
}

/** Whether an org unit (by its materialized path) lies in the viewer's scope. */
export function inScope(viewer: Viewer, path: string): boolean {
  return viewer.orgUnitScope.some((root) => path.startsWith(root));
}

/** Whether an org unit is in scope or above it (visible for breadcrumbs). */
export function visibleTo(viewer: Viewer, path: string): boolean {
  return inScope(viewer, path) || viewer.orgUnitScope.some((root) => root.startsWith(path));
}
