import type pg from 'pg';
import { recordAudit } from '../audit/audit-log.ts';
import { assertAllowed } from '../auth/permissions.ts';
import { inScope, type Viewer } from '../auth/viewer.ts';
import { inTransaction } from '../db/transaction.ts';
import type { TargetDirection } from '../entities/kpi-target.entity.ts';
import { ApiError, badInput } from '../graphql/common/api-error.ts';
import { KPIS_BY_CODE } from './catalogue.ts';
import type { TimeGrain } from './kpi-query.ts';

export type TargetInput = {
  kpi: string;
  orgUnitId: number;
  /** Required for counts and per-10k rates (their size depends on the period's length); must be null for rates and times. */
  periodGrain: TimeGrain | null;
  validFrom: string;
  validTo: string | null;
  target: number;
  /** Defaults to the KPI's own direction in the catalogue. */
  direction: TargetDirection | null;
  amberBand: number;
};

export type SavedTarget = Omit<TargetInput, 'direction'> & { id: string; direction: TargetDirection; created: boolean };

const GRAIN_BOUND_UNITS = new Set(['count', 'per10k', 'currency']);

/** Checks a target against the catalogue; returns it with its direction filled in. */
export function validateTarget(input: TargetInput): TargetInput & { direction: TargetDirection } {
  const kpi = KPIS_BY_CODE.get(input.kpi);
  if (!kpi) throw badInput('kpi', `"${input.kpi}" is not a KPI of the catalogue`);
  const grainBound = GRAIN_BOUND_UNITS.has(kpi.unit);
  if (grainBound && !input.periodGrain) throw badInput('periodGrain', `${kpi.code} is a ${kpi.unit === 'per10k' ? 'per-10,000 rate' : 'total'} whose size depends on the period: name the grain the target is for (e.g. MONTH)`);
  if (!grainBound && input.periodGrain) throw badInput('periodGrain', `${kpi.code} holds for any period length: leave the grain out`);
  if (input.validTo !== null && input.validTo < input.validFrom) throw badInput('validTo', `${input.validTo} is before validFrom ${input.validFrom}`);
  if (!Number.isFinite(input.target)) throw badInput('target', 'must be a number');
  if (kpi.unit === 'ratio' && (input.target < 0 || input.target > 1)) throw badInput('target', `${kpi.code} is a ratio: give a value from 0 to 1 (e.g. 0.95 for 95%)`);
  if (!(input.amberBand >= 0)) throw badInput('amberBand', 'must be 0 or more');
  const direction = input.direction ?? (kpi.higherIsBetter === null ? null : kpi.higherIsBetter ? 'HIGHER_IS_BETTER' : 'LOWER_IS_BETTER');
  if (!direction) throw badInput('direction', `${kpi.code} has no better direction of its own: say whether higher or lower is better`);
  return { ...input, direction };
}

/**
 * Sets a KPI target on an org unit (and the units below it without their own),
 * from a day on: a new one, or the one already set for the same KPI, unit,
 * grain and start day replaced. Audited in the same transaction.
 */
export async function setKpiTarget(pool: pg.Pool, viewer: Viewer, orgUnitPath: string | undefined, input: TargetInput): Promise<SavedTarget> {
  assertAllowed(viewer, 'target.write');
  if (orgUnitPath === undefined) throw badInput('orgUnitId', 'no such org unit');
  if (!inScope(viewer, orgUnitPath)) throw new ApiError('FORBIDDEN', 'Not allowed: the org unit is outside your org units', 'orgUnitId');
  const target = validateTarget(input);
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ kpi_target_id: string; created: boolean; before: unknown }>(
      `WITH previous AS (
         SELECT to_jsonb(t) AS before FROM kpi_target t
          WHERE kpi_code = $1 AND org_unit_id = $2 AND period_grain IS NOT DISTINCT FROM $3 AND valid_from = $4)
       INSERT INTO kpi_target (kpi_code, org_unit_id, period_grain, valid_from, valid_to, target, direction, amber_band)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (kpi_code, org_unit_id, period_grain, valid_from)
       DO UPDATE SET valid_to = EXCLUDED.valid_to, target = EXCLUDED.target, direction = EXCLUDED.direction, amber_band = EXCLUDED.amber_band
       RETURNING kpi_target_id, (xmax = 0) AS created, (SELECT before FROM previous)`,
      [target.kpi, target.orgUnitId, target.periodGrain, target.validFrom, target.validTo, target.target, target.direction, target.amberBand],
    );
    const row = rows[0]!;
    await recordAudit(client, viewer, {
      action: row.created ? 'target.create' : 'target.update', targetType: 'KpiTarget', targetId: row.kpi_target_id,
      details: { before: row.before ?? null, after: { ...target } },
    });
    return { ...target, id: String(row.kpi_target_id), created: row.created };
  });
}
