import { useMemo, useState } from 'react';
import { request } from '../api/graphql-client.ts';
import { clearQueryCache, useQuery } from '../api/useQuery.ts';
import { can } from '../auth/capabilities.ts';
import { useViewer } from '../auth/ViewerProvider.tsx';
import { ComplaintTimeline } from '../components/ComplaintTimeline.tsx';
import { GroupedBars } from '../components/GroupedBars.tsx';
import { EmptyState, ErrorState, Skeleton } from '../components/States.tsx';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { kpiInfo } from '../kpi/kpi-catalogue.ts';
import type { FollowUpOutcome } from '../gql/graphql.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { RecordSurveyFollowUpMutation, SatisfactionQuery } from '../queries/pages.query.ts';
import { useSearchParam } from '../state/router.ts';
import { useFilters } from '../state/useFilters.ts';
import { kpiFilter } from '../state/url-state.ts';

/** Satisfaction and response rates by channel and category, and the dissatisfied answers awaiting follow-up. */
export function SatisfactionPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { filters, range } = useFilters();
  const [complaintId, open] = useSearchParam('complaint');
  const variables = useMemo(() => {
    const filter = kpiFilter(filters, range);
    return {
      filter,
      assessed: filters.assessed,
      dissatisfied: { surveyDate: range, awaitingFollowUp: true, orgUnitIds: filter.orgUnitIds, categoryIds: filter.categoryIds, channels: filter.channels },
    };
  }, [filters, range]);
  const state = useQuery(SatisfactionQuery, variables);
  const mayFollowUp = can(useViewer().roles, 'survey.followUp');
  const name = (code: 'satisfactionRate' | 'surveyResponseRate') => (locale === 'zh-CN' ? kpiInfo(code)!.zh : kpiInfo(code)!.en);
  const series = [
    { key: 'satisfaction', label: name('satisfactionRate'), colour: '#1a73e8' },
    { key: 'response', label: name('surveyResponseRate'), colour: '#12b5cb' },
  ];
  return (
    <div data-testid="page-satisfaction">
      <h1 className="page-title">{t('pageSatisfaction')}</h1>
      {state.status === 'loading' && <Skeleton height={500} />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.retry} />}
      {state.status === 'done' && (
        <div className="stack">
          <div className="grid-2">
            <GroupedBars title={t('satisfactionByChannel')} format="percent" series={series}
              items={state.data.byChannel.filter((r) => r.key.channel && r.surveys > 0).map((r) => ({ label: i18n.name(r.key.channel), values: { satisfaction: r.satisfactionRate, response: r.surveyResponseRate } }))} />
            <GroupedBars title={t('satisfactionByCategory')} format="percent" series={series}
              items={state.data.byCategory.filter((r) => r.surveys > 0).map((r) => ({ label: r.key.category ? i18n.name(r.key.category) : t('noCategory'), values: { satisfaction: r.satisfactionRate, response: r.surveyResponseRate } }))} />
          </div>
          <section className="card">
            <header className="card-header">
              <h2>{t('dissatisfiedAwaiting')}</h2>
              <span className="count">{formatNumber(state.data.dissatisfied.totalCount, locale)}</span>
            </header>
            {state.data.dissatisfied.nodes.length === 0 ? <EmptyState>{t('emptyGeneric')}</EmptyState> : (
              <div className="table-scroll">
                <table className="data-table" data-testid="dissatisfied">
                  <thead><tr><th scope="col">{t('surveyedAt')}</th><th scope="col" className="num">{t('score')}</th><th scope="col">{t('customer')}</th><th scope="col">{t('category')}</th><th scope="col">{t('channel')}</th><th scope="col">{t('orgUnit')}</th><th scope="col">{t('workOrder')}</th>{mayFollowUp && <th scope="col">{t('followUp')}</th>}</tr></thead>
                  <tbody>
                    {state.data.dissatisfied.nodes.map((s) => (
                      <tr key={s.id} data-survey-id={s.id}>
                        <td>{formatDateTime(s.surveyedAt, locale)}</td>
                        <td className="num">{s.score ?? '—'}</td>
                        <td>{s.customer?.name ?? '—'}</td>
                        <td>{s.category ? i18n.name(s.category) : t('noCategory')}</td>
                        <td>{i18n.name(s.channel)}</td>
                        <td>{i18n.name(s.orgUnit)}</td>
                        <td>{s.complaint ? <button type="button" className="link-button" onClick={() => open(s.complaint!.id)}>{s.complaint.sourceId}</button> : '—'}</td>
                        {mayFollowUp && <td><FollowUpForm surveyId={s.id} onRecorded={() => { clearQueryCache(); state.retry(); }} /></td>}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      )}
      {complaintId && <ComplaintTimeline id={complaintId} onClose={() => open(null)} onOpen={open} />}
    </div>
  );
}

const OUTCOMES: FollowUpOutcome[] = ['RESOLVED', 'EXPLAINED', 'ESCALATED', 'CUSTOMER_UNREACHABLE'];

/** Records how the call-back to a dissatisfied customer ended; the list then refreshes without that answer. */
function FollowUpForm({ surveyId, onRecorded }: { surveyId: string; onRecorded(): void }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<FollowUpOutcome>(OUTCOMES[0]!);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form className="row follow-up" data-testid="follow-up" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError(null);
      try {
        await request(RecordSurveyFollowUpMutation, { surveyId, outcome });
        onRecorded();
      } catch (failure) {
        setError(t('followUpFailed', { message: (failure as Error).message }));
        setBusy(false);
      }
    }}>
      <select aria-label={t('followUpOutcome')} value={outcome} onChange={(e) => setOutcome(e.target.value as FollowUpOutcome)}>
        {OUTCOMES.map((o) => <option key={o} value={o}>{t(`outcome${o}` as MessageKey)}</option>)}
      </select>
      <button type="submit" disabled={busy}>{t('followUpRecord')}</button>
      {error && <span role="alert" className="error-text">{error}</span>}
    </form>
  );
}
