import type { SessionServices, RequestOrigin } from './session.service.ts';

/** Why a request has no signed-in viewer: no credential, or one that did not hold. */
export type AuthProblem = 'missing' | 'expired' | 'invalid' | 'revoked';

/** What the GraphQL layer knows about a request's credentials, beyond the viewer. */
export type RequestSecurity = {
  problem: AuthProblem | null;
  origin: RequestOrigin;
  /** Sign-in, refresh and sign-out; null where no session services run (tests calling execute() directly). */
  sessions: SessionServices | null;
  development: boolean;
};

export const NO_REQUEST_SECURITY: RequestSecurity = { problem: null, origin: { address: 'local' }, sessions: null, development: false };
