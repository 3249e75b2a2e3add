import { useEffect, useRef } from 'react';
import { useQuery } from '../api/useQuery.ts';
import { segmentName } from '../filters/filter-labels.ts';
import { formatDateTime, formatHours } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { ComplaintTimelineQuery } from '../queries/complaints.query.ts';
import { ErrorState, Skeleton } from './States.tsx';

type Event = { at: string; label: string; detail?: string };

/** A side panel with one complaint's timeline; Escape or the close button closes it. */
export function ComplaintTimeline({ id, onClose, onOpen }: { id: string; onClose(): void; onOpen?(id: string): void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const state = useQuery(ComplaintTimelineQuery, { id });
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const c = state.data?.complaint;
  const events: Event[] = [];
  if (c) {
    events.push({ at: c.receivedAt, label: t('received'), detail: `${i18n.name(c.channel)}` });
    if (c.firstResponseAt) events.push({ at: c.firstResponseAt, label: t('firstResponse') });
    if (c.resolvedAt) events.push({ at: c.resolvedAt, label: t('resolved'), detail: formatHours(c.hoursToResolve, locale) });
    if (c.closedAt) events.push({ at: c.closedAt, label: t('closed') });
    for (const s of c.surveys) events.push({ at: s.surveyedAt, label: t('survey'), detail: s.responded ? t('surveyScore', { score: s.score ?? '—' }) : t('surveyNoAnswer') });
    events.sort((a, b) => a.at.localeCompare(b.at));
  }
  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby="timeline-title" data-testid="complaint-timeline">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="timeline-title">{t('timeline')}{c ? ` · ${c.sourceId}` : ''}</h2>
        <button ref={closeRef} type="button" onClick={onClose}>{t('close')}</button>
      </div>
      {state.status === 'loading' && <Skeleton height={300} />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.retry} />}
      {c && (
        <>
          <p>
            <span className="badge">{t(`status${c.status}` as MessageKey)}</span>
            {c.isRepeat && <span className="badge amber">{t('repeat')}</span>}
            {c.overdue && <span className="badge red">{t('overdue')}</span>}
            {c.exempt && <span className="badge">{t('exempt')}</span>}
            {c.reopenedCount > 0 && <span className="badge amber">{t('reopened', { count: c.reopenedCount })}</span>}
          </p>
          <dl className="facts">
            <dt>{t('category')}</dt><dd>{c.category.parent ? `${i18n.name(c.category.parent)} › ` : ''}{i18n.name(c.category)}</dd>
            <dt>{t('orgUnit')}</dt><dd>{[...c.orgUnit.ancestors, c.orgUnit].map((u) => i18n.name(u)).join(' › ')}</dd>
            <dt>{t('customer')}</dt><dd>{c.customer ? `${c.customer.name} · ${c.customer.accountNo} · ${segmentName(i18n, c.customer.segment)}` : '—'}</dd>
            <dt>{t('slaDue')}</dt><dd>{formatDateTime(c.slaDueAt, locale)}</dd>
            <dt>{t('description')}</dt><dd>{c.description}</dd>
            {c.priorComplaint && (<><dt>{t('repeat')}</dt><dd>
              <button type="button" className="link-button" onClick={() => onOpen?.(c.priorComplaint!.id)}>{c.priorComplaint.sourceId}</button> ({formatDateTime(c.priorComplaint.receivedAt, locale)})
            </dd></>)}
          </dl>
          <ol className="timeline">
            {events.map((e, i) => (
              <li key={i}><div><strong>{e.label}</strong>{e.detail ? ` · ${e.detail}` : ''}</div><div className="when">{formatDateTime(e.at, locale)}</div></li>
            ))}
            {c.reopenedCount > 0 && <li><strong>{t('reopened', { count: c.reopenedCount })}</strong></li>}
          </ol>
        </>
      )}
    </aside>
  );
}
