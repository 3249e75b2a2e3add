import { parse } from 'libpg-query';

// The SQL rules that keep Clearline's statements runnable on Citus with the
// facts distributed by customer (docs/OPERATIONS.md, "Beyond one machine"),
// checked on the parse tree of the real Postgres parser:
//
// 1. Two rows of customer-distributed tables (the facts, and the customers
//    with their flags, co-located with them) meet only on the same customer:
//    any two such tables in one SELECT (a join, or a subquery correlated
//    with an outer one) are connected by top-level equalities on customer_id.
// 2. Rollup tables (distributed differently, or local) are never joined row
//    to row with a fact table in one SELECT.
// 3. A window function over fact rows is partitioned by customer_id (so each
//    shard computes it alone).
//
// The other dimensions are reference tables (a copy on every node): joins to them are
// always allowed. Subqueries and CTEs that aggregate a fact on their own are
// planned separately by Citus and joined on the coordinator: allowed.

/** Distributed by customer_id, co-located (the "facts" of the rules below). */
export const DISTRIBUTED_FACTS: ReadonlySet<string> = new Set(['fact_complaint', 'fact_survey', 'dim_customer', 'dim_customer_flag']);
const isRollup = (table: string) => table.startsWith('rollup_');

type Node = Record<string, unknown>;
type Relation = { alias: string; table: string };

export type Violation = { rule: 'facts joined off customer_id' | 'rollup joined to a fact' | 'window over facts not partitioned by customer_id'; detail: string };

/** The fact and rollup relations named directly in a FROM list (through joins, not into subqueries). */
function relationsOf(from: unknown, found: Relation[] = []): Relation[] {
  for (const item of (Array.isArray(from) ? from : [from]) as Node[]) {
    if (!item || typeof item !== 'object') continue;
    const range = item.RangeVar as { relname: string; alias?: { aliasname: string } } | undefined;
    if (range) found.push({ alias: range.alias?.aliasname ?? range.relname, table: range.relname });
    const join = item.JoinExpr as { larg: unknown; rarg: unknown } | undefined;
    if (join) relationsOf([join.larg, join.rarg], found);
  }
  return found;
}

/** Visits every node below `value` except inside nested SELECTs (which are scopes of their own). */
function walkOwn(value: unknown, visit: (key: string, node: Node) => void): void {
  if (Array.isArray(value)) return value.forEach((v) => walkOwn(v, visit));
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Node)) {
    if (key === 'SelectStmt') continue;
    if (child && typeof child === 'object' && !Array.isArray(child)) visit(key, child as Node);
    walkOwn(child, visit);
  }
}

function columnRef(node: unknown): string[] | undefined {
  const ref = (node as Node | undefined)?.ColumnRef as { fields: { String?: { sval: string } }[] } | undefined;
  return ref?.fields.map((f) => f.String?.sval ?? '*');
}

/** Pairs of aliases equated on customer_id by the top-level AND conjuncts of a condition. */
function customerEqualities(condition: unknown, pairs: [string, string][] = []): [string, string][] {
  const node = condition as Node | undefined;
  if (!node) return pairs;
  const bool = node.BoolExpr as { boolop: string; args: unknown[] } | undefined;
  if (bool?.boolop === 'AND_EXPR') bool.args.forEach((arg) => customerEqualities(arg, pairs));
  const expr = node.A_Expr as { kind: string; name: { String: { sval: string } }[]; lexpr: unknown; rexpr: unknown } | undefined;
  if (expr?.kind === 'AEXPR_OP' && expr.name[0]?.String.sval === '=') {
    const [left, right] = [columnRef(expr.lexpr), columnRef(expr.rexpr)];
    if (left?.length === 2 && right?.length === 2 && left[1] === 'customer_id' && right[1] === 'customer_id') pairs.push([left[0]!, right[0]!]);
  }
  return pairs;
}

/** Checks one SELECT scope, then the SELECTs nested in it. `outer`: fact aliases visible from enclosing scopes. */
function checkSelect(select: Node, outer: Map<string, string>, violations: Violation[], text: string): void {
  // UNION / INTERSECT / EXCEPT: each branch is a scope of its own.
  if (select.larg || select.rarg) {
    for (const branch of [select.larg, select.rarg] as Node[]) if (branch) checkSelect(branch, outer, violations, text);
    return;
  }
  const from = select.fromClause ?? [];
  checkScope(relationsOf(from), [select.whereClause, ...joinQuals(from)], select, outer, violations, text);
}

function joinQuals(from: unknown, quals: unknown[] = []): unknown[] {
  for (const item of (Array.isArray(from) ? from : [from]) as Node[]) {
    const join = item?.JoinExpr as { larg: unknown; rarg: unknown; quals?: unknown } | undefined;
    if (join) {
      quals.push(join.quals);
      joinQuals([join.larg, join.rarg], quals);
    }
  }
  return quals;
}

