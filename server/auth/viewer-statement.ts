import pg from 'pg';

/**
 * One viewer statement and the transaction around it, written to the
 * connection at once and answered in ONE round trip (extended protocol, a
 * single Sync at the end):
 *
 *   BEGIN READ ONLY
 *   SELECT set_config('role', 'clearline_viewer', true), set_config(scope), set_config(statement_timeout)
 *   <the statement>
 *   COMMIT
 *   Sync
 *
 * Postgres runs the messages in order. If any of them fails it skips the rest
 * up to the Sync, so the statement never runs without the viewer's role and
 * scope, and the transaction is left aborted for the caller to roll back.
 * The settings are bound parameters like the statement's own values.
 *
 * Waiting for each of these separately cost three round trips per statement
 * (the bench's nested page waits on two statements one after the other);
 * the connection is held for one instead of three.
 */
export const VIEWER_BEGIN = 'BEGIN READ ONLY';
export const VIEWER_SETTINGS = `SELECT set_config('role', 'clearline_viewer', true), set_config('clearline.viewer_scope', $1, true), set_config('statement_timeout', $2, true)`;
export const VIEWER_COMMIT = 'COMMIT';
/** Where the statement's own result is among the pipeline's results. */
export const STATEMENT_RESULT = 2;

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
 * settings, the statement, COMMIT): STATEMENT_RESULT is the statement's.
 * `text` is the statement's, so whatever watches client.query (the tests'
 * statement counter) sees the statement itself.
 */
export class ViewerStatement extends pg.Query {
  /** The named prepared statement this message parses, if it is new on this connection (see forgetPrepared). */
  preparedHere: string | undefined;
  /** The statement's text (pg's Query keeps it too, untyped). */
  readonly statementText: string;

  constructor(settings: [scope: string, statementTimeoutMs: string], statement: pg.QueryConfig, callback: (error: Error | undefined, results: unknown) => void) {
    // No name given to pg: its bookkeeping would mark the statement parsed on the first ParseComplete (BEGIN's).
    super({ text: statement.text }, callback);
    this.statementText = statement.text;
    const name = statement.name;
    this.submit = (connection) => {
      const wire = connection as unknown as Wire;
      let values: unknown[];
      try {
        values = (statement.values ?? []).map((value) => prepareValue(value));
      } catch (error) {
        return error as Error; // pg reports it; nothing was written
      }
      const known = name !== undefined && (wire.parsedStatements[name] ?? wire.submittedNamedStatements[name]);
      if (name !== undefined && known && known !== statement.text) return new Error(`Prepared statements must be unique - '${name}' was used for a different statement`);
      this.preparedHere = name !== undefined && !known ? name : undefined;
      wire.stream.cork?.();
      try {
        command(wire, VIEWER_BEGIN);
        command(wire, VIEWER_SETTINGS, settings);
        if (name === undefined || !known) wire.parse({ text: statement.text, name });
        if (this.preparedHere) wire.submittedNamedStatements[this.preparedHere] = statement.text;
        wire.bind({ statement: name, values });
        wire.describe({ type: 'P', name: '' });
        wire.execute({ portal: '' });
        command(wire, VIEWER_COMMIT);
        wire.sync();
      } finally {
        wire.stream.uncork?.();
      }
      return undefined;
    };
  }

  /** Once answered without error: the statement it prepared is known to the connection. */
  recordPrepared(connection: pg.PoolClient): void {
    const wire = (connection as unknown as { connection: Wire }).connection;
    if (!this.preparedHere) return;
    wire.parsedStatements[this.preparedHere] = this.statementText;
    delete wire.submittedNamedStatements[this.preparedHere];
  }

  /** After an error: a statement this message meant to prepare may or may not exist now; the caller closes it. */
  forgetPrepared(connection: pg.PoolClient): string | undefined {
    const wire = (connection as unknown as { connection: Wire }).connection;
    if (!this.preparedHere) return undefined;
    delete wire.parsedStatements[this.preparedHere];
    delete wire.submittedNamedStatements[this.preparedHere];
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
 * After a failed viewer statement: ROLLBACK, and the Close of a prepared
 * statement it may have left half made (Close of one that does not exist is
 * not an error), in one round trip.
 */
export class ViewerRollback extends pg.Query {
  constructor(preparedStatement: string | undefined, callback: (error: Error | undefined) => void) {
    super({ text: 'ROLLBACK' }, callback);
    this.submit = (connection) => {
      const wire = connection as unknown as Wire & { close(message: { type: 'S'; name: string }): void };
      wire.stream.cork?.();
      try {
        command(wire, 'ROLLBACK');
        if (preparedStatement) wire.close({ type: 'S', name: preparedStatement });
        wire.sync();
      } finally {
        wire.stream.uncork?.();
      }
      return undefined;
    };
  }
}
