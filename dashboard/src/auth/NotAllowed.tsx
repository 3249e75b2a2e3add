import type { MessageKey } from '../i18n/messages.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { navigate } from '../state/router.ts';
import { useViewer } from './ViewerProvider.tsx';

/** A page the signed-in user's roles do not open: says so instead of sending queries the API would refuse. */
export function NotAllowed({ home }: { home: { path: string; title: MessageKey } | undefined }) {
  const { t } = useI18n();
  const viewer = useViewer();
  const roles = viewer.roles.map((role) => t(`role${role}` as MessageKey)).join(', ');
  return (
    <div className="card not-allowed" data-testid="not-allowed">
      <h1>{t('notAllowedTitle')}</h1>
      <p>{t('notAllowedBody', { roles })}</p>
      {home && <a href={home.path} onClick={(e) => { e.preventDefault(); navigate(home.path); }}>{t('goTo', { page: t(home.title) })}</a>}
    </div>
  );
}
