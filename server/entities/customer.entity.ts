import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Utility } from './category.entity.ts';
import { OrgUnitEntity } from './org-unit.entity.ts';

export const SEGMENTS = ['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'LARGE_ACCOUNT'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** dim_customer. name, phone and accountNo are personal data: mask by role, never export to regulators. */
@Entity({ name: 'dim_customer' })
export class CustomerEntity {
  /** bigint: TypeORM returns it as a string so no id loses precision. */
  @PrimaryColumn({ name: 'customer_id', type: 'bigint' }) id: string;
  @Column({ name: 'account_no', type: 'text' }) accountNo: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'text' }) utility: Utility;
  @Column({ type: 'text' }) segment: Segment;
  @Column({ name: 'tariff_class', type: 'text' }) tariffClass: string;
  @Column({ name: 'org_unit_id', type: 'integer' }) orgUnitId: number;
  @ManyToOne(() => OrgUnitEntity)
  @JoinColumn({ name: 'org_unit_id' })
  orgUnit?: OrgUnitEntity;
  @Column({ name: 'connected_on', type: 'date' }) connectedOn: string;
}
