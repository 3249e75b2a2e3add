import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { clearlineSchema } from '../../server/graphql/schema.ts';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';

describe('field resolvers called directly', () => {
  const resolverOf = async (type: string, field: string) => {
    const object = (await clearlineSchema()).getType(type);
    if (!isObjectType(object)) throw new Error(type);
    return object.getFields()[field]!.resolve!;
  };

  it('replaces those taking the row, context, info and scalar page arguments, and they answer as the resolver method', async () => {
    for (const [type, field] of [['Complaint', 'id'], ['Complaint', 'customer'], ['Customer', 'name'], ['Customer', 'complaints'], ['Survey', 'id'], ['Category', 'parent']]) {
      expect((await resolverOf(type!, field!)).name).toBe(`direct ${type}.${field}`);
    }
    const id = await resolverOf('Complaint', 'id');
    expect(id({ id: '42' }, {}, {}, {} as never)).toBe(toGlobalId('Complaint', '42'));
  });

  it('leaves queries and mutations (input objects, one call per operation) to type-graphql’s wrapper', async () => {
    expect((await resolverOf('Query', 'complaints')).name).not.toMatch(/^direct/);
    expect((await resolverOf('Mutation', 'createComplaint')).name).not.toMatch(/^direct/);
  });
});
