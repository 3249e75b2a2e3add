import type { ReactNode } from 'react';
import { ApiError } from '../api/graphql-client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Grey blocks where content will appear, so the layout does not jump. */
export function Skeleton({ height = 120, label }: { height?: number; label?: string }) {
  const { t } = useI18n();
  return <div className="skeleton" style={{ height }} role="status" aria-label={label ?? t('loading')} />;
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry(): void }) {
  const { t } = useI18n();
  // The role lacks what this view asks for: retrying will not help; say so, with the API's reason.
  if (error instanceof ApiError && error.code === 'FORBIDDEN') {
    return (
      <div className="error-state" role="alert" data-testid="not-allowed">
        <strong>{t('notAllowedTitle')}</strong>
        <p>{error.message}</p>
      </div>
    );
  }
  return (
    <div className="error-state" role="alert">
      <strong>{t('errorTitle')}</strong>
      <p>{error.message}</p>
      <button type="button" onClick={onRetry}>{t('retry')}</button>
    </div>
  );
}

export function EmptyState({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <div className="empty-state">{children ?? t('emptyPeriod')}</div>;
}
