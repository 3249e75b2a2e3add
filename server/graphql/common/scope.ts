import { scopePatterns, seesEverything, type Viewer } from '../../auth/viewer.ts';
import { sql, type Sql } from '../../db/sql.ts';

/**
 * The org-unit condition every statement over facts or customers carries:
 * the row's org unit lies in one of the viewer's subtrees. Built in one
 * place so that no query can forget it.
 */
export function inViewerScope(viewer: Viewer, orgUnitColumn: Sql): Sql {
  if (seesEverything(viewer)) return sql`TRUE`;
  return sql`${orgUnitColumn} IN (SELECT scope_unit.org_unit_id FROM dim_org_unit scope_unit WHERE scope_unit.path LIKE ANY (${scopePatterns(viewer)}::text[]))`;
}
