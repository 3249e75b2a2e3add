import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Segment } from './customer.entity.ts';

/** fact_customer_month: active customers per org unit × segment × month (the per-10,000 denominator). */
@Entity({ name: 'fact_customer_month' })
export class CustomerMonthEntity {
  @PrimaryColumn({ name: 'org_unit_id', type: 'integer' }) orgUnitId: number;
  @PrimaryColumn({ type: 'text' }) segment: Segment;
  /** First day of the month. */
  @PrimaryColumn({ type: 'date' }) month: string;
  @Column({ name: 'active_customers', type: 'integer' }) activeCustomers: number;
}
