import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../server/audit/audit-log.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('audit log', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('records who did what to which target, with the details', async () => {
    await recordAudit(db.pool, { id: 'user-7', roles: ['AGENT'] }, {
      action: 'complaint.transition', targetType: 'Complaint', targetId: 42,
      details: { status: { from: 'ASSIGNED', to: 'RESPONDED' } }, requestId: 'req-1',
    });
    const { rows } = await db.pool.query('SELECT actor_id, actor_roles, action, target_type, target_id, details, request_id FROM audit_log');
    expect(rows).toEqual([{
      actor_id: 'user-7', actor_roles: ['AGENT'], action: 'complaint.transition', target_type: 'Complaint', target_id: '42',
      details: { status: { from: 'ASSIGNED', to: 'RESPONDED' } }, request_id: 'req-1',
    }]);
  });

  it('is append-only: updates and deletes are refused', async () => {
    await expect(db.pool.query(`UPDATE audit_log SET actor_id = 'someone-else'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(db.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE/);
  });

  it('refuses an action that is not a dotted verb', async () => {
    await expect(recordAudit(db.pool, { id: 'x', roles: [] }, { action: 'Did Something' })).rejects.toThrow(/action_check/);
  });
});
