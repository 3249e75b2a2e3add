import { errors, jwtVerify, SignJWT } from 'jose';
import { webcrypto } from 'node:crypto';
import type { AuthConfig } from './auth-config.ts';
import { ROLES, type Role, type Viewer } from './viewer.ts';

const ISSUER = 'clearline';
const AUDIENCE = 'clearline-api';

/**
 * The access token carries the viewer (roles, scope), so a request needs no
 * statement to know who asks. Role or scope changes take effect at the next
 * refresh, at most one access-token lifetime later.
 */
export async function signAccessToken(config: AuthConfig, viewer: Viewer, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + config.accessTokenTtlSeconds) * 1000);
  const token = await new SignJWT({ name: viewer.displayName, usr: viewer.username ?? null, roles: [...viewer.roles], scope: [...viewer.orgUnitScope] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await hmacKeyOf(config.jwtSecret));
  return { token, expiresAt };
}

/**
 * The secret as a WebCrypto key, imported once per secret: handed raw bytes,
 * jose imports a key on every call, a cost every request paid.
 */
const hmacKeys = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKey>>();
function hmacKeyOf(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    hmacKeys.set(secret, key);
  }
  return key;
}

export type TokenCheck = { viewer: Viewer } | { viewer: null; problem: 'expired' | 'invalid' };

export async function verifyAccessToken(config: AuthConfig, token: string): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, await hmacKeyOf(config.jwtSecret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
    const scope = Array.isArray(payload.scope) ? payload.scope.filter((p): p is string => typeof p === 'string') : [];
    if (!payload.sub) return { viewer: null, problem: 'invalid' };
    return {
      viewer: {
        id: payload.sub,
        username: typeof payload.usr === 'string' ? payload.usr : undefined,
        displayName: typeof payload.name === 'string' ? payload.name : payload.sub,
        roles,
        orgUnitScope: scope,
      },
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { viewer: null, problem: 'expired' };
    return { viewer: null, problem: 'invalid' };
  }
}
