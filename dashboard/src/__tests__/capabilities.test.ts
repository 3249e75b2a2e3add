import { describe, expect, it } from 'vitest';
import { ROLE_CAPABILITIES as SERVER_ROLE_CAPABILITIES } from '../../../server/auth/permissions.ts';
import { FIELD_ACCESS } from '../../../server/graphql/auth/field-access.ts';
import { can, missingForPage, PAGE_CAPABILITIES, ROLE_CAPABILITIES } from '../auth/capabilities.ts';

// The dashboard's copy of the roles' capabilities only hides pages; the server
// decides. These checks fail when the two drift apart.
describe('the client-side copy of the role capabilities', () => {
  it('grants each role exactly what server/auth/permissions.ts grants, for the capabilities pages use', () => {
    for (const [role, server] of Object.entries(SERVER_ROLE_CAPABILITIES)) {
      const client = ROLE_CAPABILITIES[role as keyof typeof ROLE_CAPABILITIES];
      expect(client, role).toBeDefined();
      for (const capability of ['kpi.read', 'drillthrough.read', 'entity.read', 'survey.followUp'] as const) {
        expect(client.includes(capability), `${role} ${capability}`).toBe(server.includes(capability));
      }
    }
  });

  it('names the capabilities the server asks for the root fields the pages query', () => {
    expect(FIELD_ACCESS['Query.kpis']).toBe('kpi.read');
    expect(FIELD_ACCESS['Query.kpiContributors']).toBe('drillthrough.read');
    for (const field of ['Query.complaints', 'Query.complaint', 'Query.customer', 'Query.surveys']) expect(FIELD_ACCESS[field], field).toBe('entity.read');
  });

  it('opens the Overview but not the Complaints, Repeat or Satisfaction pages to a regulator; nothing to the hotline system', () => {
    expect(missingForPage(['REGULATOR'], '/')).toEqual([]);
    expect(missingForPage(['REGULATOR'], '/explorer')).toEqual([]);
    expect(missingForPage(['REGULATOR'], '/complaints')).toEqual(['entity.read']);
    expect(missingForPage(['REGULATOR'], '/repeat')).toEqual(['entity.read']);
    expect(missingForPage(['REGULATOR'], '/satisfaction')).toEqual(['entity.read']);
    expect(Object.keys(PAGE_CAPABILITIES).filter((path) => missingForPage(['AGENT'], path).length === 0)).toEqual([]);
    expect(Object.keys(PAGE_CAPABILITIES).filter((path) => missingForPage(['MANAGER'], path).length === 0)).toEqual(Object.keys(PAGE_CAPABILITIES));
    expect(can(['AGENT', 'REGULATOR'], 'kpi.read')).toBe(true);
    expect(can([], 'kpi.read')).toBe(false);
  });
});
