import type { Viewer } from '../auth/viewer.ts';

/** Anything that runs a parameterized statement: a pg Client/PoolClient, a Pool, or a TypeORM QueryRunner/EntityManager wrapper. */
export type Queryable = { query(text: string, values?: unknown[]): Promise<unknown> };

export type AuditEntry = {
  /** Dotted verb, e.g. 'complaint.transition', 'import.run', 'export.generate', 'auth.signin_failed'. */
  action: string;
  targetType?: string;
  targetId?: string | number;
  /** What changed, or the parameters of the action. Never personal data (names, phones, account numbers). */
  details?: Record<string, unknown>;
  requestId?: string;
};

/**
 * Writes one audit row. Pass the transaction's client so the row commits or
 * rolls back with the change it records.
 */
export async function recordAudit(db: Queryable, actor: Pick<Viewer, 'id' | 'roles'> | { id: string; roles: readonly string[] }, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_roles, action, target_type, target_id, details, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      actor.id,
      [...actor.roles],
      entry.action,
      entry.targetType ?? null,
      entry.targetId === undefined ? null : String(entry.targetId),
      JSON.stringify(entry.details ?? {}),
      entry.requestId ?? null,
    ],
  );
}
