import { useState } from 'react';
import type { MessageKey } from '../i18n/messages.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { signOut } from './session-actions.ts';
import { useViewer } from './ViewerProvider.tsx';

/** The header's "who is signed in" (name and roles) and the sign-out button. */
export function UserMenu() {
  const { t } = useI18n();
  const viewer = useViewer();
  const [busy, setBusy] = useState(false);
  const roles = viewer.roles.map((role) => t(`role${role}` as MessageKey)).join(', ');
  return (
    <div className="user-menu" data-testid="user-menu">
      <span className="user-name" title={viewer.username} data-testid="user-name">{viewer.displayName}</span>
      <span className="user-roles" data-testid="user-roles">{roles}</span>
      <button type="button" data-testid="sign-out" disabled={busy} onClick={() => { setBusy(true); void signOut(); }}>{t('signOut')}</button>
    </div>
  );
}
