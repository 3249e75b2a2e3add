import { useEffect, useMemo, useState } from 'react';
import { useForegroundIdle } from '../api/in-flight.ts';
import { useQuery } from '../api/useQuery.ts';
import { formatDay, formatNumber } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { FilterCountsQuery } from '../queries/filter-bar.query.ts';
import { useReference, type Reference } from '../reference/ReferenceProvider.tsx';
import { DATE_PRESETS, type DatePreset } from '../state/date-presets.ts';
import { useFilters } from '../state/useFilters.ts';
import { CHANNELS, kpiFilter, SEGMENTS, toggle, type ChannelCodeValue, type Filters, type SegmentCode } from '../state/url-state.ts';
import { categoryName, channelName, PRESET_LABELS, segmentName } from './filter-labels.ts';
import { OrgUnitPicker } from './OrgUnitPicker.tsx';
import { Picker, type PickerOption } from './Picker.tsx';

type Counts = { org: Map<string, number>; category: Map<string, number>; channel: Map<string, number>; segment: Map<string, number> };

function useCounts(filters: Filters, range: { from: string; to: string }): Counts | undefined {
  const variables = useMemo(() => ({
    assessed: filters.assessed,
    orgFilter: kpiFilter(filters, range, 'org'),
    categoryFilter: kpiFilter(filters, range, 'category'),
    channelFilter: kpiFilter(filters, range, 'channel'),
    segmentFilter: kpiFilter(filters, range, 'segment'),
  }), [filters, range]);
  // Counts come after the page's own figures: they wait until its queries are done.
  const idle = useForegroundIdle();
  const [started, setStarted] = useState(false);
  useEffect(() => {
    // Checked a moment later, once the page's own queries (started in later effects) are counted.
    if (!idle || started) return;
    const timer = setTimeout(() => setStarted(true), 50);
    return () => clearTimeout(timer);
  }, [idle, started]);
  const state = useQuery(FilterCountsQuery, started ? variables : null, { background: true });
  return useMemo(() => {
    if (state.status !== 'done') return undefined;
    const d = state.data;
    const org = new Map<string, number>();
    for (const row of [...d.orgCity, ...d.orgCounty, ...d.orgStation]) if (row.key.orgUnit) org.set(row.key.orgUnit.id, row.complaints);
    const total = d.orgTotal[0]?.complaints;
    if (total !== undefined) org.set('', total);
    const category = new Map<string, number>();
    for (const row of [...d.categoryGroupCounts, ...d.categoryCounts]) if (row.key.category) category.set(row.key.category.id, row.complaints);
    const channel = new Map<string, number>();
    for (const row of d.channelCounts) if (row.key.channel) channel.set(row.key.channel.code, row.complaints);
    const segment = new Map<string, number>();
    for (const row of d.segmentCounts) if (row.key.segment) segment.set(row.key.segment, row.complaints);
    return { org, category, channel, segment };
    // state.data identifies the result
  }, [state.status, state.data]);
}

function categoryOptions(reference: Reference | undefined, i18n: ReturnType<typeof useI18n>, counts: Map<string, number> | undefined): PickerOption[] {
  if (!reference) return [];
  const groups = reference.categories.filter((c) => c.level === 1);
  return groups.flatMap((group) => [
    { value: group.id, label: i18n.name(group), count: counts?.get(group.id) ?? (counts ? 0 : undefined), depth: 0 },
    ...reference.categories.filter((c) => c.parent?.id === group.id).map((c) => ({ value: c.id, label: i18n.name(c), count: counts?.get(c.id) ?? (counts ? 0 : undefined), depth: 1 })),
  ]);
}

