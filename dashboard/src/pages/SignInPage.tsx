import { useState } from 'react';
import { request } from '../api/graphql-client.ts';
import { writeSession, type Session } from '../api/session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { navigate, useLocation } from '../state/router.ts';

// Not typed by codegen: sign-in arrives with the security work (AUTH_CONTRACT.md)
// and is not in schema/schema.graphql yet.
const SIGN_IN = `mutation SignIn($username: String!, $password: String!) {
  signIn(username: $username, password: $password) { accessToken refreshToken accessTokenExpiresAt }
}`;

/** Sign-in (route /signin): stores the session and returns to the page the user came from. */
export function SignInPage() {
  const { t, locale, setLocale } = useI18n();
  const { params } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const returnTo = params.get('returnTo');
  const safeReturn = returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';

  return (
    <form className="card signin" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError(null);
      try {
        const result = await request<{ signIn: Session }, { username: string; password: string }>(SIGN_IN, { username, password });
        writeSession(result.signIn);
        navigate(safeReturn, { replace: true });
      } catch (failure) {
        setError(t('signInFailed', { message: (failure as Error).message }));
      } finally {
        setBusy(false);
      }
    }}>
      <h1>{t('appName')} · {t('pageSignIn')}</h1>
      <p>{t('signInRequired')}</p>
      <label className="field"><span>{t('username')}</span><input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required /></label>
      <label className="field"><span>{t('password')}</span><input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
      {error && <p role="alert" className="error-text">{error}</p>}
      <div className="row">
        <button type="submit" disabled={busy}>{t('signIn')}</button>
        <button type="button" className="link-button" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>{t('switchLanguage')}</button>
      </div>
    </form>
  );
}
