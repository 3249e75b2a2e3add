import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { visibleTo, type Viewer } from '../auth/viewer.ts';
import { CategoryEntity } from '../entities/category.entity.ts';
import { ChannelEntity } from '../entities/channel.entity.ts';
import { ComplaintEntity } from '../entities/complaint.entity.ts';
import { CustomerFlagEntity } from '../entities/customer-flag.entity.ts';
import { CustomerEntity } from '../entities/customer.entity.ts';
import { ExemptionFilingEntity } from '../entities/exemption-filing.entity.ts';
import { OrgUnitEntity } from '../entities/org-unit.entity.ts';
import { SurveyEntity } from '../entities/survey.entity.ts';
import { selectEntities, selectRows, sql, type Extras, type Sql } from '../db/sql.ts';
import { inViewerScope } from './common/scope.ts';
import type { ReferenceData, ReferenceSnapshot } from './reference-data.ts';
import { ComplaintType } from './complaint/complaint.type.ts';
import { CustomerType } from './customer/customer.type.ts';
import { ExemptionFilingType } from './exemption-filing/exemption-filing.type.ts';
import { SurveyType } from './survey/survey.type.ts';
import { toConnection, type ConnectionResult, type PageRequest } from './relay/connection.ts';
import { keysetPage, type SortKey } from './relay/keyset.ts';
import { SettledLoader } from './settled-loader.ts';

// Per-request DataLoaders: every relation of a page is fetched for all its
// rows in one statement, so a nested page costs one statement per level,
// never one per row. Facts and customers are scoped to the viewer here too.
// Rows are built on their GraphQL type's prototype: type-graphql then hands
// them to field resolvers as they are, instead of copying each row per field.

type Keyed = { id: string | number };

/** Lookups by a batch of ids: planned once per connection. */
const PREPARED = { prepare: 'reuse-plan' } as const;

function byId<K extends string | number, T extends Keyed>(keys: readonly K[], rows: T[]): (T | null)[] {
  const index = new Map(rows.map((row) => [String(row.id), row]));
  return keys.map((key) => index.get(String(key)) ?? null);
}

function groupedBy<K extends string | number, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => string | number | null): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = String(keyOf(row));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(row);
  }
  return keys.map((key) => groups.get(String(key)) ?? []);
}

/** The columns to read (a select list for the alias `c`), and a key naming them; absent: all of them. */
export type Projection = { key: string; select: Sql };

/** A page of rows under one parent (e.g. a customer's complaints): the loader key. */
export type ChildPageKey = { parentId: string; request: PageRequest; columns?: Projection };

/**
 * Which statement a key belongs to: page direction and size, columns, cursor. Computed for
 * every load (a page of 100 customers makes hundreds), so JSON only for the rare cursor,
 * last, where nothing can follow it (the other parts hold no '.').
 */
const pageShape = ({ request, columns }: ChildPageKey) =>
  `${request.backward ? 'b' : 'f'}.${request.limit}.${columns?.key ?? '*'}.${request.cursor ? JSON.stringify([request.cursor.value, request.cursor.id]) : ''}`;
const childPageCacheKey = (key: ChildPageKey) => `${key.parentId}|${pageShape(key)}`;

const positionOfChild = (row: Keyed & Extras) => ({ value: row.sortKey!, id: String(row.id) });
const countChildPagesElsewhere = () => Promise.reject(new Error('count child pages with their own loader'));

/**
 * Pages of children for many parents in one statement: a LATERAL keyset page
 * per parent. Keys asking for different page shapes (or columns) run as separate groups.
 */
function childPages<T extends Keyed & Extras>(
  load: (parentIds: string[], request: PageRequest, select: Sql) => Promise<T[]>,
): (keys: readonly ChildPageKey[]) => Promise<ConnectionResult<T>[]> {
  return async (keys) => {
    const groups = new Map<string, { request: PageRequest; select: Sql; parentIds: string[] }>();
    for (const key of keys) {
      const shape = pageShape(key);
      let group = groups.get(shape);
      if (!group) groups.set(shape, (group = { request: key.request, select: key.columns?.select ?? sql`c.*`, parentIds: [] }));
      group.parentIds.push(key.parentId);
    }
    const pages = new Map<string, ConnectionResult<T>>();
    for (const [shape, group] of groups) {
      const rows = await load(group.parentIds, group.request, group.select);
      childPagesOf(group.parentIds, rows, group.request).forEach((page, i) => pages.set(`${group.parentIds[i]}|${shape}`, page));
    }
    return keys.map((key) => pages.get(childPageCacheKey(key))!);
  };
}

