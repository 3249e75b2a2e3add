import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export const ORG_UNIT_LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'STATION'] as const;
export type OrgUnitLevel = (typeof ORG_UNIT_LEVELS)[number];

/** dim_org_unit: province › city › county › service station, with a materialized path. */
@Entity({ name: 'dim_org_unit' })
export class OrgUnitEntity {
  @PrimaryColumn({ name: 'org_unit_id', type: 'integer' }) id: number;
  @Column({ type: 'text' }) code: string;
  @Column({ name: 'parent_id', type: 'integer', nullable: true }) parentId: number | null;
  @ManyToOne(() => OrgUnitEntity, { nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: OrgUnitEntity | null;
  @Column({ type: 'text' }) level: OrgUnitLevel;
  @Column({ type: 'smallint' }) depth: number;
  /** '/1/3/17/': ids from the province down; a subtree is a prefix match. */
  @Column({ type: 'text' }) path: string;
  @Column({ name: 'name_zh', type: 'text' }) nameZh: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
}
