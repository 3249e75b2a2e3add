// The signed-in session, kept as AUTH_CONTRACT.md agrees with the server:
// localStorage "clearline.session" = { accessToken, refreshToken, accessTokenExpiresAt }.
export const SESSION_KEY = 'clearline.session';

export type Session = { accessToken: string; refreshToken: string; accessTokenExpiresAt: string };

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 60_000;

export function parseSession(text: string | null): Session | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Session>;
    if (typeof value.accessToken !== 'string' || typeof value.refreshToken !== 'string' || typeof value.accessTokenExpiresAt !== 'string') return null;
    return { accessToken: value.accessToken, refreshToken: value.refreshToken, accessTokenExpiresAt: value.accessTokenExpiresAt };
  } catch {
    return null;
  }
}

export function readSession(): Session | null {
  try {
    return parseSession(localStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

export function writeSession(session: Session | null): void {
  try {
    if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else localStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage refused (private window): the session then lasts until reload.
  }
}

export function needsRefresh(session: Session, now = Date.now()): boolean {
  const expires = Date.parse(session.accessTokenExpiresAt);
  return Number.isFinite(expires) && expires - now < REFRESH_MARGIN_MS;
}
