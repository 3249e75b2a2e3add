import { isAbstractType, isObjectType, TypeInfo, visit, visitWithTypeInfo, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';

type OperationInfo = Pick<GraphQLResolveInfo, 'schema' | 'operation' | 'fragments'>;

const byOperation = new WeakMap<OperationDefinitionNode, Map<string, ReadonlySet<string>>>();

/**
 * The names of the fields an operation selects on objects of `typeName`,
 * anywhere in it (through fragments, and on interfaces the type implements).
 * @skip and @include are ignored: the answer is a superset, the same for
 * every value of the variables, so it can be kept per parsed operation
 * (Apollo hands the same one to every request with the same query text).
 */
export function fieldsSelectedOn(info: OperationInfo, typeName: string): ReadonlySet<string> {
  let types = byOperation.get(info.operation);
  if (!types) byOperation.set(info.operation, (types = new Map()));
  let fields = types.get(typeName);
  if (!fields) types.set(typeName, (fields = collect(info, typeName)));
  return fields;
}

function collect({ schema, operation, fragments }: OperationInfo, typeName: string): ReadonlySet<string> {
  const type = schema.getType(typeName);
  const fields = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (!parent || !isObjectType(type)) return;
      if (parent === type || (isAbstractType(parent) && schema.isSubType(parent, type))) fields.add(node.name.value);
    },
  });
  visit(operation, visitor);
  // Every fragment of the document, used or not: a superset is safe.
  for (const fragment of Object.values(fragments)) visit(fragment, visitor);
  return fields;
}
