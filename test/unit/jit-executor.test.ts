import { describe, expect, it } from 'vitest';
import { getOperationAST, GraphQLError, GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { isCompiledQuery } from 'graphql-jit';
import { CompiledOperations, jitGateway } from '../../server/graphql/jit-executor.ts';

// The executor the endpoint runs every operation through (graphql-jit behind
// Apollo's gateway interface): compiled once per parsed document, and its
// errors shaped as Apollo's formatting and our formatError expect.
class DomainError extends Error {}

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      twice: { type: GraphQLInt, args: { n: { type: new GraphQLNonNull(GraphQLInt) } }, resolve: (_, { n }) => 2 * n },
      later: { type: GraphQLString, resolve: async () => 'resolved' },
      refused: { type: GraphQLString, resolve: () => { throw new GraphQLError('Not allowed', { extensions: { code: 'FORBIDDEN' } }); } },
      broken: { type: GraphQLString, resolve: () => { throw new DomainError('bad thing'); } },
    },
  }),
});

async function run(query: string, variables: Record<string, unknown> = {}) {
  const { executor } = await jitGateway(schema).load({ apollo: {} });
  const document = parse(query);
  const request = { query, variables };
  return executor!({ document, operation: getOperationAST(document)!, request, context: {} } as unknown as Parameters<NonNullable<typeof executor>>[0]);
}

describe('the graphql-jit executor', () => {
  it('compiles an operation once per parsed document', () => {
    const operations = new CompiledOperations(schema);
    const document = parse('{ later }');
    const first = operations.get(document, null);
    expect(isCompiledQuery(first)).toBe(true);
    expect(operations.get(document, null)).toBe(first);
    expect(operations.get(parse('{ later }'), null)).not.toBe(first);
  });

  it('runs arguments, variables and promised values', async () => {
    expect(await run('query($n: Int!) { twice(n: $n) later }', { n: 21 })).toEqual({ data: { twice: 42, later: 'resolved' } });
  });

  it('refuses a variable of the wrong type with graphql-js’s error, which Apollo answers as BAD_USER_INPUT', async () => {
    const result = await run('query($n: Int!) { twice(n: $n) }', { n: 'x' });
    expect(result.data).toBeUndefined();
    expect(result.errors![0]!.message).toMatch(/^Variable "\$n" got invalid value "x"/);
    expect(result.errors![0]!.nodes![0]!.kind).toBe('VariableDefinition');
  });

  it('keeps a resolver error’s extensions, path, location and the error itself', async () => {
    const result = await run('{ refused broken }');
    expect(result.data).toEqual({ refused: null, broken: null });
    const [refused, broken] = result.errors!;
    expect(refused).toBeInstanceOf(GraphQLError);
    expect(refused!.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(refused!.path).toEqual(['refused']);
    expect(refused!.locations).toEqual([{ line: 1, column: 3 }]);
    // What Apollo reads: every error has extensions; formatError unwraps to the resolver's error.
    expect(broken!.extensions).toEqual({});
    expect(broken!.originalError).toBeInstanceOf(DomainError);
  });
});
