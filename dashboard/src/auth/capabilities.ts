import type { Role } from '../gql/graphql.ts';

// A client-side copy of what each role may do, for the pages only: it hides
// nav entries and shows "not allowed" instead of sending a query the server
// would refuse. The server decides (server/auth/permissions.ts, ROLE_CAPABILITIES,
// and server/graphql/auth/field-access.ts); keep this copy in step with it
// (dashboard/src/__tests__/capabilities.test.ts compares the two).
export type Capability = 'kpi.read' | 'drillthrough.read' | 'entity.read' | 'survey.followUp';

export const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  ADMIN: ['kpi.read', 'drillthrough.read', 'entity.read', 'survey.followUp'],
  MANAGER: ['kpi.read', 'drillthrough.read', 'entity.read', 'survey.followUp'],
  ANALYST: ['kpi.read', 'drillthrough.read', 'entity.read'],
  REGULATOR: ['kpi.read'],
  AGENT: ['survey.followUp'],
};

/** What each page's queries need (its root fields' access in field-access.ts). */
export const PAGE_CAPABILITIES: Record<string, readonly Capability[]> = {
  '/': ['kpi.read'],
  '/resolution': ['kpi.read'],
  '/repeat': ['kpi.read', 'entity.read'],        // repeat complaints and their customers
  '/satisfaction': ['kpi.read', 'entity.read'],  // the dissatisfied survey answers
  '/complaints': ['entity.read'],
  '/explorer': ['kpi.read'],                     // its drill-through also needs drillthrough.read
};

export function can(roles: readonly Role[], capability: Capability): boolean {
  return roles.some((role) => ROLE_CAPABILITIES[role]?.includes(capability));
}

/** The capabilities a page needs that these roles lack (empty: the page may open). */
export function missingForPage(roles: readonly Role[], path: string): Capability[] {
  return (PAGE_CAPABILITIES[path] ?? []).filter((capability) => !can(roles, capability));
}
