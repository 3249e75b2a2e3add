import pg from 'pg';

/**
 * One viewer statement (or several) and the transaction around it, written
 * to the connection at once and answered in ONE round trip (extended
 * protocol, a single Sync at the end):
 *
 *   BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ
 *   SELECT set_config('role', <viewer role>, true), set_config(scope), set_config(statement_timeout), set_config(plan_cache_mode)
 *   <the statement> [<the next statement> …]
 *   COMMIT
 *   Sync
 *
 * Postgres runs the messages in order. If any of them fails it skips the rest
 * up to the Sync, so the statement never runs without the viewer's role and
 * scope, and the transaction is left aborted for the caller to roll back.
 * The settings are bound parameters like the statement's own values.
 *
 * Waiting for each of these separately cost three round trips per statement;
 * the connection is held for one instead of three.
 */
// Repeatable read: statements sent together read one snapshot (a page and
// its relations, read again for the page's ids, see the same rows). A
// read-only transaction never fails to serialize; for one statement it is
// what READ COMMITTED gives.
export const VIEWER_BEGIN = 'BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ';
export const VIEWER_SETTINGS = `SELECT set_config('role', $1, true), set_config('clearline.viewer_scope', $2, true), set_config('statement_timeout', $3, true), set_config('plan_cache_mode', $4, true)`;
export const VIEWER_COMMIT = 'COMMIT';
/** Where the first statement's own result is among the pipeline's results (the others follow it). */
export const STATEMENT_RESULT = 2;

/**
 * The role a viewer's statements run as (migrations 0010 and 0024): both are
 * subject to row-level security; the whole-tree role's own policy lets it
 * read every row, so its statements carry no scope condition to plan or test.
 */
export type ViewerRole = 'clearline_viewer' | 'clearline_viewer_whole_tree';

/**
 * How Postgres plans the transaction's named prepared statements
 * (server/db/sql.ts RunOptions): 'auto' lets it settle on a generic plan
 * (lookups by id), 'force_custom_plan' plans each run for its values (range
 * and aggregate queries: parsing is what preparing saves them).
 */
export type PlanCacheMode = 'auto' | 'force_custom_plan';

/**
 * What of pg's Connection this uses: its extended-protocol writers and its
 * prepared-statement bookkeeping (not in pg's typings; after a pg upgrade,
 * test/integration/row-level-security.test.ts checks the round trip, the
 * rollback and prepared statements).
 */
type Wire = {
  stream: { cork?: () => void; uncork?: () => void };
  parse(message: { text: string; name?: string }): void;
  bind(message: { statement?: string; values?: unknown[] }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string; rows?: number }): void;
  sync(): void;
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
};

const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/**
 * The pipeline above as a pg query object (client.query(it)). pg's Query
 * handles the answers: one result per command, in order (BEGIN, the
 * settings, the statements, COMMIT): the statements' results start at
 * STATEMENT_RESULT. `text` is the first statement's and `statementTexts` all
 * of them, so whatever watches client.query (the tests' statement counter)
 * sees the statements themselves.
 */
export class ViewerStatement extends pg.Query {
  /** The named prepared statements this message parses that are new on this connection (see forgetPrepared). */
  preparedHere: string[] = [];
  /** The statements' texts, in order. */
  readonly statementTexts: string[];

  constructor(settings: [role: ViewerRole, scope: string, statementTimeoutMs: string, planCacheMode: PlanCacheMode], statements: readonly pg.QueryConfig[], callback: (error: Error | undefined, results: unknown) => void) {
    // No name given to pg: its bookkeeping would mark the statement parsed on the first ParseComplete (BEGIN's).
    // (The text as a string: pg copies a config object, property by property, on every query.)
    super(statements[0]!.text, callback);
    this.statementTexts = statements.map((statement) => statement.text);
    this.submit = (connection) => {
      const wire = connection as unknown as Wire;
      const planned: { name: string | undefined; known: boolean; values: unknown[]; text: string }[] = [];
      for (const statement of statements) {
        let values: unknown[];
        try {
          values = (statement.values ?? []).map((value) => prepareValue(value));
        } catch (error) {
          return error as Error; // pg reports it; nothing was written
        }
        const name = statement.name;
        const known = name !== undefined && (wire.parsedStatements[name] ?? wire.submittedNamedStatements[name] ?? planned.find((p) => p.name === name)?.text);
        if (name !== undefined && known && known !== statement.text) return new Error(`Prepared statements must be unique - '${name}' was used for a different statement`);
        planned.push({ name, known: Boolean(known), values, text: statement.text });
      }
      wire.stream.cork?.();
      try {
        command(wire, VIEWER_BEGIN);
        command(wire, VIEWER_SETTINGS, settings);
        for (const { name, known, values, text } of planned) {
          if (name === undefined || !known) wire.parse({ text, name });
          if (name !== undefined && !known) {
            this.preparedHere.push(name);
            wire.submittedNamedStatements[name] = text;
          }
          wire.bind({ statement: name, values });
          wire.describe({ type: 'P', name: '' });
          wire.execute({ portal: '' });
        }
        command(wire, VIEWER_COMMIT);
        wire.sync();
      } finally {
        wire.stream.uncork?.();
      }
      return undefined;
    };
  }

  /** Once answered without error: the statements it prepared are known to the connection. */
  recordPrepared(connection: pg.PoolClient): void {
    const wire = (connection as unknown as { connection: Wire }).connection;
    for (const name of this.preparedHere) {
      wire.parsedStatements[name] = wire.submittedNamedStatements[name]!;
      delete wire.submittedNamedStatements[name];
    }
  }

  /** After an error: statements this message meant to prepare may or may not exist now; the caller closes them. */
  forgetPrepared(connection: pg.PoolClient): string[] {
    const wire = (connection as unknown as { connection: Wire }).connection;
    for (const name of this.preparedHere) {
      delete wire.parsedStatements[name];
      delete wire.submittedNamedStatements[name];
    }
    return this.preparedHere;
  }
}

function command(wire: Wire, text: string, values: unknown[] = []): void {
  wire.parse({ text });
  wire.bind({ values });
  wire.describe({ type: 'P', name: '' });
  wire.execute({ portal: '' });
}

/**
 * After a failed viewer statement: ROLLBACK, and the Close of the prepared
 * statements it may have left half made (Close of one that does not exist
 * is not an error), in one round trip.
 */
export class ViewerRollback extends pg.Query {
  constructor(preparedStatements: readonly string[], callback: (error: Error | undefined) => void) {
    super({ text: 'ROLLBACK' }, callback);
    this.submit = (connection) => {
      const wire = connection as unknown as Wire & { close(message: { type: 'S'; name: string }): void };
      wire.stream.cork?.();
      try {
        command(wire, 'ROLLBACK');
        for (const name of preparedStatements) wire.close({ type: 'S', name });
        wire.sync();
      } finally {
        wire.stream.uncork?.();
      }
      return undefined;
    };
  }
}
