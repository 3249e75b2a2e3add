import { errors, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
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

/**
 * Tokens this process has verified, with their viewer and expiry, per
 * secret: a client sends the same token with every request until it
 * refreshes, and each HMAC check is a trip through WebCrypto's thread pool.
 * Keyed by the whole token, signature included, so only a token that
 * verified is ever answered from here; its expiry is still checked on every
 * use, as jose checks it.
 */
const VERIFIED_TOKENS_KEPT = 10_000;
const verifiedTokens = new WeakMap<Uint8Array, LRUCache<string, { viewer: Viewer; expiresAtSeconds: number }>>();
function verifiedTokensOf(secret: Uint8Array): LRUCache<string, { viewer: Viewer; expiresAtSeconds: number }> {
  let cache = verifiedTokens.get(secret);
  if (!cache) verifiedTokens.set(secret, (cache = new LRUCache({ max: VERIFIED_TOKENS_KEPT })));
  return cache;
}

export async function verifyAccessToken(config: AuthConfig, token: string): Promise<TokenCheck> {
  const verified = verifiedTokensOf(config.jwtSecret);
  const known = verified.get(token);
  if (known) return Math.floor(Date.now() / 1000) < known.expiresAtSeconds ? { viewer: known.viewer } : { viewer: null, problem: 'expired' };
  try {
    const { payload } = await jwtVerify(token, await hmacKeyOf(config.jwtSecret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp'] });
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
    const scope = Array.isArray(payload.scope) ? payload.scope.filter((p): p is string => typeof p === 'string') : [];
    if (!payload.sub) return { viewer: null, problem: 'invalid' };
    const viewer: Viewer = Object.freeze({
      id: payload.sub,
      username: typeof payload.usr === 'string' ? payload.usr : undefined,
      displayName: typeof payload.name === 'string' ? payload.name : payload.sub,
      roles: Object.freeze(roles),
      orgUnitScope: Object.freeze(scope),
    });
    verified.set(token, { viewer, expiresAtSeconds: payload.exp! });
    return { viewer };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { viewer: null, problem: 'expired' };
    return { viewer: null, problem: 'invalid' };
  }
}
