import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLContext } from '../graphql/context.ts';
import { currentRequestStats } from './request-context.ts';

/** Tells the request's log line and metrics the operation's name, its error codes and which sources answered its KPIs. */
export function operationStatsPlugin(): ApolloServerPlugin<GraphQLContext & BaseContext> {
  return {
    async requestDidStart({ request }) {
      const stats = currentRequestStats();
      // Client-chosen text: kept short in the log (JSON-escaped there, so it cannot forge lines).
      if (stats) stats.operation = request.operationName?.slice(0, 100) ?? 'anonymous';
      return {
        async didResolveOperation({ operationName }) {
          if (stats && operationName) stats.operation = operationName.slice(0, 100);
        },
        async willSendResponse({ contextValue, response }) {
          if (!stats) return;
          for (const report of contextValue?.kpiReports ?? []) stats.kpiSources.push(...Object.values(report.sources));
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const error of errors ?? []) stats.errorCodes.push(String(error.extensions?.code ?? 'UNKNOWN'));
        },
      };
    },
  };
}