/** Each parent's page, from the rows of a lateralPage statement (tagged with their parent's id, group_key). */
export function childPagesOf<T extends Keyed & Extras>(parentIds: readonly string[], rows: T[], request: PageRequest): ConnectionResult<T>[] {
  return groupedBy(parentIds, rows, (row) => row.groupKey ?? null).map((children) => toConnection(children, request, positionOfChild, countChildPagesElsewhere));
}

/** `parent(id)` for a lateralPage: the loader's keys, bound as one array. */
const boundParents = (parentIds: readonly string[]) => sql`unnest(${parentIds}::bigint[]) AS parent(id)`;

/** A keyset page of children per parent, `parents` being a FROM item `parent(id)`. */
function lateralPage(parents: Sql, select: Sql, table: Sql, parentColumn: Sql, conditions: Sql[], key: SortKey, request: PageRequest): Sql {
  return sql`SELECT page.*, parent.id AS group_key FROM ${parents}
             CROSS JOIN LATERAL (${keysetPage(select, table, [sql`${parentColumn} = parent.id`, ...conditions], key, request)}) AS page`;
}

const NEWEST_COMPLAINTS_FIRST: SortKey = { column: sql`c.received_at`, type: 'timestamptz', id: sql`c.complaint_id`, descending: true };

/**
 * The statements of the surveysOfComplaint and complaintsOfCustomer loaders,
 * for ids given as SQL: the loaders' bound keys, or the ids a page's own
 * statement selects, read again in the page's round trip
 * (server/graphql/complaint/complaint.query.ts), whose rows then prime the
 * loaders. One definition, so both ways read the same rows.
 */
export function surveysOfComplaintsStatement(viewer: Viewer, complaintIdIn: (column: Sql) => Sql): Sql {
  return sql`SELECT c.* FROM fact_survey c WHERE ${complaintIdIn(sql`c.complaint_id`)} AND ${inViewerScope(viewer, sql`c.org_unit_id`)} ORDER BY c.surveyed_at, c.survey_id`;
}

/** See surveysOfComplaintsStatement: a page of each customer's complaints, `customers` a FROM item `parent(id)`. */
export function complaintsOfCustomersStatement(viewer: Viewer, customers: Sql, request: PageRequest, select: Sql): Sql {
  return lateralPage(customers, select, sql`fact_complaint c`, sql`c.customer_id`, [inViewerScope(viewer, sql`c.org_unit_id`)], NEWEST_COMPLAINTS_FIRST, request);
}

/** The surveys of each complaint, from the rows of surveysOfComplaintsStatement. */
export function surveysByComplaint(complaintIds: readonly string[], rows: SurveyEntity[]): SurveyEntity[][] {
  return groupedBy(complaintIds, rows, (survey) => survey.complaintId);
}

/**
 * A lookup in the cached dimensions with DataLoader's load/loadMany: the
 * value itself while the snapshot is loaded (no promise per row, which is
 * most of what labelling a page costs), else through the batching loader.
 */
class ReferenceLookup<K, V> {
  constructor(
    private readonly reference: ReferenceData,
    private readonly lookup: (snapshot: ReferenceSnapshot, key: K) => V,
    private readonly loader = new DataLoader<K, V>(async (keys) => {
      const snapshot = await reference.get();
      return keys.map((key) => lookup(snapshot, key));
    }),
  ) {}

  load(key: K): V | Promise<V> {
    const snapshot = this.reference.current();
    return snapshot ? this.lookup(snapshot, key) : this.loader.load(key);
  }

  loadMany(keys: readonly K[]): Promise<(V | Error)[]> {
    return this.loader.loadMany(keys);
  }
}

