import { describe, expect, it } from 'vitest';
import { assertAllowed, can } from '../../server/auth/permissions.ts';
import type { Viewer } from '../../server/auth/viewer.ts';

const viewer = (roles: Viewer['roles']): Viewer => ({ id: 'u', displayName: 'U', roles, orgUnitScope: ['/1/'] });

describe('permissions', () => {
  it('follow the role table: regulators read KPIs but no entities; agents write but read no KPIs', () => {
    expect(can(viewer(['REGULATOR']), 'kpi.read')).toBe(true);
    expect(can(viewer(['REGULATOR']), 'entity.read')).toBe(false);
    expect(can(viewer(['AGENT']), 'complaint.write')).toBe(true);
    expect(can(viewer(['AGENT']), 'kpi.read')).toBe(false);
    expect(can(viewer(['ANALYST', 'AGENT']), 'kpi.read')).toBe(true);
    expect(can(viewer([]), 'kpi.read')).toBe(false);
  });

  it('refuse with FORBIDDEN naming the capability and the roles that have it', () => {
    expect(() => assertAllowed(viewer(['ANALYST']), 'import.run')).toThrow(
      expect.objectContaining({ kind: 'FORBIDDEN', message: 'Not allowed: import.run needs one of the roles ADMIN, AGENT; you have ANALYST' }),
    );
    expect(() => assertAllowed(viewer(['ADMIN']), 'user.admin')).not.toThrow();
  });
});
