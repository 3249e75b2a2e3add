import { useMemo } from 'react';
import { useQuery } from '../api/useQuery.ts';
import { ComplaintTimeline } from '../components/ComplaintTimeline.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/States.tsx';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { ComplaintListQuery } from '../queries/complaints.query.ts';
import { useSearchParam, useSearchParams } from '../state/router.ts';
import { useFilters } from '../state/useFilters.ts';
import { complaintFilter } from '../state/complaint-filter.ts';

const PAGE_SIZE = 25;

/** The filterable, paginated complaint list; a row opens the complaint's timeline. */
export function ComplaintsPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { filters, range } = useFilters();
  const [params, setParams] = useSearchParams();
  const after = params.get('after');
  const before = params.get('before');
  const [openId, open] = useSearchParam('complaint');
  const variables = useMemo(() => ({
    filter: complaintFilter(filters, range),
    ...(before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after }),
  }), [filters, range, after, before]);
  const state = useQuery(ComplaintListQuery, variables);

  return (
    <div data-testid="page-complaints">
      <h1 className="page-title">{t('pageComplaints')}</h1>
      {state.status === 'loading' && <Skeleton height={500} />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.retry} />}
      {state.status === 'done' && (state.data.complaints.nodes.length === 0 ? <EmptyState /> : (
        <section className="card">
          <header className="card-header">
            <h2>{t('rowsOf', { count: formatNumber(state.data.complaints.totalCount, locale) })}</h2>
            <div className="row">
              <button type="button" disabled={!state.data.complaints.pageInfo.hasPreviousPage && !after}
                onClick={() => setParams((p) => { p.delete('after'); p.set('before', state.data.complaints.pageInfo.startCursor ?? ''); return p; })}>{t('previousPage')}</button>
              <button type="button" disabled={!state.data.complaints.pageInfo.hasNextPage && !before}
                onClick={() => setParams((p) => { p.delete('before'); p.set('after', state.data.complaints.pageInfo.endCursor ?? ''); return p; })}>{t('nextPage')}</button>
            </div>
          </header>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('workOrder')}</th><th scope="col">{t('received')}</th><th scope="col">{t('status')}</th>
                  <th scope="col">{t('category')}</th><th scope="col">{t('channel')}</th><th scope="col">{t('orgUnit')}</th>
                  <th scope="col">{t('customer')}</th><th scope="col">{t('slaDue')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.complaints.nodes.map((c) => (
                  <tr key={c.id} data-testid="complaint-row">
                    <td><button type="button" className="link-button" aria-label={t('openComplaint', { id: c.sourceId })} onClick={() => open(c.id)}>{c.sourceId}</button></td>
                    <td>{formatDateTime(c.receivedAt, locale)}</td>
                    <td>
                      {t(`status${c.status}` as MessageKey)}
                      {c.isRepeat && <span className="badge amber">{t('repeat')}</span>}
                      {c.overdue && <span className="badge red">{t('overdue')}</span>}
                      {c.exempt && <span className="badge">{t('exempt')}</span>}
                    </td>
                    <td>{i18n.name(c.category)}</td>
                    <td>{i18n.name(c.channel)}</td>
                    <td>{i18n.name(c.orgUnit)}</td>
                    <td>{c.customer?.name ?? '—'}</td>
                    <td>{formatDateTime(c.slaDueAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      {openId && <ComplaintTimeline id={openId} onClose={() => open(null)} onOpen={open} />}
    </div>
  );
}
