import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens and API tokens: 32 random bytes with a prefix saying what
 * they are. Only their SHA-256 is stored; with this much entropy a fast hash
 * is enough (a slow one would only slow every API request).
 */
export function newOpaqueToken(prefix: 'clr' | 'cla'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
