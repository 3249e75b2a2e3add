import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../common/api-error.ts';
import { decodeCursor, encodeCursor, type Position } from './cursor.ts';

/** A page holds at most this many rows: asking for more is an error, never a silent cut. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

@ObjectType({ simpleResolvers: true, description: 'Where a page sits in the whole list (Relay).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More rows follow this page (paging forward with `first`).' })
  hasNextPage: boolean;

  @Field(() => Boolean, { description: 'More rows precede this page (paging backward with `last`).' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first row of the page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last row of the page.' })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Rows after \`after\` (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Continue after this cursor.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Rows before \`before\`, counted from the end (at most ${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Continue before this cursor.' })
  before?: string | null;
}

export type PageRequest = {
  /** backward: `last`/`before`, read in reverse order and flipped back. */
  backward: boolean;
  limit: number;
  cursor: Position | undefined;
};

function pageSize(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) throw badInput(field, `must be 0 or more, got ${value}`);
  if (value > MAX_PAGE_SIZE) throw badInput(field, `at most ${MAX_PAGE_SIZE} rows per page, got ${value}; page through the rest with \`after\``);
  return value;
}

export function pageRequest(args: PageArgs, prefix = ''): PageRequest {
  const name = (arg: string) => `${prefix}${arg}`;
  if (args.first != null && args.last != null) throw badInput(name('first'), 'give `first` or `last`, not both');
  if (args.after != null && args.before != null) throw badInput(name('after'), 'give `after` or `before`, not both');
  if (args.last != null || args.before != null) {
    if (args.after != null) throw badInput(name('after'), 'use `after` with `first`, not with `last`');
    return {
      backward: true,
      limit: pageSize(args.last ?? DEFAULT_PAGE_SIZE, name('last')),
      cursor: args.before != null ? decodeCursor(args.before, name('before')) : undefined,
    };
  }
  return {
    backward: false,
    limit: pageSize(args.first ?? DEFAULT_PAGE_SIZE, name('first')),
    cursor: args.after != null ? decodeCursor(args.after, name('after')) : undefined,
  };
}

export type Edge<T> = { node: T; cursor: string };
export type ConnectionResult<T> = {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** A getter: the COUNT statement runs only when the query selects totalCount. */
  readonly totalCount: Promise<number>;
};

/** A connection whose totalCount is counted lazily, on first access. */
export function withLazyCount<T>(page: Omit<ConnectionResult<T>, 'totalCount'>, count: () => Promise<number>): ConnectionResult<T> {
  return page instanceof Page ? page.countedBy(count) : new Page(page.nodes, page.pageInfo, () => page.edges, count);
}

/**
 * A connection's value. A class, not an object literal with getters: a
 * nested page makes one per customer, and a literal's getters are new
 * closures each time.
 */
class Page<T> implements ConnectionResult<T> {
  private counted: Promise<number> | undefined;

  constructor(
    readonly nodes: T[],
    readonly pageInfo: PageInfo,
    private readonly edgesOf: () => Edge<T>[],
    private readonly count: () => Promise<number>,
  ) {}

  get edges(): Edge<T>[] {
    return this.edgesOf();
  }

  get totalCount(): Promise<number> {
    return (this.counted ??= this.count());
  }

  /** The same page, counted another way. */
  countedBy(count: () => Promise<number>): Page<T> {
    return new Page(this.nodes, this.pageInfo, this.edgesOf, count);
  }
}

/** Cursors are encoded when read: a nested page (a customer's complaints) usually selects `nodes` alone. */
class PageCursors<T> implements PageInfo {
  private edgeList: Edge<T>[] | undefined;

  constructor(
    private readonly page: T[],
    private readonly positionOf: (row: T) => Position,
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  cursorOf(node: T): string {
    return encodeCursor(this.positionOf(node));
  }

  edges(): Edge<T>[] {
    return (this.edgeList ??= this.page.map((node) => ({ node, cursor: this.cursorOf(node) })));
  }

  get startCursor(): string | null {
    return this.page.length > 0 ? this.cursorOf(this.page[0]!) : null;
  }

  get endCursor(): string | null {
    return this.page.length > 0 ? this.cursorOf(this.page.at(-1)!) : null;
  }
}

/**
 * Turns `limit + 1` rows fetched in page order (reversed for backward pages)
 * into a Relay connection; the extra row only says whether more exist.
 */
export function toConnection<T>(
  rows: T[],
  request: PageRequest,
  positionOf: (row: T) => Position,
  count: () => Promise<number>,
): ConnectionResult<T> {
  const hasMore = rows.length > request.limit;
  const page = hasMore || request.backward ? rows.slice(0, request.limit) : rows;
  if (request.backward) page.reverse();
  const cursors = new PageCursors(page, positionOf, !request.backward && hasMore, request.backward && hasMore);
  return new Page(page, cursors, () => cursors.edges(), count);
}

/** The Relay connection and edge types of a node type, e.g. ComplaintConnection. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string, plural: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${name.toLowerCase()} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => nodeType, { description: `The ${name.toLowerCase()}.` })
    node: T;

    @Field(() => String, { description: 'Opaque position of this row, for `after`/`before`.' })
    cursor: string;
  }

  @ObjectType({ simpleResolvers: true })
  abstract class ConnectionClass {
    @Field(() => [EdgeType], { description: `The ${plural} of this page, with cursors.` })
    edges: EdgeType[];

    @Field(() => [nodeType], { description: `The ${plural} of this page (the same as edges.node).` })
    nodes: T[];

    @Field(() => PageInfo, { description: 'Whether more pages exist, and the cursors to reach them.' })
    pageInfo: PageInfo;

    // Not simple: the value is a promise (counted on demand), which only a resolver awaits under graphql-jit.
    @Field(() => Int, { simple: false, description: `How many ${plural} match the filter in all pages (costs one extra statement; ask only when needed).` })
    totalCount: number;
  }
  return ConnectionClass;
}
