import { seesEverything } from '../../auth/viewer.ts';
import { reason } from './import-reasons.ts';
import type { Checked, ColumnSpec, KindHandler } from './import.types.ts';
import { RowReader } from './row-reader.ts';
import { CHANNEL_CODES } from '../../entities/channel.entity.ts';


export const CHANNEL_COLUMNS: readonly ColumnSpec[] = [
  { name: 'code', type: 'code', required: true, allowed: CHANNEL_CODES, description: 'One of the seven channels (fixed: KPIs single out 12398 and letters and visits)' },
  { name: 'name_zh', type: 'text', required: true, description: 'Chinese name' },
  { name: 'name_en', type: 'text', required: true, description: 'English name' },
];

export type ChannelRecord = { code: string; nameZh: string; nameEn: string };

/** The channels are a fixed list; an import names them (and adds any missing). */
export const channelImport: KindHandler<ChannelRecord> = {
  kind: 'channels',
  columns: CHANNEL_COLUMNS,
  key: (r) => r.code,

  async check(_client, rows, env) {
    return rows.map((row): Checked<ChannelRecord> => {
      const r = new RowReader(row.mapped, env);
      const code = r.oneOf('code', CHANNEL_CODES, true);
      const nameZh = r.text('name_zh', true);
      const nameEn = r.text('name_en', true);
      if (!seesEverything(env.viewer)) r.add(reason('OUT_OF_SCOPE', 'code', 'channels apply to the whole utility: only viewers who see every org unit can change them'));
      if (r.reasons.length > 0) return { ok: false, reasons: r.reasons, orgUnitId: null };
      return { ok: true, orgUnitId: 0, record: { code: code!, nameZh: nameZh!, nameEn: nameEn! } };
    });
  },

  async load(client, records, env) {
    if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    await client.query('LOCK TABLE dim_channel IN SHARE ROW EXCLUSIVE MODE');
    const { rows } = await client.query<{ channel_id: number; code: string; inserted: boolean }>(
      `INSERT INTO dim_channel AS t (channel_id, code, name_zh, name_en)
       SELECT (SELECT coalesce(max(channel_id), 0) FROM dim_channel) + row_number() OVER (), r.code, r.name_zh, r.name_en
         FROM jsonb_to_recordset($1::jsonb) AS r(code text, name_zh text, name_en text)
       ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en
        WHERE (t.name_zh, t.name_en) IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.name_en)
       RETURNING t.channel_id, t.code, (t.xmax = 0) AS inserted`,
      [JSON.stringify(records.map((r) => ({ code: r.code, name_zh: r.nameZh, name_en: r.nameEn })))],
    );
    for (const row of rows) env.reference.channels.set(row.code, row.channel_id);
    const inserted = rows.filter((r) => r.inserted).length;
    return { inserted, updated: rows.length - inserted, unchanged: records.length - rows.length };
  },
};
