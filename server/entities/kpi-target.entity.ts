import { Column, Entity, PrimaryColumn } from 'typeorm';

export const TARGET_DIRECTIONS = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'] as const;
export type TargetDirection = (typeof TARGET_DIRECTIONS)[number];

/** kpi_target: a KPI's target for an org unit (and below) over a validity period. */
@Entity({ name: 'kpi_target' })
export class KpiTargetEntity {
  @PrimaryColumn({ name: 'kpi_target_id', type: 'bigint' }) id: string;
  @Column({ name: 'kpi_code', type: 'text' }) kpiCode: string;
  @Column({ name: 'org_unit_id', type: 'integer' }) orgUnitId: number;
  /** Null: holds for any grain (rates, times); else only for figures at this grain (counts, per-10k). */
  @Column({ name: 'period_grain', type: 'text', nullable: true }) periodGrain: string | null;
  @Column({ name: 'valid_from', type: 'date' }) validFrom: string;
  @Column({ name: 'valid_to', type: 'date', nullable: true }) validTo: string | null;
  /** numeric: a string, so targets keep their exact value. */
  @Column({ type: 'numeric' }) target: string;
  @Column({ type: 'text' }) direction: TargetDirection;
  @Column({ name: 'amber_band', type: 'numeric' }) amberBand: string;
}
