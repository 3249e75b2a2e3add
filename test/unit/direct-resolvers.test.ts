import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, type GraphQLInputType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { ArgumentConverters, type ArgumentMetadata } from '../../server/graphql/argument-converters.ts';
import { clearlineSchema } from '../../server/graphql/schema.ts';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';

type Param = { kind: string; name?: string; getType?: () => unknown };
// type-graphql's own conversion, which the direct resolvers must match (not among its package's exports).
const typeGraphqlConversion = (await import(pathToFileURL(path.join(PROJECT_ROOT, 'node_modules/type-graphql/build/esm/resolvers/convert-args.js')).href)) as {
  convertArgsToInstance(param: Param, args: Record<string, unknown>): unknown;
  convertArgToInstance(param: Param, args: Record<string, unknown>): unknown;
};

/** Argument values as graphql-js hands them to resolvers: given or absent, null where nullable, lists of any length. */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueOf(type.ofType, depth);
  const value = isListType(type)
    ? fc.array(valueOf(type.ofType, depth + 1), { maxLength: 3 })
    : isEnumType(type)
      ? fc.constantFrom(...type.getValues().map((v) => v.value))
      : isInputObjectType(type)
        ? depth > 3 ? fc.constant({}) : fc.record(Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, valueOf(field.type, depth + 1)])), { requiredKeys: [] })
        : fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean());
  return fc.oneof(value, fc.constant(null));
}

describe('resolvers called directly', () => {
  const resolverOf = async (type: string, field: string) => {
    const object = (await clearlineSchema()).getType(type);
    if (!isObjectType(object)) throw new Error(type);
    return object.getFields()[field]!.resolve!;
  };

  it('replaces field resolvers taking the row, context, info and page arguments, and they answer as the resolver method', async () => {
    for (const [type, field] of [['Complaint', 'id'], ['Complaint', 'customer'], ['Customer', 'name'], ['Customer', 'complaints'], ['Survey', 'id'], ['Category', 'parent']]) {
      expect((await resolverOf(type!, field!)).name).toBe(`direct ${type}.${field}`);
    }
    const id = await resolverOf('Complaint', 'id');
    expect(id({ id: '42' }, {}, {}, {} as never)).toBe(toGlobalId('Complaint', '42'));
  });

  it('replaces the queries, input objects included, and leaves mutations to type-graphql’s wrapper', async () => {
    for (const field of ['kpis', 'kpiContributors', 'complaints']) expect((await resolverOf('Query', field)).name).toBe(`direct Query.${field}`);
    expect((await resolverOf('Mutation', 'createComplaint')).name).not.toMatch(/^direct/);
  });

  it('converts every query’s arguments to the same instances as type-graphql, for any arguments the schema allows', async () => {
    const schema = await clearlineSchema();
    const storage = getMetadataStorage() as unknown as ArgumentMetadata & { queries: { schemaName: string; params?: Param[] }[] };
    const converters = new ArgumentConverters(storage);
    const queryFields = schema.getQueryType()!.getFields();
    let compared = 0;
    for (const query of storage.queries) {
      const field = queryFields[query.schemaName];
      if (!field?.resolve?.name.startsWith('direct ')) continue;
      const args = fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, valueOf(arg.type)])), { requiredKeys: [] });
      for (const param of query.params ?? []) {
        if (param.kind === 'args') {
          const ours = converters.argsClass(param.getType!())!;
          fc.assert(fc.property(args, (given) => void expect(ours(given)).toStrictEqual(typeGraphqlConversion.convertArgsToInstance(param, given))), { numRuns: 50 });
          compared++;
        } else if (param.kind === 'arg') {
          const ours = converters.value(param.getType!())!;
          fc.assert(fc.property(args, (given) => void expect(ours(given[param.name!])).toStrictEqual(typeGraphqlConversion.convertArgToInstance(param, given))), { numRuns: 50 });
          compared++;
        }
      }
    }
    // kpis, kpiContributors, complaints, customers, … : a vacuous pass would hide a broken lookup.
    expect(compared).toBeGreaterThan(10);
  });

  it('converts lists of input objects item by item, as type-graphql does (no query of the schema takes one yet)', () => {
    class Inner { a?: string; }
    class Outer { items?: (Inner | null)[]; }
    const converters = new ArgumentConverters({
      argumentTypes: [],
      inputTypes: [{ target: Inner, fields: [{ name: 'a', getType: () => String }] }, { target: Outer, fields: [{ name: 'items', getType: () => Inner }] }],
      enums: [],
    });
    const converted = converters.value(Outer)!({ items: [{ a: 'x' }, null] }) as Outer;
    expect(converted).toBeInstanceOf(Outer);
    expect(converted.items![0]).toBeInstanceOf(Inner);
    expect(converted.items).toStrictEqual([Object.assign(new Inner(), { a: 'x' }), null]);
  });
});
