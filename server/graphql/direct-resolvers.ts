import { isObjectType, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage, type BuildSchemaOptions } from 'type-graphql';
import { ArgumentConverters, type ArgumentMetadata } from './argument-converters.ts';

type Param = { kind: string; index: number; name?: string; propertyName?: string; getType?: () => unknown; validateSettings?: unknown; validateFn?: unknown };
type ResolverMetadata = {
  target: Function;
  methodName: string;
  schemaName: string;
  params?: Param[];
  middlewares?: unknown[];
  roles?: unknown[];
};
type FieldResolverMetadata = ResolverMetadata & { kind: 'internal' | 'external'; getObjectType?: () => Function };

/**
 * Calls the field resolvers and queries of our resolver classes directly. type-graphql
 * calls each one through a wrapper that, on every call, looks the resolver
 * up in its container, sorts its parameter list, maps it into the
 * arguments, checks them for promises and runs the (empty) middleware chain:
 * a nested page of 100 complaints makes some 2,000 such calls, and the
 * wrapper was a tenth of the CPU of running it. Here the arguments are laid
 * out once, at schema build.
 *
 * The queries too: one call per field of an operation, but the wrapper
 * converts their input objects by searching type-graphql's metadata on every
 * call (server/graphql/argument-converters.ts does it once) and awaits each
 * argument's validation even when it is off. Timed inside the server (~1M
 * overview, session 12), execution took 0.13–0.16 ms to reach the first of
 * its three kpis resolvers through the wrapper, 0.05 ms directly.
 * Mutations keep type-graphql's wrapper.
 *
 * Only resolvers whose parameters are @Root(), @Ctx(), @Info(), @Args() and
 * @Arg() of scalars, enums and input classes made of them, with no
 * middleware, roles or validation of their own, are replaced; the others
 * keep type-graphql's wrapper. And only while the schema is built without
 * validation, global middleware or auth checker (server/graphql/schema.ts),
 * so that the wrapper would do nothing but call (access is checked per
 * operation, before execution: server/graphql/auth/access.plugin.ts).
 */
export function callResolversDirectly(schema: GraphQLSchema, built: Pick<BuildSchemaOptions, 'resolvers' | 'validate' | 'globalMiddlewares' | 'authChecker'>): void {
  // What the wrapper would do besides calling: then it stays, for every field.
  if (built.validate !== false || built.globalMiddlewares?.length || built.authChecker) return;
  const resolverClasses = built.resolvers as readonly Function[];
  const storage = getMetadataStorage() as unknown as ArgumentMetadata & {
    fieldResolvers: FieldResolverMetadata[];
    queries: ResolverMetadata[];
    objectTypes: { target: Function; name: string }[];
  };
  const converters = new ArgumentConverters(storage);
  const replace = (type: GraphQLObjectType | null | undefined, metadata: ResolverMetadata) => {
    if (!type || !resolverClasses.includes(metadata.target) || metadata.middlewares?.length || metadata.roles) return;
    const field = type.getFields()[metadata.schemaName];
    if (!field?.resolve) return;
    const direct = directResolver(metadata, converters);
    if (!direct) return;
    // Named for profiles and tests.
    Object.defineProperty(direct, 'name', { value: `direct ${type.name}.${metadata.schemaName}` });
    field.resolve = direct;
  };
  for (const metadata of storage.fieldResolvers) {
    if (metadata.kind !== 'external' || !metadata.getObjectType) continue;
    const objectClass = metadata.getObjectType();
    const type = schema.getType(storage.objectTypes.find((objectType) => objectType.target === objectClass)?.name ?? '');
    replace(isObjectType(type) ? type : undefined, metadata);
  }
  for (const metadata of storage.queries) replace(schema.getQueryType(), metadata);
}

type Picker = (root: unknown, context: unknown, info: unknown, args: Record<string, unknown>) => unknown;

function directResolver(metadata: ResolverMetadata, converters: ArgumentConverters): GraphQLFieldResolver<unknown, unknown> | undefined {
  const picks: Picker[] = [];
  for (const param of [...(metadata.params ?? [])].sort((a, b) => a.index - b.index)) {
    const property = param.propertyName;
    if (param.validateSettings !== undefined || param.validateFn !== undefined) return undefined; // its own validation: type-graphql's wrapper
    if (param.kind === 'root' && param.getType === undefined) picks.push(property ? (root) => (root as Record<string, unknown>)[property] : (root) => root);
    else if (param.kind === 'context') picks.push(property ? (_, context) => (context as Record<string, unknown>)[property] : (_, context) => context);
    else if (param.kind === 'info') picks.push((_, __, info) => info);
    else if (param.kind === 'args' && param.getType) {
      const convert = converters.argsClass(param.getType());
      if (!convert) return undefined;
      picks.push((_, __, ___, args) => convert(args));
    } else if (param.kind === 'arg' && param.getType && param.name) {
      const convert = converters.value(param.getType());
      const name = param.name;
      if (!convert) return undefined;
      picks.push((_, __, ___, args) => convert(args[name]));
    } else return undefined; // the rest: type-graphql's wrapper
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
