import * as byId from '../../db/dimension-conditions.ts';
import type { Sql } from '../../db/sql.ts';
import { fromGlobalId } from '../relay/global-id.ts';

// Dimension filters of the entity lists, from the global ids clients send.

export function inOrgUnitSubtrees(column: Sql, orgUnitIds: readonly string[], field: string): Sql {
  return byId.inOrgUnitSubtrees(column, orgUnitIds.map((id, i) => Number(fromGlobalId('OrgUnit', id, `${field}[${i}]`))));
}

export function inCategories(column: Sql, categoryIds: readonly string[], field: string): Sql {
  return byId.inCategories(column, categoryIds.map((id, i) => Number(fromGlobalId('Category', id, `${field}[${i}]`))));
}

export const inChannels = byId.inChannels;
