import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { createHash } from 'node:crypto';
import { Kind, type FormattedExecutionResult, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { currentViewerSession } from '../../auth/viewer-session.ts';
import { dataVersion } from '../../metrics/kpi-cache.ts';
import { kpiResponseCacheLookups } from '../../observability/metrics.ts';
import { currentRequestStats } from '../../observability/request-context.ts';
import type { GraphQLContext } from '../context.ts';

type Context = GraphQLContext & BaseContext;
type CachedResponse = { data: FormattedExecutionResult['data']; kpiReports: GraphQLContext['kpiReports'] };

/**
 * Whole responses of KPI-only queries (the dashboard's Overview: every
 * manager of a scope sends the same two), so a repeated one skips execution
 * altogether — compiling, the statement cache and building thousands of
 * fields. The statement cache (server/metrics/kpi-cache.ts) stays beneath it
 * for queries that share statements but not their text.
 *
 * Same guarantees as that cache: the key holds the data's version (a load,
 * mutation or rollup refresh moves it, so the next request misses), the
 * viewer's roles and scope (what the viewer may see), and the document with
 * its variables. Only queries whose root fields are all `kpis` are cached;
 * access and cost checks have run before (didResolveOperation), and a
 * response with errors is never kept.
 */
export function kpiResponseCachePlugin(maxEntries: number): ApolloServerPlugin<Context> {
  if (maxEntries <= 0) return {};
  const entries = new LRUCache<string, CachedResponse>({ max: maxEntries });
  /** Misses being executed: identical requests arriving meanwhile (the morning rush) wait for that one instead of executing too. */
  const executing = new Map<string, Promise<CachedResponse | undefined>>();
  return {
    async requestDidStart() {
      let key: string | undefined;
      let finish: ((response: CachedResponse | undefined) => void) | undefined;
      return {
        async responseForOperation(requestContext) {
          if (!isKpiOnly(requestContext.operation)) return null;
          key = await cacheKey(requestContext);
          const cached = entries.get(key) ?? (await executing.get(key));
          if (!cached) {
            kpiResponseCacheLookups.inc({ result: 'miss' });
            // This request executes; a failed one (errors) leaves the waiters to execute for themselves.
            if (!executing.has(key)) {
              const claimed = key;
              executing.set(claimed, new Promise((resolve) => (finish = resolve)).finally(() => executing.delete(claimed)) as Promise<CachedResponse | undefined>);
            }
            return null;
          }
          kpiResponseCacheLookups.inc({ result: 'hit' });
          const stats = currentRequestStats();
          if (stats) stats.cacheHits++;
          // The extensions and the request log are rebuilt from the reports, as after an execution.
          requestContext.contextValue.kpiReports.push(...cached.kpiReports.map(refreshedAsOf));
          return { http: requestContext.response.http, body: { kind: 'single', singleResult: { data: cached.data } } };
        },
        async willSendResponse({ response, contextValue }) {
          if (!finish) return;
          let kept: CachedResponse | undefined;
          if (response.body.kind === 'single' && response.body.singleResult.data && !response.body.singleResult.errors?.length) {
            // A copy: the response object itself may still be changed by later hooks.
            kept = structuredClone({ data: response.body.singleResult.data, kpiReports: contextValue.kpiReports });
            entries.set(key!, kept);
          }
          finish(kept);
        },
      };
    },
  };
}

/**
 * A query whose root selections are `kpis` fields (and perhaps `__typename`),
 * at least one of them: a bare `{ __typename }` (a client's ping) has nothing
 * worth caching and should not cost a read of the data version. Fragments at
 * the root are not cached: rare, and not worth expanding.
 */
function isKpiOnly(operation: OperationDefinitionNode | undefined): boolean {
  if (!operation || operation.operation !== 'query') return false;
  const selections = operation.selectionSet.selections;
  const isField = (name: string) => (s: (typeof selections)[number]) => s.kind === Kind.FIELD && s.name.value === name;
  return selections.some(isField('kpis')) && selections.every((s) => isField('kpis')(s) || isField('__typename')(s));
}

async function cacheKey({ contextValue, request, operation }: GraphQLRequestContext<Context>): Promise<string> {
  const version = await dataVersion(contextValue.db);
  const viewer = contextValue.viewer;
  const scope = currentViewerSession()?.scope ?? viewer.orgUnitScope.join(',');
  const parts = [version, [...viewer.roles].sort(), scope, request.query ?? '', operation?.name?.value ?? '', request.variables ?? {}];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** Answers read from the live facts are as of the moment asked (the data has not changed since, or the version would differ). */
function refreshedAsOf(report: GraphQLContext['kpiReports'][number]): GraphQLContext['kpiReports'][number] {
  const live = Object.values(report.sources).every((source) => source === 'facts');
  return live ? { ...report, asOf: new Date().toISOString() } : report;
}
