import { categoryImport } from './category-import.ts';
import { channelImport } from './channel-import.ts';
import { complaintImport } from './complaint-import.ts';
import { customerBaseImport } from './customer-base-import.ts';
import { customerImport } from './customer-import.ts';
import { exemptionImport } from './exemption-import.ts';
import type { ImportKind, KindHandler } from './import.types.ts';
import { orgUnitImport } from './org-unit-import.ts';
import { surveyImport } from './survey-import.ts';

const HANDLERS: { [K in ImportKind]: KindHandler<never> } = {
  'org-units': orgUnitImport as KindHandler<never>,
  categories: categoryImport as KindHandler<never>,
  channels: channelImport as KindHandler<never>,
  customers: customerImport as KindHandler<never>,
  'customer-base': customerBaseImport as KindHandler<never>,
  complaints: complaintImport as KindHandler<never>,
  surveys: surveyImport as KindHandler<never>,
  exemptions: exemptionImport as KindHandler<never>,
};

export function handlerFor(kind: ImportKind): KindHandler<unknown> {
  return HANDLERS[kind] as KindHandler<unknown>;
}
