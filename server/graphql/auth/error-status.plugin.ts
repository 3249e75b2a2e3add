import type { ApolloServerPlugin } from '@apollo/server';
import { httpStatusOf, type ApiErrorKind } from '../common/api-error.ts';

const REFUSALS: ReadonlySet<string> = new Set<ApiErrorKind>(['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED']);

/**
 * A request that produced no data because it was refused (a failed sign-in,
 * a throttled one) answers with the refusal's HTTP status — 401, 403, 429 —
 * so that clients and proxies see it without reading the body. Partial
 * results keep 200.
 */
export function refusalStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data !== null || !errors?.length) return;
          const code = errors[0]!.extensions?.code;
          if (typeof code === 'string' && REFUSALS.has(code) && errors.every((e) => e.extensions?.code === code)) {
            response.http.status = httpStatusOf(code as ApiErrorKind);
          }
        },
      };
    },
  };
}
