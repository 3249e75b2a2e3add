import { ApiError } from '../graphql/common/api-error.ts';
import type { Role, Viewer } from './viewer.ts';

/**
 * What a viewer may do, declared once per role (the role table) and
 * checked in one place: resolvers, routes and jobs call `assertAllowed`, never
 * test roles themselves.
 */
export const CAPABILITIES = [
  'kpi.read',          // kpis, targets, comparisons
  'drillthrough.read', // complaint ids behind a KPI value
  'entity.read',       // complaints, customers, surveys queries
  'complaint.write',   // createComplaint, transitionComplaint, recordSurvey
  'survey.followUp',   // recordSurveyFollowUp: a dissatisfied customer was called back
  'exemption.file',    // fileExemption
  'exemption.approve', // approveExemption
  'import.run',        // bulk CSV import and quarantine re-submission
  'import.serverPath', // import from a server-side path (administrators only)
  'export.adhoc',      // CSV/XLSX of any kpis result or complaints filter
  'export.regulator',  // regulator returns: request, list, download
  'export.schedule',   // scheduled regulator returns: create, list, disable (administrators)
  'rollup.refresh',    // rebuild the KPI rollups on demand (administrators)
  'target.write',      // KPI targets
  'user.admin',        // users, roles, API tokens
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ALL: readonly Capability[] = CAPABILITIES;

export const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  ADMIN: ALL,
  MANAGER: ['kpi.read', 'drillthrough.read', 'entity.read', 'survey.followUp', 'exemption.approve', 'export.adhoc', 'export.regulator'],
  ANALYST: ['kpi.read', 'drillthrough.read', 'entity.read', 'export.adhoc'],
  REGULATOR: ['kpi.read', 'export.regulator'],
  AGENT: ['complaint.write', 'survey.followUp', 'exemption.file', 'import.run'],
};

export function can(viewer: Viewer, capability: Capability): boolean {
  return viewer.roles.some((role) => ROLE_CAPABILITIES[role].includes(capability));
}

/** Throws FORBIDDEN naming the capability when the viewer lacks it. */
export function assertAllowed(viewer: Viewer, capability: Capability): void {
  if (!can(viewer, capability)) {
    throw new ApiError('FORBIDDEN', `Not allowed: ${capability} needs one of the roles ${rolesWith(capability).join(', ')}; you have ${viewer.roles.join(', ') || 'none'}`);
  }
}

export function rolesWith(capability: Capability): Role[] {
  return (Object.keys(ROLE_CAPABILITIES) as Role[]).filter((role) => ROLE_CAPABILITIES[role].includes(capability));
}
