import { CategoryEntity } from './category.entity.ts';
import { ChannelEntity } from './channel.entity.ts';
import { ComplaintEntity } from './complaint.entity.ts';
import { CustomerFlagEntity } from './customer-flag.entity.ts';
import { CustomerMonthEntity } from './customer-month.entity.ts';
import { CustomerEntity } from './customer.entity.ts';
import { DateEntity } from './date.entity.ts';
import { ExemptionFilingCategoryEntity } from './exemption-filing-category.entity.ts';
import { ExemptionFilingComplaintEntity } from './exemption-filing-complaint.entity.ts';
import { ExemptionFilingEntity } from './exemption-filing.entity.ts';
import { KpiTargetEntity } from './kpi-target.entity.ts';
import { OrgUnitEntity } from './org-unit.entity.ts';
import { SurveyEntity } from './survey.entity.ts';

export * from './category.entity.ts';
export * from './channel.entity.ts';
export * from './complaint.entity.ts';
export * from './customer-flag.entity.ts';
export * from './customer-month.entity.ts';
export * from './customer.entity.ts';
export * from './date.entity.ts';
export * from './exemption-filing-category.entity.ts';
export * from './exemption-filing-complaint.entity.ts';
export * from './exemption-filing.entity.ts';
export * from './kpi-target.entity.ts';
export * from './org-unit.entity.ts';
export * from './survey.entity.ts';

/** Every table of the star schema, for the DataSource. */
export const ALL_ENTITIES = [
  DateEntity, OrgUnitEntity, CategoryEntity, ChannelEntity, CustomerEntity, CustomerFlagEntity,
  ExemptionFilingEntity, ExemptionFilingCategoryEntity, ExemptionFilingComplaintEntity,
  ComplaintEntity, SurveyEntity, CustomerMonthEntity, KpiTargetEntity,
];
