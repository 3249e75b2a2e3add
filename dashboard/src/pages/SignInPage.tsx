import { useState } from 'react';
import { signIn } from '../auth/session-actions.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { navigate, useLocation } from '../state/router.ts';

/**
 * Only paths on this site (not //host, /\host — which browsers read as //host —
 * or a scheme), so a crafted link cannot send a user elsewhere after sign-in.
 */
export function safeReturnTo(returnTo: string | null): string {
  const onSite = returnTo !== null && returnTo.startsWith('/') && !returnTo.startsWith('//') && !returnTo.includes('\\') && !returnTo.startsWith('/signin');
  return onSite ? returnTo : '/';
}

/** Sign-in (route /signin): stores the session and returns to the page the user came from. */
export function SignInPage() {
  const { t, locale, setLocale } = useI18n();
  const { params } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const returnTo = safeReturnTo(params.get('returnTo'));
  document.title = `${t('pageSignIn')} · Clearline`;

  return (
    <form className="card signin" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError(null);
      try {
        await signIn(username, password);
        navigate(returnTo, { replace: true });
      } catch (failure) {
        // The API's own message (same for an unknown user and a wrong password).
        setError(t('signInFailed', { message: (failure as Error).message }));
        setBusy(false);
      }
    }}>
      <h1>{t('appName')} · {t('pageSignIn')}</h1>
      <p>{t('signInRequired')}</p>
      <label className="field"><span>{t('username')}</span><input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus /></label>
      <label className="field"><span>{t('password')}</span><input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
      {error && <p role="alert" className="error-text" data-testid="signin-error">{error}</p>}
      <div className="row">
        <button type="submit" disabled={busy}>{t('signIn')}</button>
        <button type="button" className="link-button" lang={locale === 'zh-CN' ? 'en' : 'zh-CN'} onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>{t('switchLanguage')}</button>
      </div>
    </form>
  );
}
