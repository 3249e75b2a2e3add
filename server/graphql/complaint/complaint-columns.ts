import type { GraphQLResolveInfo, OperationDefinitionNode } from 'graphql';
import type { DataSource } from 'typeorm';
import { ComplaintEntity } from '../../entities/complaint.entity.ts';
import { raw } from '../../db/sql.ts';
import { fieldsSelectedOn } from '../common/selected-fields.ts';
import type { Projection } from '../loaders.ts';

/**
 * Which fact_complaint columns a query's complaint rows need: the keys
 * always, plus the groups of columns its selected Complaint fields read.
 * A page of 100 complaints with each customer's five newest reads some 600
 * rows; all 29 columns of each (five timestamps among them) made parsing
 * them and collecting the garbage a large part of the request.
 *
 * Columns go in groups, not one by one: each distinct column list is another
 * statement text (prepared once per connection), so the lists must stay
 * few, whatever clients select (at most 2^6 here).
 */
export const ALWAYS_READ = ['complaint_id', 'customer_id', 'category_id', 'channel_id', 'org_unit_id', 'prior_complaint_id', 'exemption_filing_id'] as const;

export const COLUMN_GROUPS = {
  received: ['received_at', 'received_date'],
  lifecycle: ['first_response_at', 'resolved_at', 'resolved_date', 'closed_at', 'sla_due_at', 'sla_met', 'calendar_minutes_to_resolve', 'business_minutes_to_resolve', 'reopened_count'],
  status: ['status'],
  description: ['description'],
  source: ['source_system', 'source_id'],
  flags: ['is_repeat', 'escalated', 'upheld', 'resolved_at_first_contact', 'redress_amount', 'customer_segment', 'loaded_at'],
} as const satisfies Record<string, readonly string[]>;

type Group = keyof typeof COLUMN_GROUPS;
const ALL_GROUPS = Object.keys(COLUMN_GROUPS) as Group[];

/**
 * Complaint fields that have a resolver (server/graphql/complaint/complaint.resolver.ts),
 * and the groups their resolver reads beyond the keys. A field that is
 * neither here nor a column of the entity reads every column.
 */
export const RESOLVER_GROUPS: Record<string, readonly Group[]> = {
  __typename: [], id: [], customer: [], category: [], channel: [], orgUnit: [], surveys: [], priorComplaint: [], exempt: [], exemptionFiling: [],
  overdue: ['lifecycle'], hoursToResolve: ['lifecycle'], businessHoursToResolve: ['lifecycle'],
};

/** The columns to read, as a select list for the alias `c`, and a key naming them (for DataLoader keys). */
export type ComplaintColumns = Projection;

const groupOfColumn = new Map<string, Group>(ALL_GROUPS.flatMap((group) => COLUMN_GROUPS[group].map((column) => [column, group] as const)));
const byOperation = new WeakMap<OperationDefinitionNode, ComplaintColumns>();
const byGroups = new Map<string, ComplaintColumns>();

/** The columns for the complaint rows of this request's operation (the same for all of them, so loads made anywhere in the request share their statements). */
export function complaintColumns(db: DataSource, info: Pick<GraphQLResolveInfo, 'schema' | 'operation' | 'fragments'>): ComplaintColumns {
  let columns = byOperation.get(info.operation);
  if (!columns) byOperation.set(info.operation, (columns = columnsForFields(db, fieldsSelectedOn(info, 'Complaint'))));
  return columns;
}

export function columnsForFields(db: DataSource, fields: Iterable<string>): ComplaintColumns {
  const propertyColumns = new Map(db.getMetadata(ComplaintEntity).columns.map((c) => [c.propertyName, c.databaseName]));
  const groups = new Set<Group>();
  for (const field of fields) {
    const resolved = RESOLVER_GROUPS[field];
    const column = propertyColumns.get(field);
    if (resolved) resolved.forEach((group) => groups.add(group));
    else if (column && ALWAYS_READ.includes(column as never)) continue;
    else if (column && groupOfColumn.has(column)) groups.add(groupOfColumn.get(column)!);
    else ALL_GROUPS.forEach((group) => groups.add(group)); // unknown: read everything
  }
  const chosen = ALL_GROUPS.filter((group) => groups.has(group));
  const key = chosen.join(',');
  let columns = byGroups.get(key);
  if (!columns) {
    const names = [...ALWAYS_READ, ...chosen.flatMap((group) => COLUMN_GROUPS[group])];
    byGroups.set(key, (columns = { key, select: raw(names.map((name) => `c.${name}`).join(', ')) }));
  }
  return columns;
}
