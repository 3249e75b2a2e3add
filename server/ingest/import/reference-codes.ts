import type pg from 'pg';

export type OrgUnitRef = { id: number; path: string; level: string; parentId: number | null };
export type CategoryRef = { id: number; level: number; slaKind: 'BUSINESS_DAYS' | 'CALENDAR_HOURS' | null; slaValue: number | null; parentId: number | null; utility: string };

/** Codes of the small dimensions, read once per run: rows name them by code, the facts hold ids. */
export type ReferenceCodes = {
  orgUnits: Map<string, OrgUnitRef>;
  orgUnitsById: Map<number, OrgUnitRef>;
  categories: Map<string, CategoryRef>;
  channels: Map<string, number>;
};

export async function loadReferenceCodes(db: pg.Pool | pg.PoolClient): Promise<ReferenceCodes> {
  const units = await db.query<{ org_unit_id: number; code: string; path: string; level: string; parent_id: number | null }>('SELECT org_unit_id, code, path, level, parent_id FROM dim_org_unit');
  const categories = await db.query<{ category_id: number; code: string; level: number; sla_kind: CategoryRef['slaKind']; sla_value: number | null; parent_id: number | null; utility: string }>(
    'SELECT category_id, code, level, sla_kind, sla_value, parent_id, utility FROM dim_category',
  );
  const channels = await db.query<{ channel_id: number; code: string }>('SELECT channel_id, code FROM dim_channel');
  const orgUnits = new Map(units.rows.map((u) => [u.code, { id: u.org_unit_id, path: u.path, level: u.level, parentId: u.parent_id }]));
  return {
    orgUnits,
    orgUnitsById: new Map([...orgUnits.values()].map((u) => [u.id, u])),
    categories: new Map(categories.rows.map((c) => [c.code, { id: c.category_id, level: c.level, slaKind: c.sla_kind, slaValue: c.sla_value, parentId: c.parent_id, utility: c.utility }])),
    channels: new Map(channels.rows.map((c) => [c.code, c.channel_id])),
  };
}
