import { afterEach, describe, expect, it, vi } from 'vitest';
import { signAccessToken, verifyAccessToken } from '../../server/auth/access-token.ts';
import { ephemeralAuthConfig, loadAuthConfig } from '../../server/auth/auth-config.ts';
import { hashPassword, verifyPassword } from '../../server/auth/password-hash.ts';
import type { Viewer } from '../../server/auth/viewer.ts';

describe('passwords', () => {
  it('are hashed with scrypt and a salt of their own, and verified', async () => {
    const [a, b] = [await hashPassword('correct horse'), await hashPassword('correct horse')];
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse!', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe('access tokens', () => {
  const viewer: Viewer = { id: '7', username: 'ana', displayName: 'Ana', roles: ['ANALYST'], orgUnitScope: ['/1/3/'] };

  it('carry the viewer, and are refused when expired or signed with another secret', async () => {
    const config = ephemeralAuthConfig();
    const { token, expiresAt } = await signAccessToken(config, viewer);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(await verifyAccessToken(config, token)).toEqual({ viewer });
    const old = await signAccessToken(config, viewer, new Date(Date.now() - 16 * 60_000));
    expect(await verifyAccessToken(config, old.token)).toEqual({ viewer: null, problem: 'expired' });
    expect(await verifyAccessToken(ephemeralAuthConfig(), token)).toEqual({ viewer: null, problem: 'invalid' });
    expect(await verifyAccessToken(config, `${token.slice(0, -2)}xx`)).toEqual({ viewer: null, problem: 'invalid' });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('are checked once by HMAC, then answered from memory until they expire', async () => {
    const config = ephemeralAuthConfig();
    const { token, expiresAt } = await signAccessToken(config, viewer);
    const hmacChecks = vi.spyOn(globalThis.crypto.subtle, 'verify');
    expect(await verifyAccessToken(config, token)).toEqual({ viewer });
    expect(await verifyAccessToken(config, token)).toEqual({ viewer });
    expect(hmacChecks).toHaveBeenCalledTimes(1);
    // Remembered per secret, and only the exact token: another secret or a changed signature is checked, and refused.
    expect(await verifyAccessToken(ephemeralAuthConfig(), token)).toEqual({ viewer: null, problem: 'invalid' });
    expect(await verifyAccessToken(config, `${token.slice(0, -2)}xx`)).toEqual({ viewer: null, problem: 'invalid' });
    expect(hmacChecks).toHaveBeenCalledTimes(3);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(expiresAt.getTime() - 1000);
    expect(await verifyAccessToken(config, token)).toEqual({ viewer });
    vi.setSystemTime(expiresAt);
    expect(await verifyAccessToken(config, token)).toEqual({ viewer: null, problem: 'expired' });
    expect(hmacChecks).toHaveBeenCalledTimes(3);
  });

  it('need CLEARLINE_JWT_SECRET in production; elsewhere an ephemeral one, with a warning', () => {
    expect(() => loadAuthConfig({ jwtSecret: undefined, production: true, development: false }, () => {})).toThrow(/^CLEARLINE_JWT_SECRET is not set: production needs a secret/);
    expect(() => loadAuthConfig({ jwtSecret: 'short', production: true, development: false }, () => {})).toThrow(/^CLEARLINE_JWT_SECRET is too short/);
    const lines: string[] = [];
    const config = loadAuthConfig({ jwtSecret: undefined, production: false, development: false }, (line) => lines.push(line));
    expect(config.jwtSecret.length).toBe(48);
    expect(lines).toEqual([expect.stringMatching(/^Warning: CLEARLINE_JWT_SECRET is not set; using an ephemeral secret/)]);
    expect(loadAuthConfig({ jwtSecret: 'x'.repeat(40), production: true, development: false }, () => {}).jwtSecret.length).toBe(40);
  });
});
