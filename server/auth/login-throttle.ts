import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimiterStore } from './rate-limiters.ts';

/** Failed sign-ins allowed per username and address, and per address, in the window. */
export const LOGIN_FAILURES_PER_USER = 5;
export const LOGIN_FAILURES_PER_ADDRESS = 50;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

/**
 * Slows password guessing: after too many failed sign-ins for one username
 * from one address (or from one address overall), further attempts are
 * refused until the window passes, whatever the password. A success clears
 * the username's count.
 */
export class LoginThrottle {
  private readonly perUser: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  constructor(store: LimiterStore, limits = { perUser: LOGIN_FAILURES_PER_USER, perAddress: LOGIN_FAILURES_PER_ADDRESS }) {
    this.perUser = store.create('login-user', limits.perUser, LOGIN_WINDOW_SECONDS);
    this.perAddress = store.create('login-address', limits.perAddress, LOGIN_WINDOW_SECONDS);
  }

  /** Seconds until another attempt is allowed, or null when it is allowed now. */
  async waitSeconds(username: string, address: string): Promise<number | null> {
    const [user, ip] = await Promise.all([this.perUser.get(`${username}|${address}`), this.perAddress.get(address)]);
    const blocked = [
      user && user.consumedPoints >= this.perUser.points ? user.msBeforeNext : 0,
      ip && ip.consumedPoints >= this.perAddress.points ? ip.msBeforeNext : 0,
    ];
    const ms = Math.max(...blocked);
    return ms > 0 ? Math.ceil(ms / 1000) : null;
  }

  async failed(username: string, address: string): Promise<void> {
    await Promise.all([
      this.perUser.penalty(`${username}|${address}`, 1),
      this.perAddress.penalty(address, 1),
    ]);
  }

  async succeeded(username: string, address: string): Promise<void> {
    await this.perUser.delete(`${username}|${address}`);
  }
}
