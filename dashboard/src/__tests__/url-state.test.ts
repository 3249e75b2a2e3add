import { describe, expect, it } from 'vitest';
import { presetRange, trailingTwelveMonths, utilityToday, withinOneMonth } from '../state/date-presets.ts';
import { EMPTY_FILTERS, filterRange, kpiFilter, parseFilters, writeFilters, type Filters } from '../state/url-state.ts';
import { DEFAULT_SPEC, explorerQuery, parseSpec, toCsv, toTable, writeSpec } from '../explorer/explorer-query.ts';

describe('filters in the URL', () => {
  it('reads an empty query string as the defaults, and writes the defaults as nothing', () => {
    expect(parseFilters(new URLSearchParams(''))).toEqual(EMPTY_FILTERS);
    expect(writeFilters(EMPTY_FILTERS).toString()).toBe('');
  });

  it('round-trips every filter, keeping the page\'s own parameters', () => {
    const filters: Filters = {
      preset: 'custom', custom: { from: '2026-01-01', to: '2026-03-31' }, orgUnitId: 'T3JnVW5pdDo1',
      categoryIds: ['Q2F0OjE=', 'Q2F0OjI='], channels: ['HOTLINE_95598', 'MOBILE_APP'], segments: ['RESIDENTIAL'], assessed: false,
    };
    const params = writeFilters(filters, new URLSearchParams('kpi=backlog&after=abc'));
    expect(params.get('kpi')).toBe('backlog');
    expect(params.toString()).toBe('kpi=backlog&after=abc&period=custom&from=2026-01-01&to=2026-03-31&org=T3JnVW5pdDo1&cat=Q2F0OjE%3D%2CQ2F0OjI%3D&ch=HOTLINE_95598%2CMOBILE_APP&seg=RESIDENTIAL&view=raw');
    expect(parseFilters(params)).toEqual(filters);
  });

  it('drops what it does not understand instead of failing', () => {
    const filters = parseFilters(new URLSearchParams('period=fortnight&ch=FAX,MOBILE_APP,MOBILE_APP&seg=ALIENS&view=maybe'));
    expect(filters).toEqual({ ...EMPTY_FILTERS, channels: ['MOBILE_APP'] });
    // A custom range needs two valid days in order; otherwise the default preset.
    expect(parseFilters(new URLSearchParams('period=custom&from=2026-02-30&to=2026-03-01')).preset).toBe('last12Months');
    expect(parseFilters(new URLSearchParams('period=custom&from=2026-03-02&to=2026-03-01')).preset).toBe('last12Months');
  });

  it('turns presets into inclusive day ranges on a given day', () => {
    expect(presetRange('thisMonth', '2026-03-15')).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    expect(presetRange('lastMonth', '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('last12Months', '2026-03-15')).toEqual({ from: '2025-04-01', to: '2026-03-15' });
    expect(presetRange('yearToDate', '2026-03-15')).toEqual({ from: '2026-01-01', to: '2026-03-15' });
    expect(trailingTwelveMonths({ from: '2026-02-01', to: '2026-02-28' })).toEqual({ from: '2025-03-01', to: '2026-02-28' });
    expect(withinOneMonth({ from: '2026-02-01', to: '2026-02-28' })).toBe(true);
    expect(withinOneMonth({ from: '2026-01-31', to: '2026-02-01' })).toBe(false);
  });

  it('builds the API filter, leaving out one dimension for that picker\'s own counts', () => {
    const filters = parseFilters(new URLSearchParams('period=lastMonth&org=U1&cat=C1&ch=SERVICE_HALL&seg=INDUSTRIAL'));
    const range = filterRange(filters, '2026-03-15');
    expect(kpiFilter(filters, range)).toEqual({ dateRange: { from: '2026-02-01', to: '2026-02-28' }, orgUnitIds: ['U1'], categoryIds: ['C1'], channels: ['SERVICE_HALL'], segments: ['INDUSTRIAL'] });
    expect(kpiFilter(filters, range, 'channel')).toEqual({ dateRange: range, orgUnitIds: ['U1'], categoryIds: ['C1'], segments: ['INDUSTRIAL'] });
    expect(kpiFilter(filters, range, 'org')).not.toHaveProperty('orgUnitIds');
  });
});

describe('the Explorer\'s query and CSV', () => {
  it('reads and writes its spec, at most three dimensions and one category level', () => {
    expect(parseSpec(new URLSearchParams(''))).toEqual(DEFAULT_SPEC);
    const spec = parseSpec(new URLSearchParams('kpis=complaints,nonsense,backlog&by=CATEGORY_GROUP,CATEGORY,CHANNEL,SEGMENT,ORG_UNIT&grain=MONTH&level=COUNTY'));
    expect(spec).toEqual({ kpis: ['complaints', 'backlog'], groupBy: ['CATEGORY_GROUP', 'CHANNEL'], grain: 'MONTH', orgUnitLevel: 'COUNTY' });
    expect(parseSpec(writeSpec(spec, new URLSearchParams()))).toEqual({ ...spec, orgUnitLevel: 'CITY' });
    expect(parseSpec(new URLSearchParams('grain=')).grain).toBeNull();
  });

  it('selects only the keys it groups by and the KPIs chosen', () => {
    const query = explorerQuery({ kpis: ['complaints', 'slaComplianceRate'], groupBy: ['CHANNEL'], grain: 'MONTH', orgUnitLevel: 'CITY' });
    expect(query).toContain('key { period { label start end } channel { code nameZh nameEn } }');
    expect(query).toContain('complaints slaComplianceRate');
    expect(query).not.toContain('orgUnit {');
  });

  it('writes RFC 4180 CSV with a BOM, quoting and defusing formula-like text', () => {
    const spec = { kpis: ['complaints', 'satisfactionRate'] as const, groupBy: ['CHANNEL'] as const, grain: null, orgUnitLevel: 'CITY' as const };
    const table = toTable(
      [
        { key: { channel: { code: 'HOTLINE_95598', nameZh: '95598热线', nameEn: '95598 hotline' } }, complaints: 12, satisfactionRate: 0.9 },
        { key: { channel: { code: 'SOCIAL_MEDIA', nameZh: '社交媒体', nameEn: '=cmd, "x"' } }, complaints: 0, satisfactionRate: null },
      ],
      { ...spec, kpis: [...spec.kpis], groupBy: [...spec.groupBy] },
      { period: 'Period', dimension: () => 'Channel', kpi: (k) => k, keyLabel: (_d, key) => key.channel?.nameEn ?? '' },
    );
    expect(toCsv(table)).toBe('\uFEFFChannel,complaints,satisfactionRate\r\n95598 hotline,12,0.9\r\n"\'=cmd, ""x""",0,\r\n');
  });
});

describe('today in the utility\'s time zone', () => {
  it('is the day Intl gives for Asia/Shanghai, across midnight there and in other zones', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (const instant of ['2026-11-26T15:59:59.999Z', '2026-11-26T16:00:00Z', '2026-12-31T16:00:00Z', '2024-02-28T17:00:00Z', '2026-06-30T23:30:00Z']) {
      const now = new Date(instant);
      expect(utilityToday(now)).toBe(intl.format(now));
    }
    expect(utilityToday(new Date('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
    expect(utilityToday(new Date('2026-11-26T16:00:00Z'), 'Europe/London')).toBe('2026-11-26');
  });
});
