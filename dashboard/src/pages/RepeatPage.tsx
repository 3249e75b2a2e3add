import { useEffect, useMemo, useRef } from 'react';
import { useQuery } from '../api/useQuery.ts';
import { ComplaintTimeline } from '../components/ComplaintTimeline.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/States.tsx';
import { TrendChart } from '../components/TrendChart.tsx';
import { segmentName } from '../filters/filter-labels.ts';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { CustomerComplaintsQuery, RepeatQuery } from '../queries/pages.query.ts';
import { complaintFilter } from '../state/complaint-filter.ts';
import { trailingTwelveMonths } from '../state/date-presets.ts';
import { useSearchParam } from '../state/router.ts';
import { useFilters } from '../state/useFilters.ts';
import { kpiFilter } from '../state/url-state.ts';

const TOP = 15;

type Repeater = { id: string; name: string; accountNo: string; segment: string; count: number; last: string };

/** Repeat complaints: the rate by month and the customers who repeat most, each opening their timeline. */
export function RepeatPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { filters, range } = useFilters();
  const [customerId, openCustomer] = useSearchParam('customer');
  const [complaintId, openComplaint] = useSearchParam('complaint');
  const variables = useMemo(() => ({
    trendFilter: kpiFilter(filters, trailingTwelveMonths(range)),
    assessed: filters.assessed,
    complaints: complaintFilter(filters, range),
    first: TOP,
  }), [filters, range]);
  const state = useQuery(RepeatQuery, variables);

  // Ranked by the API over every complaint in the filters (topRepeatCustomers).
  const repeaters = useMemo<Repeater[]>(() => {
    if (state.status !== 'done') return [];
    return state.data.repeaters.flatMap((r) => (r.customer
      ? [{ id: r.customer.id, name: r.customer.name, accountNo: r.customer.accountNo, segment: r.customer.segment, count: r.repeatComplaints, last: r.lastComplaintAt }]
      : []));
  }, [state.status, state.data]);

  return (
    <div data-testid="page-repeat">
      <h1 className="page-title">{t('pageRepeat')}</h1>
      {state.status === 'loading' && <Skeleton height={500} />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.retry} />}
      {state.status === 'done' && (
        <div className="stack">
          <TrendChart title={t('repeatTrend')} format="percent"
            periods={state.data.trend.map((row) => ({ label: row.key.period?.label ?? '', values: { rate: row.repeatComplaintRate } }))}
            series={[{ key: 'rate', label: t('repeatTrend'), colour: '#e37400' }]}
            target={state.data.trend.flatMap((r) => r.targets).find((x) => x.kpi === 'repeatComplaintRate')?.target} />
          <section className="card">
            <header className="card-header">
              <h2>{t('topRepeaters')}</h2>
              <span className="hint">{t('repeatersNote')}</span>
            </header>
            {repeaters.length === 0 ? <EmptyState /> : (
              <table className="data-table" data-testid="repeaters">
                <thead><tr><th scope="col">{t('customer')}</th><th scope="col">{t('segment')}</th><th scope="col" className="num">{t('repeatCount')}</th><th scope="col">{t('lastComplaint')}</th></tr></thead>
                <tbody>
                  {repeaters.map((r) => (
                    <tr key={r.id}>
                      <td><button type="button" className="link-button" onClick={() => openCustomer(r.id)}>{r.name}</button> <span className="count">{r.accountNo}</span></td>
                      <td>{segmentName(i18n, r.segment)}</td>
                      <td className="num">{formatNumber(r.count, locale)}</td>
                      <td>{formatDateTime(r.last, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
      {customerId && !complaintId && <CustomerPanel id={customerId} onClose={() => openCustomer(null)} onOpen={(id) => openComplaint(id)} />}
      {complaintId && <ComplaintTimeline id={complaintId} onClose={() => openComplaint(null)} onOpen={(id) => openComplaint(id)} />}
    </div>
  );
}

function CustomerPanel({ id, onClose, onOpen }: { id: string; onClose(): void; onOpen(id: string): void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const state = useQuery(CustomerComplaintsQuery, { id });
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  const customer = state.data?.customer;
  return (
    <aside className="drawer" role="dialog" aria-labelledby="customer-title" data-testid="customer-timeline">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="customer-title">{t('customerTimeline', { name: customer?.name ?? '…' })}</h2>
        <button ref={closeRef} type="button" onClick={onClose}>{t('close')}</button>
      </div>
      {state.status === 'loading' && <Skeleton height={300} />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.retry} />}
      {customer && (
        <ol className="timeline">
          {customer.complaints.nodes.map((c) => (
            <li key={c.id}>
              <div><button type="button" className="link-button" onClick={() => onOpen(c.id)}>{c.sourceId}</button> · {i18n.name(c.category)} · {t(`status${c.status}` as MessageKey)}
                {c.isRepeat && <span className="badge amber">{t('repeat')}</span>}</div>
              <div className="when">{formatDateTime(c.receivedAt, locale)}</div>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
