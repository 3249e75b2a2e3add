import type { Request, Response } from 'express';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consumeOrWait, type LimiterStore } from '../auth/rate-limiters.ts';
import { isSignedIn, type Viewer } from '../auth/viewer.ts';

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
    const key = isSignedIn(viewer) ? `user:${viewer.id}` : `address:${req.ip ?? 'unknown'}`;
    const wait = await consumeOrWait(this.limiter, key);
    if (wait === null) return true;
    res.status(429).set('Retry-After', String(wait)).json({
      errors: [{
        message: `Too many requests: at most ${this.perMinute} per minute for each user. Try again in ${wait} s.`,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: wait },
      }],
    });
    return false;
  }
}
