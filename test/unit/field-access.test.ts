import { describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { ROLES, type Viewer } from '../../server/auth/viewer.ts';
import { accessRefusal, selectedRootFields } from '../../server/graphql/auth/access.plugin.ts';
import { FIELD_ACCESS } from '../../server/graphql/auth/field-access.ts';
import { clearlineSchema } from '../../server/graphql/schema.ts';

describe('field access rules', () => {
  it('declare a rule for every root field of the schema, and none for fields that do not exist', async () => {
    const schema = await clearlineSchema();
    const rootFields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
      .flatMap((type) => (type ? Object.keys(type.getFields()).map((name) => `${type.name}.${name}`) : []));
    expect(rootFields.filter((field) => !(field in FIELD_ACCESS)), 'root fields without an access rule').toEqual([]);
    expect(Object.keys(FIELD_ACCESS).filter((field) => !rootFields.includes(field)), 'rules for missing fields').toEqual([]);
  });

  it('find root fields through fragments and inline fragments, and introspection', async () => {
    const schema = await clearlineSchema();
    const document = parse(`query Q { ...A ... on Query { channels { code } } __schema { queryType { name } } }
      fragment A on Query { ...B me { username } }
      fragment B on Query { complaints(first: 1) { totalCount } }`);
    const operation = document.definitions[0] as import('graphql').OperationDefinitionNode;
    expect(selectedRootFields(schema, document, operation).sort()).toEqual(['Query.channels', 'Query.complaints', 'Query.me', 'introspection']);
  });

  it('refuse an unknown root field to everyone, administrators included', () => {
    const admin: Viewer = { id: '1', displayName: 'A', roles: [...ROLES], orgUnitScope: ['/'] };
    expect(accessRefusal(['Query.somethingNew'], admin, null, false)).toEqual({
      code: 'FORBIDDEN', message: 'Query.somethingNew has no access rule and is refused (declare one in server/graphql/auth/field-access.ts).',
    });
  });
});
