import { GraphQLScalarType } from 'graphql';

/** What type-graphql's metadata storage holds about argument and input classes (the parts read here). */
export type ArgumentMetadata = {
  argumentTypes: { target: Function; fields: { name: string; getType: () => unknown }[] }[];
  inputTypes: { target: Function; fields: { name: string; getType: () => unknown }[] }[];
  enums: { enumObj: object }[];
};

export type Convert = (value: unknown) => unknown;
type Fields = { name: string; getType: () => unknown }[];

/**
 * type-graphql's conversion of a resolver's arguments into instances of
 * their classes (its convert-args.js, with validation off), the same
 * instances, with its lookups done once per class instead of on every
 * call (it searches the metadata of every input type for each field of
 * each argument on each call; see server/graphql/direct-resolvers.ts for
 * what calling the queries directly saves). Undefined for a type it does not cover (then type-graphql's own
 * conversion stays): scalars, enums and input classes made of them are.
 */
export class ArgumentConverters {
  private readonly inputs = new Map<unknown, Convert | undefined>();

  constructor(private readonly metadata: ArgumentMetadata) {}

  /** An @ArgsType class: the instance holding the arguments given (convertArgsToInstance). */
  argsClass(target: unknown): ((args: Record<string, unknown>) => object) | undefined {
    const fields = this.inheritedFields(target, this.metadata.argumentTypes, false);
    if (!fields) return undefined;
    const converts = fields.map((field) => this.value(field.getType()));
    if (converts.some((convert) => !convert)) return undefined;
    const named = fields.map((field, i) => [field.name, converts[i]!] as const);
    return (args) => {
      const given: Record<string, unknown> = {};
      for (const [name, convert] of named) if (args[name] !== undefined) given[name] = convert(args[name]);
      return instanceOf(target as new () => object, given);
    };
  }

  /** One argument's or field's value of type `target`, lists item by item (convertValuesToInstances). */
  value(target: unknown): Convert | undefined {
    if (this.passesThrough(target)) return identity;
    const input = this.input(target);
    if (!input) return undefined;
    const convert: Convert = (value) => (value == null ? value : Array.isArray(value) ? value.map(convert) : input(value));
    return convert;
  }

  /** An input object's value: its class, its fields converted (convertToInput). Built once per class, lazily for self-reference. */
  private input(target: unknown): Convert | undefined {
    if (this.inputs.has(target)) return this.inputs.get(target);
    const fields = this.inheritedFields(target, this.metadata.inputTypes, true);
    if (!fields) return undefined;
    let named: (readonly [string, Convert])[] = [];
    const convert: Convert = (data) => {
      if (data == null) return data;
      if (Array.isArray(data)) return data.map(convert);
      const given: Record<string, unknown> = {};
      for (const [name, convertField] of named) {
        const value = (data as Record<string, unknown>)[name];
        if (value !== undefined) given[name] = convertField(value);
      }
      return instanceOf(target as new () => object, given);
    };
    this.inputs.set(target, convert);
    const converts = fields.map((field) => this.fieldValue(field.getType()));
    if (converts.some((c) => !c)) {
      this.inputs.set(target, undefined);
      return undefined;
    }
    named = fields.map((field, i) => [field.name, converts[i]!] as const);
    return convert;
  }

  /** An input field's value: as is for scalars and enums; an input object's, item by item for a list. */
  private fieldValue(target: unknown): Convert | undefined {
    if (this.passesThrough(target)) return identity;
    const input = this.input(target);
    if (!input) return undefined;
    return (value) => (value === null ? null : Array.isArray(value) ? value.map(input) : input(value));
  }

  /** type-graphql hands these on as given: scalars, their classes, enums (their values are strings or numbers). */
  private passesThrough(target: unknown): boolean {
    return target instanceof GraphQLScalarType || target === String || target === Number || target === Boolean || target === Date
      || this.metadata.enums.some((registered) => registered.enumObj === target);
  }

  /** A class's fields with its superclasses', in type-graphql's order; undefined if it is not of `kind`. */
  private inheritedFields(target: unknown, kind: ArgumentMetadata['inputTypes'], dropShadowed: boolean): Fields | undefined {
    const own = kind.find((type) => type.target === target);
    if (!own) return undefined;
    let fields: Fields = own.fields;
    for (let parent = Object.getPrototypeOf(target); parent.prototype !== undefined; parent = Object.getPrototypeOf(parent)) {
      const inherited = kind.find((type) => type.target === parent)?.fields ?? [];
      const names = new Set(fields.map((field) => field.name));
      fields = [...fields, ...(dropShadowed ? inherited.filter((field) => !names.has(field.name)) : inherited)];
    }
    return fields;
  }
}

const identity: Convert = (value) => value;

/** type-graphql's convertToType for a class and a plain object: a new instance, without the class's own fields left undefined that were not given. */
function instanceOf(Target: new () => object, given: Record<string, unknown>): object {
  const instance = new Target() as Record<string, unknown>;
  for (const key of Object.keys(instance)) if (instance[key] === undefined && !(key in given)) delete instance[key];
  return Object.assign(instance, given);
}
