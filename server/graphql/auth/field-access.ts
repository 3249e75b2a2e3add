import type { Capability } from '../../auth/permissions.ts';

/**
 * Who may ask for what, declared once for every root field of the API: the
 * access plugin checks an operation against this table before any resolver
 * or statement runs. A root field missing here is refused (and a unit test
 * fails), so a new query or mutation cannot ship open by accident.
 *
 * - 'public': anyone, signed in or not (sign-in itself, `me`);
 * - 'signedIn': any signed-in user (reference data such as org units);
 * - a capability: a signed-in user whose roles grant it (server/auth/permissions.ts).
 */
export type FieldAccess = 'public' | 'signedIn' | Capability;

export const FIELD_ACCESS: Record<string, FieldAccess> = {
  'Mutation.signIn': 'public',
  'Mutation.refreshSession': 'public',
  'Mutation.signOut': 'public',
  'Query.me': 'public',

  'Query.orgUnits': 'signedIn',
  'Query.categories': 'signedIn',
  'Query.channels': 'signedIn',

  'Query.kpis': 'kpi.read',
  'Query.kpiContributors': 'drillthrough.read',

  'Query.complaints': 'entity.read',
  'Query.complaint': 'entity.read',
  'Query.customers': 'entity.read',
  'Query.customer': 'entity.read',
  'Query.surveys': 'entity.read',
  'Query.topRepeatCustomers': 'entity.read',
  // node() returns complaints and customers too.
  'Query.node': 'entity.read',

  // Work orders from live systems (the hotline's service account).
  'Mutation.createComplaint': 'complaint.write',
  'Mutation.transitionComplaint': 'complaint.write',
  'Mutation.recordSurvey': 'complaint.write',
  'Mutation.recordSurveyFollowUp': 'survey.followUp',
  'Mutation.fileExemption': 'exemption.file',
  'Mutation.approveExemption': 'exemption.approve',

  // Bulk import: from a server-side file (administrators), and the quarantine.
  'Mutation.importBatch': 'import.serverPath',
  'Query.importQuarantine': 'import.run',
  'Mutation.resubmitQuarantinedRow': 'import.run',
  'Mutation.discardQuarantinedRow': 'import.run',

  // Exports: regulator returns and analysts' ad-hoc extracts. The list and
  // verification need either capability; the service shows each viewer only
  // the exports it may see (server/exports/export-record.ts).
  'Mutation.requestExport': 'export.regulator',
  'Mutation.requestComplaintsExport': 'export.adhoc',
  'Mutation.requestKpisExport': 'export.adhoc',
  'Query.exports': 'signedIn',
  'Query.verifyExport': 'export.regulator',
  // Scheduled returns (administrators): every server process's scheduler generates and delivers them.
  'Query.exportSchedules': 'export.schedule',
  'Mutation.createExportSchedule': 'export.schedule',
  'Mutation.disableExportSchedule': 'export.schedule',

  'Mutation.refreshRollups': 'rollup.refresh',

  'Mutation.setKpiTarget': 'target.write',

  'Query.apiTokens': 'user.admin',
  'Mutation.createApiToken': 'user.admin',
  'Mutation.revokeApiToken': 'user.admin',
};

/** Roles that may introspect the schema outside development (GraphiQL, code generators). */
export const INTROSPECTION_ROLES = ['ADMIN', 'MANAGER', 'ANALYST'] as const;