/** The global filters, on every page: date range, org unit, category, channel, segment, assessed/raw, and pills. */
export function FilterBar() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { filters, range, setFilters } = useFilters();
  const referenceState = useReference();
  const reference = referenceState.data;
  const counts = useCounts(filters, range);
  // A click outside an open picker closes it, as a dropdown would.
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      for (const picker of document.querySelectorAll<HTMLDetailsElement>('details.picker[open]')) {
        if (!picker.contains(event.target as Node)) picker.open = false;
      }
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
  const [customFrom, setCustomFrom] = useState(range.from);
  const [customTo, setCustomTo] = useState(range.to);

  const setPreset = (preset: DatePreset) => {
    if (preset === 'custom') {
      setCustomFrom(range.from);
      setCustomTo(range.to);
      setFilters({ ...filters, preset, custom: range });
    } else setFilters({ ...filters, preset, custom: null });
  };

  const channelOptions: PickerOption[] = CHANNELS.map((code) => ({ value: code, label: channelName(i18n, reference, code), count: counts?.channel.get(code) ?? (counts ? 0 : undefined), depth: 0 }));
  const segmentOptions: PickerOption[] = SEGMENTS.map((code) => ({ value: code, label: segmentName(i18n, code), count: counts?.segment.get(code) ?? (counts ? 0 : undefined), depth: 0 }));

  type Pill = { key: string; label: string; remove(): void };
  const pills: Pill[] = [];
  if (filters.orgUnitId) {
    const unit = reference?.orgUnit(filters.orgUnitId);
    pills.push({ key: 'org', label: `${t('orgUnit')}: ${unit ? i18n.name(unit) : '…'}`, remove: () => setFilters({ ...filters, orgUnitId: null }) });
  }
  for (const id of filters.categoryIds) pills.push({ key: `cat-${id}`, label: `${t('category')}: ${categoryName(i18n, reference, id)}`, remove: () => setFilters({ ...filters, categoryIds: filters.categoryIds.filter((c) => c !== id) }) });
  for (const code of filters.channels) pills.push({ key: `ch-${code}`, label: `${t('channel')}: ${channelName(i18n, reference, code)}`, remove: () => setFilters({ ...filters, channels: filters.channels.filter((c) => c !== code) }) });
  for (const code of filters.segments) pills.push({ key: `seg-${code}`, label: `${t('segment')}: ${segmentName(i18n, code)}`, remove: () => setFilters({ ...filters, segments: filters.segments.filter((c) => c !== code) }) });
  if (!filters.assessed) pills.push({ key: 'raw', label: t('raw'), remove: () => setFilters({ ...filters, assessed: true }) });

  return (
    <section className="filter-bar" aria-label={t('filters')}>
      <div className="filter-controls">
        <label className="field">
          <span>{t('period')}</span>
          <select value={filters.preset} onChange={(e) => setPreset(e.target.value as DatePreset)} data-testid="period-preset">
            {DATE_PRESETS.map((p) => <option key={p} value={p}>{t(PRESET_LABELS[p])}</option>)}
          </select>
        </label>
        {filters.preset === 'custom' ? (
          <form className="custom-range" onSubmit={(e) => {
            e.preventDefault();
            if (customFrom && customTo && customFrom <= customTo) setFilters({ ...filters, preset: 'custom', custom: { from: customFrom, to: customTo } });
          }}>
            <label className="field"><span>{t('from')}</span><input type="date" value={customFrom} max={customTo} onChange={(e) => setCustomFrom(e.target.value)} /></label>
            <label className="field"><span>{t('to')}</span><input type="date" value={customTo} min={customFrom} onChange={(e) => setCustomTo(e.target.value)} /></label>
            <button type="submit">{t('apply')}</button>
          </form>
        ) : (
          <span className="range-text" data-testid="range-text">{formatDay(range.from, locale)} – {formatDay(range.to, locale)}</span>
        )}
        <OrgUnitPicker reference={reference} counts={counts?.org} value={filters.orgUnitId} onChange={(orgUnitId) => setFilters({ ...filters, orgUnitId })} />
        <Picker id="category" label={t('category')} options={categoryOptions(reference, i18n, counts?.category)} selected={filters.categoryIds}
          onToggle={(value) => setFilters({ ...filters, categoryIds: toggle(filters.categoryIds, value) })} />
        <Picker id="channel" label={t('channel')} options={channelOptions} selected={filters.channels}
          onToggle={(value) => setFilters({ ...filters, channels: toggle(filters.channels, value as ChannelCodeValue) })} />
        <Picker id="segment" label={t('segment')} options={segmentOptions} selected={filters.segments}
          onToggle={(value) => setFilters({ ...filters, segments: toggle(filters.segments, value as SegmentCode) })} />
        <fieldset className="segmented" title={t('assessedHelp')}>
          <legend className="visually-hidden">{t('assessedHelp')}</legend>
          <label className={filters.assessed ? 'on' : ''}><input type="radio" name="assessed" checked={filters.assessed} onChange={() => setFilters({ ...filters, assessed: true })} />{t('assessed')}</label>
          <label className={!filters.assessed ? 'on' : ''}><input type="radio" name="assessed" checked={!filters.assessed} onChange={() => setFilters({ ...filters, assessed: false })} />{t('raw')}</label>
        </fieldset>
        {counts?.org.get('') !== undefined && (
          <span className="total-count" data-testid="filter-total">{t('complaintsCount', { count: formatNumber(counts.org.get(''), locale) })}</span>
        )}
      </div>
      {pills.length > 0 && (
        <ul className="pills" aria-label={t('activeFilters')}>
          {pills.map((pill) => (
            <li key={pill.key} className="pill">
              <span>{pill.label}</span>
              <button type="button" aria-label={t('removeFilter', { name: pill.label })} onClick={pill.remove}>×</button>
            </li>
          ))}
          <li><button type="button" className="link-button" onClick={() => setFilters({ ...filters, orgUnitId: null, categoryIds: [], channels: [], segments: [], assessed: true })}>{t('clearAll')}</button></li>
        </ul>
      )}
    </section>
  );
}
