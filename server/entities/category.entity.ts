import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export const UTILITIES = ['ELECTRICITY', 'GAS'] as const;
export type Utility = (typeof UTILITIES)[number];
export const SLA_KINDS = ['BUSINESS_DAYS', 'CALENDAR_HOURS'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

/** dim_category: level 1 groups and level 2 leaves; leaves carry the SLA target. */
@Entity({ name: 'dim_category' })
export class CategoryEntity {
  @PrimaryColumn({ name: 'category_id', type: 'integer' }) id: number;
  @Column({ type: 'text' }) code: string;
  @Column({ name: 'parent_id', type: 'integer', nullable: true }) parentId: number | null;
  @ManyToOne(() => CategoryEntity, { nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: CategoryEntity | null;
  @Column({ type: 'smallint' }) level: 1 | 2;
  @Column({ type: 'text' }) utility: Utility;
  @Column({ name: 'name_zh', type: 'text' }) nameZh: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
  @Column({ name: 'sla_kind', type: 'text', nullable: true }) slaKind: SlaKind | null;
  @Column({ name: 'sla_value', type: 'integer', nullable: true }) slaValue: number | null;
}
