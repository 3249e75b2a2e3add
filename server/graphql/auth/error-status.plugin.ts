import type { ApolloServerPlugin } from '@apollo/server';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE } from '../../db/database-unavailable.ts';
import { httpStatusOf, type ApiErrorKind } from '../common/api-error.ts';

const REFUSALS: ReadonlySet<string> = new Set<ApiErrorKind>(['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED']);

/**
 * A request that got nothing answers with an HTTP status that says why, so
 * that clients, proxies and load balancers see it without reading the body;
 * partial results keep 200.
 *   - Refused (a failed sign-in, a throttled one): the refusal's 401, 403, 429.
 *   - The database unavailable: 503 with Retry-After (every error says so, and
 *     no field got a value).
 */
export function errorStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length) return;
          const code = errors[0]!.extensions?.code;
          if (typeof code !== 'string' || !errors.every((e) => e.extensions?.code === code)) return;
          if (data === null && REFUSALS.has(code)) {
            response.http.status = httpStatusOf(code as ApiErrorKind);
          } else if (code === DATABASE_UNAVAILABLE && !(data && Object.values(data).some((value) => value !== null))) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}
