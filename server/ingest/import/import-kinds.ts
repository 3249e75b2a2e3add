import { complaintImport } from './complaint-import.ts';
import { customerImport } from './customer-import.ts';
import type { ImportKind, KindHandler } from './import.types.ts';
import { surveyImport } from './survey-import.ts';

const HANDLERS: { [K in ImportKind]: KindHandler<never> } = {
  customers: customerImport as KindHandler<never>,
  complaints: complaintImport as KindHandler<never>,
  surveys: surveyImport as KindHandler<never>,
};

export function handlerFor(kind: ImportKind): KindHandler<unknown> {
  return HANDLERS[kind] as KindHandler<unknown>;
}