export function createLoaders(db: DataSource, viewer: Viewer, reference: ReferenceData) {
  const complaintScope = inViewerScope(viewer, sql`c.org_unit_id`);
  const newestSurveysFirst: SortKey = { column: sql`c.surveyed_at`, type: 'timestamptz', id: sql`c.survey_id`, descending: true };

  return {
    // Dimensions come from the in-memory reference data: no statement.
    orgUnit: new ReferenceLookup<number, OrgUnitEntity | null>(reference, ({ orgUnits }, id) => {
      const unit = orgUnits.get(id);
      return unit && visibleTo(viewer, unit.path) ? unit : null;
    }),

    orgUnitChildren: new ReferenceLookup<number, OrgUnitEntity[]>(reference, ({ orgUnitChildren }, id) =>
      (orgUnitChildren.get(id) ?? []).filter((unit) => visibleTo(viewer, unit.path))),

    category: new ReferenceLookup<number, CategoryEntity | null>(reference, ({ categories }, id) => categories.get(id) ?? null),

    categoryChildren: new ReferenceLookup<number, CategoryEntity[]>(reference, ({ categoryChildren }, id) => categoryChildren.get(id) ?? []),

    channel: new ReferenceLookup<number, ChannelEntity | null>(reference, ({ channels }, id) => channels.get(id) ?? null),

    exemptionFiling: new DataLoader<string, ExemptionFilingEntity | null>(async (ids) =>
      byId(ids, await selectEntities(db, ExemptionFilingEntity, sql`SELECT * FROM exemption_filing WHERE exemption_filing_id = ANY (${ids}::bigint[])`, ExemptionFilingType.prototype, PREPARED))),

    customer: new SettledLoader<string, CustomerEntity | null>(async (ids) =>
      byId(ids, await selectEntities(db, CustomerEntity, sql`SELECT * FROM dim_customer cu WHERE cu.customer_id = ANY (${ids}::bigint[]) AND ${inViewerScope(viewer, sql`cu.org_unit_id`)}`, CustomerType.prototype, PREPARED))),

    customerFlags: new DataLoader<string, CustomerFlagEntity[]>(async (ids) =>
      groupedBy(ids, await selectEntities(db, CustomerFlagEntity, sql`SELECT * FROM dim_customer_flag WHERE customer_id = ANY (${ids}::bigint[]) ORDER BY valid_from`, undefined, PREPARED), (f) => f.customerId)),

    complaint: new DataLoader<string, ComplaintEntity | null>(async (ids) =>
      byId(ids, await selectEntities(db, ComplaintEntity, sql`SELECT c.* FROM fact_complaint c WHERE c.complaint_id = ANY (${ids}::bigint[]) AND ${complaintScope}`, ComplaintType.prototype, PREPARED))),

    surveysOfComplaint: new SettledLoader<string, SurveyEntity[]>(async (ids) =>
      surveysByComplaint(ids, await selectEntities(db, SurveyEntity, surveysOfComplaintsStatement(viewer, (column) => sql`${column} = ANY (${ids}::bigint[])`), SurveyType.prototype, PREPARED))),

    complaintsOfCustomer: new SettledLoader<ChildPageKey, ConnectionResult<ComplaintEntity & Extras>, string>(
      childPages((parentIds, request, select) => selectEntities(db, ComplaintEntity, complaintsOfCustomersStatement(viewer, boundParents(parentIds), request, select), ComplaintType.prototype, PREPARED)),
      childPageCacheKey,
    ),

    complaintCountOfCustomer: new DataLoader<string, number>(async (ids) => {
      const rows = await selectRows<{ id: string; n: number }>(db, sql`SELECT c.customer_id AS id, count(*)::int AS n FROM fact_complaint c WHERE c.customer_id = ANY (${ids}::bigint[]) AND ${complaintScope} GROUP BY c.customer_id`, PREPARED);
      const counts = new Map(rows.map((r) => [String(r.id), r.n]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),

    surveysOfCustomer: new DataLoader<ChildPageKey, ConnectionResult<SurveyEntity & Extras>, string>(
      childPages((parentIds, request, select) => selectEntities(db, SurveyEntity, lateralPage(boundParents(parentIds), select, sql`fact_survey c`, sql`c.customer_id`, [inViewerScope(viewer, sql`c.org_unit_id`)], newestSurveysFirst, request), SurveyType.prototype, PREPARED)),
      { cacheKeyFn: childPageCacheKey },
    ),

    surveyCountOfCustomer: new DataLoader<string, number>(async (ids) => {
      const rows = await selectRows<{ id: string; n: number }>(db, sql`SELECT c.customer_id AS id, count(*)::int AS n FROM fact_survey c WHERE c.customer_id = ANY (${ids}::bigint[]) AND ${inViewerScope(viewer, sql`c.org_unit_id`)} GROUP BY c.customer_id`, PREPARED);
      const counts = new Map(rows.map((r) => [String(r.id), r.n]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
