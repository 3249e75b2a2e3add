import type { TargetDirection } from '../../server/entities/kpi-target.entity.ts';

export type TargetSeed = {
  kpi: string;
  /** Org-unit code the target is set on (it applies below too). */
  orgUnit: string;
  grain: 'MONTH' | null;
  target: number;
  direction: TargetDirection;
  amberBand: number;
};

// Sensible targets for the demo utility: the province's, and two cities that
// set their own (the capital aims higher; Wenzhou, with more storms, lower).
export const DEMO_TARGETS: TargetSeed[] = [
  { kpi: 'satisfactionRate', orgUnit: 'ZJ', grain: null, target: 0.95, direction: 'HIGHER_IS_BETTER', amberBand: 0.03 },
  { kpi: 'repeatComplaintRate', orgUnit: 'ZJ', grain: null, target: 0.06, direction: 'LOWER_IS_BETTER', amberBand: 0.02 },
  { kpi: 'slaComplianceRate', orgUnit: 'ZJ', grain: null, target: 0.92, direction: 'HIGHER_IS_BETTER', amberBand: 0.04 },
  { kpi: 'medianResolutionHours', orgUnit: 'ZJ', grain: null, target: 48, direction: 'LOWER_IS_BETTER', amberBand: 12 },
  { kpi: 'complaintsPer10kCustomers', orgUnit: 'ZJ', grain: 'MONTH', target: 70, direction: 'LOWER_IS_BETTER', amberBand: 15 },
  { kpi: 'surveyResponseRate', orgUnit: 'ZJ', grain: null, target: 0.7, direction: 'HIGHER_IS_BETTER', amberBand: 0.05 },
  { kpi: 'firstContactResolutionRate', orgUnit: 'ZJ', grain: null, target: 0.1, direction: 'HIGHER_IS_BETTER', amberBand: 0.05 },
  { kpi: 'satisfactionRate', orgUnit: 'ZJ-HZ', grain: null, target: 0.96, direction: 'HIGHER_IS_BETTER', amberBand: 0.02 },
  { kpi: 'slaComplianceRate', orgUnit: 'ZJ-WZ', grain: null, target: 0.9, direction: 'HIGHER_IS_BETTER', amberBand: 0.05 },
];
