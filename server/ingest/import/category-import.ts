import { seesEverything } from '../../auth/viewer.ts';
import { reason } from './import-reasons.ts';
import type { Checked, ColumnSpec, KindHandler } from './import.types.ts';
import { RowReader } from './row-reader.ts';
import { SLA_KINDS, UTILITIES } from '../../entities/category.entity.ts';


export const CATEGORY_COLUMNS: readonly ColumnSpec[] = [
  { name: 'code', type: 'text', required: true, description: 'Category code: its identity (an existing one gets its names updated)' },
  { name: 'parent_code', type: 'code', required: false, description: 'Level-1 group of a level-2 category; empty for a group' },
  { name: 'utility', type: 'code', required: true, allowed: UTILITIES, description: 'Electricity or gas (as the group\'s)' },
  { name: 'name_zh', type: 'text', required: true, description: 'Chinese name' },
  { name: 'name_en', type: 'text', required: true, description: 'English name' },
  { name: 'sla_kind', type: 'code', required: false, allowed: SLA_KINDS, description: 'Level-2 only (required there): how the SLA is counted' },
  { name: 'sla_value', type: 'integer > 0', required: false, description: 'Level-2 only (required there): business days or calendar hours' },
];

export type CategoryRecord = { code: string; parentCode: string | null; utility: string; nameZh: string; nameEn: string; slaKind: string | null; slaValue: number | null };

/**
 * Two-level complaint categories. Names can change; an SLA target cannot,
 * since every loaded complaint's SLA due time was computed from it.
 */
export const categoryImport: KindHandler<CategoryRecord> = {
  kind: 'categories',
  columns: CATEGORY_COLUMNS,
  key: (r) => r.code,

  async check(_client, rows, env) {
    const pendingGroups = new Map<string, string>();
    const pendingLeaves = new Set<string>();
    return rows.map((row): Checked<CategoryRecord> => {
      const r = new RowReader(row.mapped, env);
      const code = r.text('code', true);
      const parentCode = r.text('parent_code');
      const utility = r.oneOf('utility', UTILITIES, true);
      const nameZh = r.text('name_zh', true);
      const nameEn = r.text('name_en', true);
      const slaKind = r.oneOf('sla_kind', SLA_KINDS);
      const slaValue = r.integer('sla_value', { min: 1, max: 10_000 });
      if (!seesEverything(env.viewer)) r.add(reason('OUT_OF_SCOPE', 'code', 'categories apply to the whole utility: only viewers who see every org unit can change them'));
      const parent = parentCode === null ? undefined : env.reference.categories.get(parentCode);
      const parentUtility = parent ? (parent.level === 1 ? parent.utility : undefined) : parentCode === null ? undefined : pendingGroups.get(parentCode);
      const parentIsLeaf = parent ? parent.level !== 1 : parentCode !== null && pendingLeaves.has(parentCode);
      if (parentCode !== null && parentUtility === undefined) r.add(reason(parentIsLeaf ? 'NOT_ALLOWED' : 'UNKNOWN_CODE', 'parent_code', parentIsLeaf ? `"${parentCode}" is not a level-1 group` : `no group "${parentCode}" (list groups before their categories)`));
      if (parentUtility !== undefined && utility !== null && parentUtility !== utility) r.add(reason('NOT_ALLOWED', 'utility', `the group "${parentCode}" is ${parentUtility}`));
      const leaf = parentCode !== null;
      if (leaf && (slaKind === null || slaValue === null)) {
        for (const f of ['sla_kind', 'sla_value'] as const) if (!row.mapped[f]?.trim()) r.add(reason('MISSING_REQUIRED', f, 'a level-2 category needs its SLA target'));
      }
      if (!leaf) for (const f of ['sla_kind', 'sla_value'] as const) if (row.mapped[f]?.trim()) r.add(reason('STATUS_MISMATCH', f, 'a level-1 group has no SLA target'));
      const existing = code === null ? undefined : env.reference.categories.get(code);
      if (existing && (existing.parentId ?? null) !== (parent?.id ?? null)) r.add(reason('NOT_ALLOWED', 'parent_code', `category ${code} exists under another group; moving categories is not supported`));
      if (existing && leaf && slaKind !== null && slaValue !== null && (existing.slaKind !== slaKind || existing.slaValue !== slaValue)) {
        r.add(reason('NOT_ALLOWED', 'sla_value', `category ${code} has SLA ${existing.slaValue} ${existing.slaKind}; changing a target would leave loaded complaints' SLA figures wrong`));
      }
      if (r.reasons.length > 0) return { ok: false, reasons: r.reasons, orgUnitId: null };
      if (!leaf && !existing) pendingGroups.set(code!, utility!);
      if (leaf) pendingLeaves.add(code!);
      return { ok: true, orgUnitId: 0, record: { code: code!, parentCode, utility: utility!, nameZh: nameZh!, nameEn: nameEn!, slaKind, slaValue } };
    });
  },

  async load(client, records, env) {
    if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    await client.query('LOCK TABLE dim_category IN SHARE ROW EXCLUSIVE MODE');
    let nextId = (await client.query<{ n: number }>('SELECT coalesce(max(category_id), 0) + 1 AS n FROM dim_category')).rows[0]!.n;
    let inserted = 0;
    let updated = 0;
    for (const record of records) {
      const existing = env.reference.categories.get(record.code);
      if (existing) {
        const { rowCount } = await client.query(
          'UPDATE dim_category SET name_zh = $2, name_en = $3 WHERE category_id = $1 AND (name_zh, name_en) IS DISTINCT FROM ($2, $3)',
          [existing.id, record.nameZh, record.nameEn],
        );
        updated += rowCount ?? 0;
        continue;
      }
      const parent = record.parentCode ? env.reference.categories.get(record.parentCode)! : undefined;
      const id = nextId++;
      await client.query(
        'INSERT INTO dim_category (category_id, code, parent_id, level, utility, name_zh, name_en, sla_kind, sla_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [id, record.code, parent?.id ?? null, parent ? 2 : 1, record.utility, record.nameZh, record.nameEn, record.slaKind, record.slaValue],
      );
      env.reference.categories.set(record.code, {
        id, level: parent ? 2 : 1, slaKind: record.slaKind as 'BUSINESS_DAYS' | 'CALENDAR_HOURS' | null, slaValue: record.slaValue, parentId: parent?.id ?? null, utility: record.utility,
      });
      inserted++;
    }
    return { inserted, updated, unchanged: records.length - inserted - updated };
  },
};
