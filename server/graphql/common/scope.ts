import { scopePatterns, type Viewer } from '../../auth/viewer.ts';
import { sql, type Sql } from '../../db/sql.ts';

/**
 * The org-unit condition every statement over facts or customers carries:
 * the row's org unit lies in one of the viewer's subtrees. Built in one
 * place so that no query can forget it.
 */
export function inViewerScope(viewer: Viewer, orgUnitColumn: Sql): Sql {
  return sql`${orgUnitColumn} IN (SELECT scope_unit.org_unit_id FROM dim_org_unit scope_unit WHERE scope_unit.path LIKE ANY (${scopePatterns(viewer)}::text[]))`;
}

/** Org units the viewer may see: their subtrees, and the ancestors above them (for breadcrumbs). */
export function visibleOrgUnit(viewer: Viewer, alias: Sql): Sql {
  return sql`(${alias}.path LIKE ANY (${scopePatterns(viewer)}::text[])
              OR ${alias}.path IN (SELECT a.path FROM unnest(${[...viewer.orgUnitScope]}::text[]) AS s(path)
                                   JOIN dim_org_unit a ON s.path LIKE a.path || '%'))`;
}
