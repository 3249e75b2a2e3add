import type { DataSource } from 'typeorm';
import { KpiTargetEntity, type TargetDirection } from '../entities/kpi-target.entity.ts';
import { selectEntities, sql } from '../db/sql.ts';
import type { TimeGrain } from './kpi-query.ts';

export type Rag = 'GREEN' | 'AMBER' | 'RED';

export type KpiTarget = {
  kpiCode: string;
  orgUnitId: number;
  /** Path of the unit the target is set on: it applies to that subtree. */
  orgUnitPath: string;
  periodGrain: string | null;
  validFrom: string;
  validTo: string | null;
  target: number;
  direction: TargetDirection;
  amberBand: number;
};

/**
 * Red, amber or green: on the right side of the target (or on it) is green;
 * within the amber band on the wrong side is amber; further is red. No value,
 * no colour.
 */
export function ragStatus(value: number | null, target: Pick<KpiTarget, 'target' | 'direction' | 'amberBand'>): Rag | null {
  if (value === null) return null;
  const shortfall = target.direction === 'HIGHER_IS_BETTER' ? target.target - value : value - target.target;
  if (shortfall <= 0) return 'GREEN';
  return shortfall <= target.amberBand ? 'AMBER' : 'RED';
}

/** Every target of these KPIs valid at some point of the range (one statement; the table is small). */
export async function targetsFor(db: DataSource, kpiCodes: string[], range: { from: string; to: string }, pathOf: (orgUnitId: number) => string | undefined): Promise<KpiTarget[]> {
  const rows = await selectEntities(db, KpiTargetEntity, sql`
    SELECT * FROM kpi_target
     WHERE kpi_code = ANY (${kpiCodes}::text[]) AND valid_from <= ${range.to}::date AND (valid_to IS NULL OR valid_to >= ${range.from}::date)`);
  return rows.flatMap((row) => {
    const orgUnitPath = pathOf(row.orgUnitId);
    if (orgUnitPath === undefined) return [];
    return [{
      kpiCode: row.kpiCode, orgUnitId: row.orgUnitId, orgUnitPath, periodGrain: row.periodGrain, validFrom: row.validFrom,
      validTo: row.validTo, target: Number(row.target), direction: row.direction, amberBand: Number(row.amberBand),
    }];
  });
}

/**
 * The target that governs a KPI figure: set on the figure's org unit or the
 * nearest unit above it, valid on the period's first day, for the figure's
 * grain (or for any grain), the most specific first.
 */
export function governingTarget(targets: KpiTarget[], kpiCode: string, orgUnitPath: string, day: string, grain: TimeGrain | null): KpiTarget | undefined {
  let best: KpiTarget | undefined;
  for (const t of targets) {
    if (t.kpiCode !== kpiCode || !orgUnitPath.startsWith(t.orgUnitPath)) continue;
    if (t.validFrom > day || (t.validTo !== null && t.validTo < day)) continue;
    if (t.periodGrain !== null && t.periodGrain !== grain) continue;
    if (!best || moreSpecific(t, best)) best = t;
  }
  return best;
}

function moreSpecific(a: KpiTarget, b: KpiTarget): boolean {
  if (a.orgUnitPath.length !== b.orgUnitPath.length) return a.orgUnitPath.length > b.orgUnitPath.length;
  if ((a.periodGrain === null) !== (b.periodGrain === null)) return a.periodGrain !== null;
  return a.validFrom > b.validFrom;
}
