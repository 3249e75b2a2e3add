import { Entity, PrimaryColumn } from 'typeorm';

/** A category an exemption filing is limited to. */
@Entity({ name: 'exemption_filing_category' })
export class ExemptionFilingCategoryEntity {
  @PrimaryColumn({ name: 'exemption_filing_id', type: 'bigint' }) exemptionFilingId: string;
  @PrimaryColumn({ name: 'category_id', type: 'integer' }) categoryId: number;
}
