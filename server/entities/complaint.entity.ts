import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CategoryEntity } from './category.entity.ts';
import { ChannelEntity } from './channel.entity.ts';
import { CustomerEntity, type Segment } from './customer.entity.ts';
import { OrgUnitEntity } from './org-unit.entity.ts';

export const COMPLAINT_STATUSES = ['RECEIVED', 'ASSIGNED', 'RESPONDED', 'RESOLVED', 'CLOSED', 'REOPENED'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** fact_complaint: one complaint work order; (sourceSystem, sourceId) is its idempotency key. */
@Entity({ name: 'fact_complaint' })
export class ComplaintEntity {
  @PrimaryColumn({ name: 'complaint_id', type: 'bigint' }) id: string;
  @Column({ name: 'source_system', type: 'text' }) sourceSystem: string;
  @Column({ name: 'source_id', type: 'text' }) sourceId: string;
  @Column({ name: 'customer_id', type: 'bigint' }) customerId: string;
  /** The customer's segment when the complaint was received. */
  @Column({ name: 'customer_segment', type: 'text' }) customerSegment: Segment;
  @ManyToOne(() => CustomerEntity)
  @JoinColumn({ name: 'customer_id' })
  customer?: CustomerEntity;
  @Column({ name: 'category_id', type: 'integer' }) categoryId: number;
  @ManyToOne(() => CategoryEntity)
  @JoinColumn({ name: 'category_id' })
  category?: CategoryEntity;
  @Column({ name: 'channel_id', type: 'smallint' }) channelId: number;
  @ManyToOne(() => ChannelEntity)
  @JoinColumn({ name: 'channel_id' })
  channel?: ChannelEntity;
  @Column({ name: 'org_unit_id', type: 'integer' }) orgUnitId: number;
  @ManyToOne(() => OrgUnitEntity)
  @JoinColumn({ name: 'org_unit_id' })
  orgUnit?: OrgUnitEntity;
  @Column({ name: 'received_date', type: 'date' }) receivedDate: string;
  @Column({ name: 'resolved_date', type: 'date', nullable: true }) resolvedDate: string | null;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true }) firstResponseAt: Date | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'text' }) status: ComplaintStatus;
  @Column({ type: 'text' }) description: string;
  @Column({ name: 'calendar_minutes_to_resolve', type: 'integer', nullable: true }) calendarMinutesToResolve: number | null;
  @Column({ name: 'business_minutes_to_resolve', type: 'integer', nullable: true }) businessMinutesToResolve: number | null;
  @Column({ name: 'sla_due_at', type: 'timestamptz' }) slaDueAt: Date;
  @Column({ name: 'sla_met', type: 'boolean', nullable: true }) slaMet: boolean | null;
  @Column({ name: 'is_repeat', type: 'boolean' }) isRepeat: boolean;
  @Column({ name: 'prior_complaint_id', type: 'bigint', nullable: true }) priorComplaintId: string | null;
  @Column({ name: 'reopened_count', type: 'smallint' }) reopenedCount: number;
  @Column({ type: 'boolean' }) escalated: boolean;
  @Column({ type: 'boolean' }) upheld: boolean;
  @Column({ name: 'resolved_at_first_contact', type: 'boolean' }) resolvedAtFirstContact: boolean;
  /** numeric(14,2): a string, so money keeps its cents exactly. */
  @Column({ name: 'redress_amount', type: 'numeric', precision: 14, scale: 2 }) redressAmount: string;
  @Column({ name: 'exemption_filing_id', type: 'bigint', nullable: true }) exemptionFilingId: string | null;
  @Column({ name: 'loaded_at', type: 'timestamptz' }) loadedAt: Date;
}
