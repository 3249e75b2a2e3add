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
