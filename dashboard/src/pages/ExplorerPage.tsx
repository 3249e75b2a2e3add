import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from '../api/useQuery.ts';
import { useCan } from '../auth/ViewerProvider.tsx';
import { axisTick } from '../charts/axis.ts';
import { ChartCard } from '../components/ChartCard.tsx';
import { ComplaintTimeline } from '../components/ComplaintTimeline.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/States.tsx';
import { downloadCsv, downloadXlsx } from '../explorer/download.ts';
import { cellOf, DIMENSIONS, explorerQuery, explorerVariables, GRAINS, MAX_DIMENSIONS, ORG_LEVELS, parseSpec, toTable, writeSpec, type Dimension, type ExplorerKey, type ExplorerRow, type ExplorerSpec } from '../explorer/explorer-query.ts';
import { segmentName } from '../filters/filter-labels.ts';
import { formatDateTime, formatKpi, formatNumber, formatPeriodLabel } from '../i18n/format.ts';
import { useI18n, type I18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { KPI_CATALOGUE, kpiInfo, type KpiCode } from '../kpi/kpi-catalogue.ts';
import { ContributorsQuery } from '../queries/contributors.query.ts';
import type { KpiCellInput } from '../gql/graphql.ts';
import { useSearchParam, useSearchParams } from '../state/router.ts';
import { useFilters } from '../state/useFilters.ts';
import { kpiFilter, toggle } from '../state/url-state.ts';

const SERIES_COLOURS = ['#1a73e8', '#d93025', '#188038', '#e37400', '#9334e6', '#12b5cb', '#5f6368', '#b80672'];
const MAX_SERIES = 8;

function keyLabel(i18n: I18n, d: Dimension, key: ExplorerKey): string {
  switch (d) {
    case 'CATEGORY':
    case 'CATEGORY_GROUP': return key.category ? i18n.name(key.category) : i18n.t('noCategory');
    case 'CHANNEL': return key.channel ? i18n.name(key.channel) : '—';
    case 'SEGMENT': return segmentName(i18n, key.segment);
    case 'ORG_UNIT': return key.orgUnit ? i18n.name(key.orgUnit) : '—';
    case 'SPECIAL_FLAG': return key.flag ? i18n.t(`flag${key.flag}` as MessageKey) : '—';
  }
}

type Drill = { row: ExplorerRow; kpi: KpiCode; label: string };

/** The analysts' page: any KPIs by up to three dimensions and a grain; table, automatic chart, Copy GraphQL, CSV/XLSX, drill-through. */
export function ExplorerPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { filters, range } = useFilters();
  const [params, setParams] = useSearchParams();
  const spec = useMemo(() => parseSpec(params), [params]);
  const query = useMemo(() => explorerQuery(spec), [spec]);
  const variables = useMemo(() => explorerVariables(spec, kpiFilter(filters, range), filters.assessed), [spec, filters, range]);
  const state = useQuery<{ kpis: ExplorerRow[] }, typeof variables>(query, spec.kpis.length ? variables : null);
  const [showQuery, setShowQuery] = useState(false);
  const [copied, setCopied] = useState(false);
  const [drill, setDrill] = useState<Drill | null>(null);
  // Drill-through needs drillthrough.read (a regulator sees the figures only).
  const mayDrill = useCan('drillthrough.read');
  const [openComplaint, setOpenComplaint] = useSearchParam('complaint');
  const update = (next: ExplorerSpec) => setParams((p) => writeSpec(next, p));
  const kpiName = (code: KpiCode) => (locale === 'zh-CN' ? kpiInfo(code)!.zh : kpiInfo(code)!.en);

  const labels = {
    period: t('period_'),
    dimension: (d: Dimension) => t(`dim${d}` as MessageKey),
    kpi: kpiName,
    keyLabel: (d: Dimension, key: ExplorerKey) => keyLabel(i18n, d, key),
  };
  const rows = state.status === 'done' ? state.data.kpis : [];
  const table = toTable(rows, spec, labels);
  const fullText = `${query}\n\n# variables\n${JSON.stringify(variables, null, 2)}`;

  const rowLabel = (row: ExplorerRow) => [
    ...(spec.grain && row.key?.period ? [formatPeriodLabel(row.key.period.label, locale)] : []),
    ...spec.groupBy.map((d) => keyLabel(i18n, d, row.key ?? {})),
  ].join(' · ') || t('total');

  return (
    <div data-testid="page-explorer">
      <h1 className="page-title">{t('pageExplorer')}</h1>
      <p className="hint">{t(mayDrill ? 'explorerIntro' : 'explorerIntroNoDrill')}</p>
      <form className="card explorer-form" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('kpisLabel')}</legend>
          <div className="check-grid">
            {KPI_CATALOGUE.map((info) => (
              <label key={info.code}>
                <input type="checkbox" name="kpi" value={info.code} checked={spec.kpis.includes(info.code)} onChange={() => update({ ...spec, kpis: toggle(spec.kpis, info.code) })} />
                {locale === 'zh-CN' ? info.zh : info.en}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('groupBy')}</legend>
          {DIMENSIONS.map((d) => {
            const checked = spec.groupBy.includes(d);
            return (
              <label key={d} style={{ display: 'block' }}>
                <input type="checkbox" name="dimension" value={d} checked={checked} disabled={!checked && spec.groupBy.length >= MAX_DIMENSIONS}
                  onChange={() => update({ ...spec, groupBy: toggle(spec.groupBy, d) })} /> {t(`dim${d}` as MessageKey)}
              </label>
            );
          })}
          <small className="hint">{t('atMostThree')}</small>
        </fieldset>
        <fieldset>
          <legend>{t('grain')}</legend>
          <select aria-label={t('grain')} name="grain" value={spec.grain ?? ''} onChange={(e) => update({ ...spec, grain: (e.target.value || null) as ExplorerSpec['grain'] })}>
            <option value="">{t('grainNONE')}</option>
            {GRAINS.map((g) => <option key={g} value={g}>{t(`grain${g}` as MessageKey)}</option>)}
          </select>
          {spec.groupBy.includes('ORG_UNIT') && (
            <label className="field" style={{ marginTop: 8 }}><span>{t('orgUnitLevel')}</span>
              <select name="level" value={spec.orgUnitLevel} onChange={(e) => update({ ...spec, orgUnitLevel: e.target.value as ExplorerSpec['orgUnitLevel'] })}>
                {ORG_LEVELS.map((l) => <option key={l} value={l}>{t(`unitLevel${l}` as MessageKey)}</option>)}
              </select>
            </label>
          )}
        </fieldset>
        <div className="row" style={{ alignSelf: 'flex-end' }}>
          <button type="button" onClick={() => setShowQuery((v) => !v)} aria-expanded={showQuery}>{t('copyGraphql')}</button>
          <button type="button" data-testid="download-csv" disabled={state.status !== 'done'} onClick={() => downloadCsv(table, 'clearline-explorer.csv')}>{t('downloadCsv')}</button>
          <button type="button" data-testid="download-xlsx" disabled={state.status !== 'done'} onClick={() => void downloadXlsx(table, 'clearline-explorer.xlsx')}>{t('downloadXlsx')}</button>
        </div>
      </form>
      {showQuery && (
        <section className="card" aria-label={t('graphqlQuery')}>
          <header className="card-header">
            <h2>{t('graphqlQuery')}</h2>
            <button type="button" onClick={async () => {
              try { await navigator.clipboard.writeText(fullText); setCopied(true); setTimeout(() => setCopied(false), 2000); } catch { setCopied(false); }
            }}>{copied ? t('copied') : t('copyGraphql')}</button>
          </header>
          <pre className="graphql" data-testid="explorer-graphql">{fullText}</pre>
        </section>
      )}
      {spec.kpis.length === 0 && <EmptyState>{t('chooseKpi')}</EmptyState>}
      {state.status === 'loading' && spec.kpis.length > 0 && <Skeleton height={400} />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.retry} />}
      {state.status === 'done' && (rows.length === 0 ? <EmptyState /> : (
        <>
          <ExplorerChart rows={rows} spec={spec} rowLabel={rowLabel} kpiName={kpiName} />
          <section className="card">
            <header className="card-header"><h2>{t('rows', { count: formatNumber(rows.length, locale) })}</h2></header>
            <div className="table-scroll">
              <table className="data-table" data-testid="explorer-table">
                <thead><tr>{table.header.map((h, i) => <th key={i} scope="col" className={i >= table.header.length - spec.kpis.length ? 'num' : undefined}>{h}</th>)}</tr></thead>
                <tbody>
                  {rows.map((row, r) => (
                    <tr key={r}>
                      {spec.grain && <td>{formatPeriodLabel(row.key?.period?.label ?? '', locale)}</td>}
                      {spec.groupBy.map((d) => <td key={d}>{keyLabel(i18n, d, row.key ?? {})}</td>)}
                      {spec.kpis.map((k) => (
                        <td key={k} className="num">
                          {mayDrill ? (
                            <button type="button" className="cell-button" onClick={() => setDrill({ row, kpi: k, label: `${rowLabel(row)} · ${kpiName(k)}` })}>
                              {formatKpi(row[k] ?? null, kpiInfo(k)!.format, locale)}
                            </button>
                          ) : formatKpi(row[k] ?? null, kpiInfo(k)!.format, locale)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ))}
      {drill && <DrillThrough drill={drill} spec={spec} variables={variables} onClose={() => setDrill(null)} onOpen={setOpenComplaint} />}
      {openComplaint && <ComplaintTimeline id={openComplaint} onClose={() => setOpenComplaint(null)} onOpen={setOpenComplaint} />}
    </div>
  );
}

function ExplorerChart({ rows, spec, rowLabel, kpiName }: { rows: ExplorerRow[]; spec: ExplorerSpec; rowLabel(row: ExplorerRow): string; kpiName(code: KpiCode): string }) {
  const i18n = useI18n();
  const { locale } = i18n;
  const kpi = spec.kpis[0]!;
  const format = kpiInfo(kpi)!.format;
  const tick = axisTick(format, locale);
  if (spec.grain) {
    // A line over time per group of the first dimension (the largest few).
    const dim = spec.groupBy[0];
    const seriesKey = (row: ExplorerRow) => (dim ? keyLabel(i18n, dim, row.key ?? {}) : kpiName(kpi));
    const totals = new Map<string, number>();
    for (const row of rows) totals.set(seriesKey(row), (totals.get(seriesKey(row)) ?? 0) + Math.abs(row[kpi] ?? 0));
    const series = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_SERIES).map(([name]) => name);
    const byPeriod = new Map<string, Record<string, string | number | null>>();
    for (const row of rows) {
      const label = formatPeriodLabel(row.key?.period?.label ?? '', locale);
      const point = byPeriod.get(label) ?? { period: label };
      point[seriesKey(row)] = row[kpi] ?? null;
      byPeriod.set(label, point);
    }
    const data = [...byPeriod.values()];
    return (
      <ChartCard title={kpiName(kpi)} columns={[{ label: i18n.t('period_') }, ...series.map((s) => ({ label: s, align: 'right' as const }))]}
        rows={data.map((p) => [String(p.period), ...series.map((s) => formatKpi(typeof p[s] === 'number' ? (p[s] as number) : null, format, locale))])}>
        <ResponsiveContainer width="100%" height={300}>
          <LineChart data={data} margin={{ top: 8, right: 24, left: 8, bottom: 4 }}>
            <CartesianGrid stroke="#e8eaed" />
            <XAxis dataKey="period" fontSize={11} />
            <YAxis fontSize={11} width={70} tickFormatter={tick} />
            <Tooltip formatter={(v) => formatKpi(typeof v === 'number' ? v : null, format, locale)} />
            <Legend />
            {series.map((s, i) => <Line key={s} dataKey={s} stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} dot={false} isAnimationActive={false} connectNulls />)}
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
    );
  }
  const data = rows.slice(0, 40).map((row) => ({ label: rowLabel(row), value: row[kpi] ?? null }));
  return (
    <ChartCard title={kpiName(kpi)} columns={[{ label: i18n.t('name') }, { label: kpiName(kpi), align: 'right' }]} rows={data.map((d) => [d.label, formatKpi(d.value, format, locale)])}>
      <ResponsiveContainer width="100%" height={Math.max(160, data.length * 24 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, left: 8, bottom: 4 }}>
          <CartesianGrid horizontal={false} stroke="#e8eaed" />
          <XAxis type="number" fontSize={11} tickFormatter={tick} />
          <YAxis type="category" dataKey="label" width={220} fontSize={12} interval={0} />
          <Tooltip formatter={(v) => formatKpi(typeof v === 'number' ? v : null, format, locale)} />
          <Bar dataKey="value" fill="#1a73e8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

function DrillThrough({ drill, spec, variables, onClose, onOpen }: { drill: Drill; spec: ExplorerSpec; variables: ReturnType<typeof explorerVariables>; onClose(): void; onOpen(id: string): void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const state = useQuery(ContributorsQuery, {
    filter: variables.filter, assessed: variables.assessed, groupBy: variables.groupBy, grain: variables.grain, orgUnitLevel: variables.orgUnitLevel,
    kpi: drill.kpi, cell: cellOf(drill.row, spec) as KpiCellInput, first: 50,
  });
  const page = state.data?.kpiContributors;
  return (
    <aside className="drawer" role="dialog" aria-labelledby="drill-title" data-testid="drill-through">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="drill-title">{page?.fact === 'SURVEY' ? t('drillThroughSurveys', { cell: drill.label }) : t('drillThrough', { cell: drill.label })}</h2>
        <button type="button" onClick={onClose}>{t('close')}</button>
      </div>
      {state.status === 'loading' && <Skeleton height={300} />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.retry} />}
      {page && (
        <>
          <p>{t('rows', { count: formatNumber(page.totalCount, locale) })}</p>
          {page.totalCount === 0 && <EmptyState>{t('emptyGeneric')}</EmptyState>}
          <ul className="plain-list">
            {page.complaints.map((c) => (
              <li key={c.id}>
                <button type="button" className="link-button" onClick={() => onOpen(c.id)}>{formatDateTime(c.receivedAt, locale)}</button>
                {' '}{i18n.name(c.category)} · {i18n.name(c.orgUnit)} · {t(`status${c.status}` as MessageKey)}
              </li>
            ))}
            {page.surveys.map((s) => (
              <li key={s.id}>{formatDateTime(s.surveyedAt, locale)} · {i18n.name(s.channel)} · {i18n.name(s.orgUnit)} · {s.responded ? t('surveyScore', { score: s.score ?? '—' }) : t('surveyNoAnswer')}</li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
