import { Column, Entity, PrimaryColumn } from 'typeorm';

export const SPECIAL_FLAGS = ['MALICIOUS_COMPLAINANT', 'ELECTRICITY_THEFT', 'ARREARS'] as const;
export type SpecialFlag = (typeof SPECIAL_FLAGS)[number];

/** dim_customer_flag: a special-customer flag and the days it held. */
@Entity({ name: 'dim_customer_flag' })
export class CustomerFlagEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'bigint' }) customerId: string;
  @PrimaryColumn({ type: 'text' }) flag: SpecialFlag;
  @PrimaryColumn({ name: 'valid_from', type: 'date' }) validFrom: string;
  @Column({ name: 'valid_to', type: 'date', nullable: true }) validTo: string | null;
}
