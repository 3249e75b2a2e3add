import { randomBytes } from 'node:crypto';
import { StartupError } from '../startup-error.ts';

/** How sessions are signed and how long their parts live. Secrets come only from the environment. */
export type AuthConfig = {
  /** HMAC key for access tokens (HS256), at least 32 bytes. */
  jwtSecret: Uint8Array;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Introspection for anonymous viewers and every role (GraphiQL without a token). */
  development: boolean;
};

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
const MIN_SECRET_BYTES = 32;

/**
 * CLEARLINE_JWT_SECRET is required with NODE_ENV=production. Elsewhere an
 * ephemeral secret is generated (with a warning): sessions then end when the
 * server restarts, and several processes would not accept each other's tokens.
 */
export function loadAuthConfig(settings: { jwtSecret: string | undefined; production: boolean; development: boolean }, log: (line: string) => void): AuthConfig {
  const { development } = settings;
  const raw = settings.jwtSecret;
  let jwtSecret: Uint8Array;
  if (raw) {
    jwtSecret = new TextEncoder().encode(raw);
    if (jwtSecret.length < MIN_SECRET_BYTES) {
      throw new StartupError(`CLEARLINE_JWT_SECRET is too short: use at least ${MIN_SECRET_BYTES} bytes (e.g. \`openssl rand -base64 48\`).`);
    }
  } else if (settings.production) {
    throw new StartupError('CLEARLINE_JWT_SECRET is not set: production needs a secret of at least 32 bytes to sign sessions (e.g. `openssl rand -base64 48`).');
  } else {
    log('Warning: CLEARLINE_JWT_SECRET is not set; using an ephemeral secret (sessions end when the server restarts). Set it in production.');
    jwtSecret = randomBytes(48);
  }
  return { jwtSecret, accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS, refreshTokenTtlSeconds: REFRESH_TOKEN_TTL_SECONDS, development };
}

/** A throwaway configuration (tests, benchmarks). */
export function ephemeralAuthConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return { jwtSecret: randomBytes(48), accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS, refreshTokenTtlSeconds: REFRESH_TOKEN_TTL_SECONDS, development: false, ...overrides };
}
