import { Entity, PrimaryColumn } from 'typeorm';

/** A work order an exemption filing names one by one. */
@Entity({ name: 'exemption_filing_complaint' })
export class ExemptionFilingComplaintEntity {
  @PrimaryColumn({ name: 'exemption_filing_id', type: 'bigint' }) exemptionFilingId: string;
  @PrimaryColumn({ name: 'complaint_id', type: 'bigint' }) complaintId: string;
}
