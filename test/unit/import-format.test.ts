import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../server/calendar/business-calendar.ts';
import { calendarDays } from '../../server/calendar/calendar-days.ts';
import { detectEncoding, readCsvRows } from '../../server/ingest/import/csv-rows.ts';
import { EMPTY_MAPPING, MappingError, parseMapping } from '../../server/ingest/import/import-mapping.ts';
import { handlerFor } from '../../server/ingest/import/import-kinds.ts';
import { IMPORT_KINDS } from '../../server/ingest/import/import.types.ts';
import { RowReader } from '../../server/ingest/import/row-reader.ts';

const calendar = new BusinessCalendar(calendarDays('2025-01-01', '2027-12-31').map((d) => ({ dateKey: d.dateKey, isBusinessDay: d.isBusinessDay })), 'Asia/Shanghai');
const env = { timeZone: 'Asia/Shanghai', now: Date.parse('2026-06-01T00:00:00Z'), calendar };

describe('import value formats', () => {
  it('reads local date-times in the utility\'s zone and offsets as written', () => {
    const r = new RowReader({ a: '2026-03-01 08:30:00', b: '2026/3/1 8:30', c: '2026-03-01T08:30:00+08:00', d: '2026-03-01T00:30:00Z', e: '2026-03-01 08:30:15.250', f: '2026-03-01T08:30+0800' }, env);
    const expected = Date.parse('2026-03-01T00:30:00Z');
    expect(['a', 'b', 'c', 'd', 'f'].map((f) => r.instant(f))).toEqual([expected, expected, expected, expected, expected]);
    expect(r.instant('e')).toBe(expected + 15_250);
    expect(r.reasons).toEqual([]);
  });

  it('names every bad value: impossible dates, future, outside the calendar, booleans, scores', () => {
    const r = new RowReader({ a: '2026-02-29 10:00', b: '2026-06-02 00:00', c: '2024-12-31 23:00', d: 'maybe', e: '6', f: '3.5', g: '' }, env);
    expect([r.instant('a'), r.instant('b'), r.instant('c'), r.boolean('d'), r.integer('e', { min: 1, max: 5 }), r.integer('f'), r.text('g', true)]).toEqual([null, null, null, null, null, null, null]);
    expect(r.reasons.map((x) => `${x.field}:${x.code}`)).toEqual([
      'a:INVALID_FORMAT', 'b:FUTURE_DATE', 'c:OUTSIDE_CALENDAR', 'd:INVALID_FORMAT', 'e:OUT_OF_RANGE', 'f:INVALID_FORMAT', 'g:MISSING_REQUIRED',
    ]);
  });

  it('accepts Chinese and English booleans', () => {
    const r = new RowReader({ a: '是', b: '否', c: 'Y', d: '0' }, env);
    expect(['a', 'b', 'c', 'd'].map((f) => r.boolean(f))).toEqual([true, false, true, false]);
  });
});

describe('CSV decoding', () => {
  it('tells GBK from UTF-8', () => {
    expect(detectEncoding(Buffer.from('户号,姓名\n', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('户号,姓名\n', 'gbk'))).toBe('gb18030');
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8');
  });

  it('streams BOM + CRLF files with quoted line breaks, giving each row its line', async () => {
    const text = '\uFEFFaccount_no,name\r\nA1,"张三\r\n（旧户）"\r\n\r\nA2,李四\r\n';
    const csv = await readCsvRows(Readable.from([Buffer.from(text)]), [{ name: 'account_no', type: 'text', required: true, description: '' }, { name: 'name', type: 'text', required: true, description: '' }], EMPTY_MAPPING);
    const rows = [];
    for await (const row of csv.rows) rows.push(row);
    expect(rows.map((r) => [r.line, r.mapped])).toEqual([[3, { account_no: 'A1', name: '张三\r\n（旧户）' }], [5, { account_no: 'A2', name: '李四' }]]);
  });
});

describe('mapping files', () => {
  it('refuses unknown keys and wrong shapes, naming them', () => {
    expect(() => parseMapping({ colums: {} })).toThrow(new MappingError('mapping: unknown key(s) colums (allowed: columns, values, defaults, encoding)'));
    expect(() => parseMapping({ values: { status: 'CLOSED' } })).toThrow('mapping: values.status must be an object of strings');
    expect(() => parseMapping({ encoding: 'big5' })).toThrow('unknown encoding "big5": use utf-8, gbk or gb18030');
    expect(parseMapping({ encoding: 'GBK', defaults: { source_system: 'CRM' } })).toEqual({ columns: {}, values: {}, defaults: { source_system: 'CRM' }, encoding: 'gb18030' });
  });
});

describe('docs/IMPORT.md', () => {
  it('documents every column of every kind', () => {
    const docs = readFileSync(new URL('../../docs/IMPORT.md', import.meta.url), 'utf8');
    for (const kind of IMPORT_KINDS) {
      const section = docs.split(`### ${kind}\n`)[1]?.split('\n### ')[0]?.split('\n## ')[0];
      expect(section, kind).toBeDefined();
      for (const column of handlerFor(kind).columns) expect(section, `${kind}.${column.name}`).toContain(`| \`${column.name}\` |`);
    }
  });
});
