import type { Role, Viewer } from './viewer.ts';

/**
 * How long one SQL statement may run for each role, enforced by Postgres
 * (SET LOCAL statement_timeout in the viewer's transaction). Analysts ask
 * ad-hoc questions over years of facts; dashboards and returns must be quick;
 * the hotline system only reads back what it wrote.
 */
export const STATEMENT_TIMEOUT_MS: Record<Role, number> = {
  ADMIN: 120_000,
  ANALYST: 60_000,
  MANAGER: 20_000,
  REGULATOR: 30_000,
  AGENT: 10_000,
};
/** A viewer without a role reads nothing, and not for long. */
const NO_ROLE_TIMEOUT_MS = 2_000;

export type RoleLimits = { statementTimeoutMs: Record<Role, number> };
export const DEFAULT_ROLE_LIMITS: RoleLimits = { statementTimeoutMs: STATEMENT_TIMEOUT_MS };

/** The most generous of the viewer's roles. */
export function statementTimeoutOf(viewer: Viewer, limits: RoleLimits = DEFAULT_ROLE_LIMITS): number {
  return viewer.roles.reduce((ms, role) => Math.max(ms, limits.statementTimeoutMs[role]), viewer.roles.length ? 0 : NO_ROLE_TIMEOUT_MS);
}
