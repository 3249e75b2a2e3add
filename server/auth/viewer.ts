/**
 * Who is asking. Every resolver and every SQL statement reads the viewer from
 * the request context; the security issue replaces the development viewer with
 * signed-in users and their roles.
 */
export const ROLES = ['ADMIN', 'MANAGER', 'ANALYST', 'REGULATOR', 'AGENT'] as const;
export type Role = (typeof ROLES)[number];

export type Viewer = {
  id: string;
  displayName: string;
  roles: readonly Role[];
  /**
   * Materialized paths ('/1/3/') of the org-unit subtrees the viewer may see.
   * '/' is the whole tree.
   */
  orgUnitScope: readonly string[];
};

/** Until sign-in exists: full access, so development and tests see everything. */
export const DEVELOPMENT_VIEWER: Viewer = {
  id: 'development',
  displayName: 'Development viewer',
  roles: ['ADMIN'],
  orgUnitScope: ['/'],
};

/** LIKE patterns matching every org-unit path inside the viewer's scope. */
export function scopePatterns(viewer: Viewer): string[] {
  return viewer.orgUnitScope.map((path) => `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
