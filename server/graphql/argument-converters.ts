import { GraphQLScalarType } from 'graphql';

/** What type-graphql's metadata storage holds about argument and input classes (the parts read here). */
export type ArgumentMetadata = {
  argumentTypes: { target: Function; fields: { name: string; getType: () => unknown }[] }[];
  inputTypes: { target: Function; fields: { name: string; getType: () => unknown }[] }[];
  enums: { enumObj: object }[];
};

export type Convert = (value: unknown) => unknown;
type Fields = { name: string; getType: () => unknown }[];
type NamedConverters = readonly (readonly [string, Convert])[];

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
    const named = fields && this.fieldConverters(fields);
    return named && ((args) => instanceWith(target as new () => object, named, args));
  }

  /**
   * One argument's or input field's value of type `target`: as given for
   * scalars and enums; an input object's, null as null and lists item by
   * item (convertValuesToInstances and convertToInput treat them alike).
   */
  value(target: unknown): Convert | undefined {
    return this.passesThrough(target) ? identity : this.input(target);
  }

  /** An input object's value: its class, its fields converted (convertToInput). Built once per class, lazily for self-reference. */
  private input(target: unknown): Convert | undefined {
    if (this.inputs.has(target)) return this.inputs.get(target);
    const fields = this.inheritedFields(target, this.metadata.inputTypes, true);
    if (!fields) return undefined;
    let named: NamedConverters = [];
    const convert: Convert = (data) =>
      data == null ? data : Array.isArray(data) ? data.map(convert) : instanceWith(target as new () => object, named, data as Record<string, unknown>);
    this.inputs.set(target, convert);
    const converters = this.fieldConverters(fields);
    this.inputs.set(target, converters && convert);
    named = converters ?? [];
    return converters && convert;
  }

  /** Each field's name and converter; undefined if any field's type is not covered. */
  private fieldConverters(fields: Fields): NamedConverters | undefined {
    const named: [string, Convert][] = [];
    for (const field of fields) {
      const convert = this.value(field.getType());
      if (!convert) return undefined;
      named.push([field.name, convert]);
    }
    return named;
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

/** An instance of `Target` holding the fields `data` gives, each converted; fields absent from `data` stay absent. */
function instanceWith(Target: new () => object, fields: NamedConverters, data: Record<string, unknown>): object {
  const given: Record<string, unknown> = {};
  for (const [name, convert] of fields) if (data[name] !== undefined) given[name] = convert(data[name]);
  // type-graphql's convertToType: a new instance, without the class's own fields left undefined that were not given.
  const instance = new Target() as Record<string, unknown>;
  for (const key of Object.keys(instance)) if (instance[key] === undefined && !(key in given)) delete instance[key];
  return Object.assign(instance, given);
}
