import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgUnitEntity } from './org-unit.entity.ts';

export const EXEMPTION_KINDS = [
  'SEVERE_WEATHER', 'GOVERNMENT_ORDERED_OUTAGE', 'SYSTEM_UPGRADE', 'CLAIM_BEYOND_REGULATION', 'MALICIOUS_COMPLAINANT',
] as const;
export type ExemptionKind = (typeof EXEMPTION_KINDS)[number];
export const EXEMPTION_STATUSES = ['FILED', 'APPROVED', 'REJECTED'] as const;
export type ExemptionStatus = (typeof EXEMPTION_STATUSES)[number];
export const EXEMPTION_COVERAGES = ['AREA', 'NAMED_WORK_ORDERS'] as const;
export type ExemptionCoverage = (typeof EXEMPTION_COVERAGES)[number];

/** exemption_filing (重要事项报备): approved, it takes covered complaints out of assessed KPIs. */
@Entity({ name: 'exemption_filing' })
export class ExemptionFilingEntity {
  @PrimaryColumn({ name: 'exemption_filing_id', type: 'bigint' }) id: string;
  @Column({ name: 'filing_no', type: 'text' }) filingNo: string;
  @Column({ type: 'text' }) kind: ExemptionKind;
  /** AREA: org-unit subtree × window × categories; NAMED_WORK_ORDERS: the listed work orders. */
  @Column({ type: 'text' }) coverage: ExemptionCoverage;
  @Column({ name: 'org_unit_id', type: 'integer' }) orgUnitId: number;
  @ManyToOne(() => OrgUnitEntity)
  @JoinColumn({ name: 'org_unit_id' })
  orgUnit?: OrgUnitEntity;
  @Column({ name: 'window_start', type: 'timestamptz' }) windowStart: Date;
  @Column({ name: 'window_end', type: 'timestamptz' }) windowEnd: Date;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text' }) status: ExemptionStatus;
  @Column({ name: 'filed_at', type: 'timestamptz' }) filedAt: Date;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
}
