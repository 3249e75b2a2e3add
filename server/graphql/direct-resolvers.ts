import { GraphQLScalarType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage, type BuildSchemaOptions } from 'type-graphql';

type Param = { kind: string; index: number; propertyName?: string; getType?: () => unknown };
type ArgsTypes = { target: Function; fields: { name: string; getType: () => unknown }[] }[];
type FieldResolverMetadata = {
  kind: 'internal' | 'external';
  target: Function;
  methodName: string;
  schemaName: string;
  getObjectType?: () => Function;
  params?: Param[];
  middlewares?: unknown[];
  roles?: unknown[];
};

/**
 * Calls the field resolvers of our resolver classes directly. type-graphql
 * calls each one through a wrapper that, on every call, looks the resolver
 * up in its container, sorts its parameter list, maps it into the
 * arguments, checks them for promises and runs the (empty) middleware chain:
 * a nested page of 100 complaints makes some 2,000 such calls, and the
 * wrapper was a tenth of the CPU of running it. Here the arguments are laid
 * out once, at schema build.
 *
 * Only resolvers whose parameters are @Root(), @Ctx(), @Info() and @Args()
 * of scalar fields (the relations, ids and nested pages), with no middleware
 * and no roles, are replaced; the others (@Arg, input objects, which
 * type-graphql converts to their classes) keep type-graphql's wrapper.
 * And only while the schema is built without validation, global middleware
 * or auth checker (server/graphql/schema.ts), so that the wrapper would do
 * nothing but call (access is checked per operation, before execution:
 * server/graphql/auth/access.plugin.ts).
 */
export function callFieldResolversDirectly(schema: GraphQLSchema, built: Pick<BuildSchemaOptions, 'resolvers' | 'validate' | 'globalMiddlewares' | 'authChecker'>): void {
  // What the wrapper would do besides calling: then it stays, for every field.
  if (built.validate !== false || built.globalMiddlewares?.length || built.authChecker) return;
  const resolverClasses = built.resolvers as readonly Function[];
  const storage = getMetadataStorage() as unknown as {
    fieldResolvers: FieldResolverMetadata[];
    objectTypes: { target: Function; name: string }[];
    argumentTypes: ArgsTypes;
  };
  for (const metadata of storage.fieldResolvers) {
    if (metadata.kind !== 'external' || !resolverClasses.includes(metadata.target) || !metadata.getObjectType) continue;
    if (metadata.middlewares?.length || metadata.roles) continue;
    const objectClass = metadata.getObjectType();
    const typeName = storage.objectTypes.find((type) => type.target === objectClass)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = isObjectType(type) ? type.getFields()[metadata.schemaName] : undefined;
    if (!field?.resolve) continue;
    const direct = directResolver(metadata, storage.argumentTypes);
    if (!direct) continue;
    // Named for profiles and tests.
    Object.defineProperty(direct, 'name', { value: `direct ${typeName}.${metadata.schemaName}` });
    field.resolve = direct;
  }
}

type Picker = (root: unknown, context: unknown, info: unknown, args: Record<string, unknown>) => unknown;

function directResolver(metadata: FieldResolverMetadata, argumentTypes: ArgsTypes): GraphQLFieldResolver<unknown, unknown> | undefined {
  const picks: Picker[] = [];
  for (const param of [...(metadata.params ?? [])].sort((a, b) => a.index - b.index)) {
    const property = param.propertyName;
    if (param.kind === 'root' && param.getType === undefined) picks.push(property ? (root) => (root as Record<string, unknown>)[property] : (root) => root);
    else if (param.kind === 'context') picks.push(property ? (_, context) => (context as Record<string, unknown>)[property] : (_, context) => context);
    else if (param.kind === 'info') picks.push((_, __, info) => info);
    else if (param.kind === 'args' && param.getType) {
      const convert = scalarArgsClass(param.getType(), argumentTypes);
      if (!convert) return undefined;
      picks.push((_, __, ___, args) => convert(args));
    } else return undefined; // other arguments and the rest: type-graphql's wrapper
  }
  // Resolver classes have no constructor arguments; type-graphql's default container keeps one instance of each too.
  const instance = new (metadata.target as new () => Record<string, (...args: unknown[]) => unknown>)();
  const method = instance[metadata.methodName]!;
  const [first, second, third] = picks;
  switch (picks.length) {
    case 0: return () => method.call(instance);
    case 1: return (root, args, context, info) => method.call(instance, first!(root, context, info, args));
    case 2: return (root, args, context, info) => method.call(instance, first!(root, context, info, args), second!(root, context, info, args));
    case 3: return (root, args, context, info) => method.call(instance, first!(root, context, info, args), second!(root, context, info, args), third!(root, context, info, args));
    default: return (root, args, context, info) => method.apply(instance, picks.map((pick) => pick(root, context, info, args)));
  }
}

/**
 * For an @ArgsType class of scalar fields only (PageArgs): the instance
 * type-graphql would make of the arguments (its convertArgsToInstance, with
 * validation off): the class, holding the arguments given. Otherwise undefined.
 */
function scalarArgsClass(argsClass: unknown, argumentTypes: ArgsTypes): ((args: Record<string, unknown>) => object) | undefined {
  const argsType = argumentTypes.find((type) => type.target === argsClass);
  if (!argsType || Object.getPrototypeOf(argsType.target) !== Function.prototype) return undefined; // inherited fields: leave to type-graphql
  const isScalar = (type: unknown) => type instanceof GraphQLScalarType || type === String || type === Number || type === Boolean;
  if (!argsType.fields.every((field) => isScalar(field.getType()))) return undefined;
  const names = argsType.fields.map((field) => field.name);
  const ArgsClass = argsType.target as new () => Record<string, unknown>;
  return (args) => {
    const given: Record<string, unknown> = {};
    for (const name of names) if (args[name] !== undefined) given[name] = args[name];
    const instance = new ArgsClass();
    for (const key of Object.keys(instance)) if (instance[key] === undefined && !(key in given)) delete instance[key];
    return Object.assign(instance, given);
  };
}
