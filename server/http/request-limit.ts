import type { Request, Response } from 'express';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consumeOrWait, type LimiterStore } from '../auth/rate-limiters.ts';
import { isSignedIn, type Viewer } from '../auth/viewer.ts';
import { sendError } from './error-response.ts';

/** GraphQL requests per user (or, before sign-in, per address) per minute. */
export const REQUESTS_PER_MINUTE = 600;

/**
 * Per-user rate limit on /graphql. A refused request gets HTTP 429, a
 * Retry-After header and a GraphQL error saying the limit and when to retry.
 */
export class RequestLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(store: LimiterStore, readonly perMinute = REQUESTS_PER_MINUTE) {
    this.limiter = store.create('graphql', perMinute, 60);
  }

  /** True when the request may go on; otherwise the response has been sent. */
  async admit(viewer: Viewer, req: Request, res: Response): Promise<boolean> {
    const key = isSignedIn(viewer) ? `user:${viewer.id}` : addressKey(req);
    const wait = await consumeOrWait(this.limiter, key);
    if (wait === null) return true;
    this.refuse(res, wait);
    return false;
  }

  /**
   * Called before an API token is looked up in the database: when the
   * address has already spent its budget of requests without a valid
   * credential, the request is refused at once, so a flood of made-up tokens
   * costs no lookups. (An access token needs no lookup: it is checked first
   * and limited per user.) True when refused; the response has been sent.
   */
  async refuseSpentAddress(req: Request, res: Response): Promise<boolean> {
    let state: Awaited<ReturnType<RateLimiterAbstract['get']>>;
    try {
      state = await this.limiter.get(addressKey(req));
    } catch {
      return false; // a counter store that does not answer: admit() decides after the lookup
    }
    if (!state || state.remainingPoints > 0) return false;
    this.refuse(res, Math.max(1, Math.ceil(state.msBeforeNext / 1000)));
    return true;
  }

  private refuse(res: Response, wait: number): void {
    res.set('Retry-After', String(wait));
    sendError(res, 429, 'RATE_LIMITED', `Too many requests: at most ${this.perMinute} per minute for each user. Try again in ${wait} s.`, { retryAfterSeconds: wait });
  }
}

const addressKey = (req: Request) => `address:${req.ip ?? 'unknown'}`;
