// A GraphQL operation executed in the bench's own process as the endpoint
// executes it (compiled by graphql-jit, each statement in the viewer's
// transaction under row-level security), without HTTP or JSON: the benches'
// like-with-like counterpart to hand-written SQL run in process.
import { parse } from 'graphql';
import { isCompiledQuery } from 'graphql-jit';
import type { DataSource } from 'typeorm';
import { runAsViewer } from '../server/auth/viewer-session.ts';
import { createContext } from '../server/graphql/context.ts';
import { CompiledOperations } from '../server/graphql/jit-executor.ts';
import { ReferenceData } from '../server/graphql/reference-data.ts';
import { clearlineSchema } from '../server/graphql/schema.ts';
import { TEST_ADMIN } from '../test/support/test-api.ts';

export type InProcessOperation = {
  /** Runs it as the bench's administrator; `asViewer: false` runs its statements as the pool's owner (no viewer transaction). Rejects on errors. */
  run<T = Record<string, any>>(variables?: Record<string, unknown>, options?: { asViewer?: boolean }): Promise<T>;
};

/** Compiles `query` once for `dataSource` (no KPI cache: nothing here enables one). */
export async function inProcessOperation(dataSource: DataSource, query: string, operationName: string | null = null): Promise<InProcessOperation> {
  const reference = new ReferenceData(dataSource);
  const compiled = new CompiledOperations(await clearlineSchema()).get(parse(query), operationName);
  if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled.errors));
  return {
    async run(variables = {}, { asViewer = true } = {}) {
      const execute = async () => compiled.query(undefined, createContext(dataSource, reference, TEST_ADMIN), variables);
      const result = await (asViewer ? runAsViewer(TEST_ADMIN, execute) : execute());
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data as never;
    },
  };
}