function checkScope(relations: Relation[], conditions: unknown[], scope: Node, outer: Map<string, string>, violations: Violation[], text: string): void {
  const localFacts = relations.filter((r) => DISTRIBUTED_FACTS.has(r.table));
  const local = new Set(relations.map((r) => r.alias));
  // Outer facts this scope refers to (correlated subqueries, LATERAL).
  const referenced = new Set<string>();
  walkOwn(scope, (key, node) => {
    if (key !== 'ColumnRef') return;
    const fields = columnRef({ ColumnRef: node });
    if (fields && fields.length === 2 && outer.has(fields[0]!) && !local.has(fields[0]!)) referenced.add(fields[0]!);
  });
  const members = [...localFacts.map((f) => f.alias), ...(localFacts.length ? [...referenced] : [])];
  if (members.length > 1) {
    const parent = new Map(members.map((m) => [m, m]));
    const root = (a: string): string => (parent.get(a) === a ? a : root(parent.get(a)!));
    for (const condition of conditions) {
      for (const [a, b] of customerEqualities(condition)) if (parent.has(a) && parent.has(b)) parent.set(root(a), root(b));
    }
    const groups = new Set(members.map(root));
    if (groups.size > 1) violations.push({ rule: 'facts joined off customer_id', detail: `${members.join(', ')} in: ${text.replace(/\s+/g, ' ').slice(0, 300)}` });
  }
  if (localFacts.length) {
    walkOwn(scope, (key, node) => {
      type WindowDef = { name?: string; refname?: string; partitionClause?: unknown[] };
      const over = key === 'FuncCall' ? (node.over as WindowDef | undefined) : undefined;
      if (!over) return;
      // OVER w: the definition is in the SELECT's WINDOW clause.
      const named = ((scope.windowClause ?? []) as { WindowDef: WindowDef }[]).map((w) => w.WindowDef);
      const definition = over.partitionClause ? over : named.find((w) => w.name === (over.refname ?? over.name)) ?? over;
      const byCustomer = (definition.partitionClause ?? []).some((p) => columnRef(p)?.at(-1) === 'customer_id');
      if (!byCustomer) violations.push({ rule: 'window over facts not partitioned by customer_id', detail: text.replace(/\s+/g, ' ').slice(0, 300) });
    });
  }
  if (localFacts.length && relations.some((r) => isRollup(r.table))) {
    violations.push({ rule: 'rollup joined to a fact', detail: text.replace(/\s+/g, ' ').slice(0, 300) });
  }
  // Nested scopes: subqueries in expressions and LATERAL ones see this scope's facts; other FROM subqueries and CTEs do not.
  const visible = new Map([...outer, ...localFacts.map((f) => [f.alias, f.table] as const)]);
  walkOwn(scope, (key, node) => {
    if (key === 'SubLink') nested(node.subselect, visible);
    else if (key === 'RangeSubselect') nested(node.subquery, node.lateral ? visible : outer);
    else if (key === 'CommonTableExpr') nested(node.ctequery, outer);
  });
  function nested(statement: unknown, seen: Map<string, string>) {
    const select = (statement as Node | undefined)?.SelectStmt as Node | undefined;
    if (select) checkSelect(select, seen, violations, text);
    else if (statement) checkStatementNode(statement as Node, seen, violations, text);
  }
}

function checkStatementNode(statement: Node, outer: Map<string, string>, violations: Violation[], text: string): void {
  if (statement.SelectStmt) return checkSelect(statement.SelectStmt as Node, outer, violations, text);
  const insert = statement.InsertStmt as Node | undefined;
  if (insert) {
    if (insert.selectStmt) checkStatementNode(insert.selectStmt as Node, outer, violations, text);
    return;
  }
  // UPDATE … FROM and DELETE … USING join their target to other tables.
  const update = (statement.UpdateStmt ?? statement.DeleteStmt) as Node | undefined;
  if (update) {
    const from = [{ RangeVar: update.relation }, ...((update.fromClause ?? update.usingClause ?? []) as unknown[])];
    checkScope(relationsOf(from), [update.whereClause, ...joinQuals(from)], update, outer, violations, text);
  }
}

/** Violations of the rules above in one statement (an empty list: the statement keeps them). */
export async function citusViolations(text: string): Promise<Violation[]> {
  const tree = (await parse(text)) as { stmts: { stmt: Node }[] };
  const violations: Violation[] = [];
  for (const { stmt } of tree.stmts) checkStatementNode(stmt, new Map(), violations, text);
  return violations;
}

/**
 * Ordered-set aggregates (percentile_cont … WITHIN GROUP) in SELECTs over the
 * facts: not computable from per-shard partial results, so Citus needs an
 * approximation (tdigest) or the rows on the coordinator for them.
 */
export async function orderedSetAggregatesOverFacts(text: string): Promise<string[]> {
  const found: string[] = [];
  walkAll(await parse(text), (key, node) => {
    if (key !== 'SelectStmt' || !relationsOf(node.fromClause ?? []).some((r) => DISTRIBUTED_FACTS.has(r.table))) return;
    walkOwn(node, (inner, call) => {
      if (inner === 'FuncCall' && call.agg_within_group) found.push((call.funcname as { String: { sval: string } }[]).at(-1)!.String.sval);
    });
  });
  return found;
}

/** Whether a statement reads or writes a customer-distributed fact table. */
export async function touchesFacts(text: string): Promise<boolean> {
  let found = false;
  walkAll(await parse(text), (key, node) => {
    if (key === 'RangeVar' && DISTRIBUTED_FACTS.has((node as { relname: string }).relname)) found = true;
  });
  return found;
}

function walkAll(value: unknown, visit: (key: string, node: Node) => void): void {
  if (Array.isArray(value)) return value.forEach((v) => walkAll(v, visit));
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Node)) {
    if (child && typeof child === 'object' && !Array.isArray(child)) visit(key, child as Node);
    walkAll(child, visit);
  }
}
