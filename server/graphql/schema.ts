import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ApiTokenResolver } from './auth/api-token.resolver.ts';
import { AuthResolver } from './auth/auth.resolver.ts';
import { CategoryResolver } from './category/category.resolver.ts';
import { ChannelResolver } from './channel/channel.resolver.ts';
import { NodeResolver } from './common/node.resolver.ts';
import { ComplaintResolver } from './complaint/complaint.resolver.ts';
import { ComplaintMutationResolver } from './complaint-mutations/complaint-mutation.resolver.ts';
import { ImportResolver } from './import/import.resolver.ts';
import { CustomerResolver } from './customer/customer.resolver.ts';
import { RepeatCustomerResolver } from './customer/repeat-customers.resolver.ts';
import { ExemptionFilingResolver } from './exemption-filing/exemption-filing.resolver.ts';
import { ExportResolver } from './export/export.resolver.ts';
import { ExportScheduleResolver } from './export/export-schedule.resolver.ts';
import { RollupRefreshResolver } from './operations/rollup-refresh.resolver.ts';
import { KpiTargetAdminResolver } from './kpi/kpi-target-admin.resolver.ts';
import { KpiKeyResolver, KpiResolver, KpiTargetStatusResolver } from './kpi/kpi.resolver.ts';
import { OrgUnitResolver } from './org-unit/org-unit.resolver.ts';
import { SurveyFollowUpResolver } from './survey/survey-follow-up.resolver.ts';
import { SurveyResolver } from './survey/survey.resolver.ts';
import { callResolversDirectly } from './direct-resolvers.ts';

export const RESOLVERS = [
  ComplaintResolver, CustomerResolver, SurveyResolver, OrgUnitResolver, CategoryResolver, ChannelResolver,
  ExemptionFilingResolver, NodeResolver, KpiResolver, KpiKeyResolver, KpiTargetStatusResolver, AuthResolver, ApiTokenResolver,
  ComplaintMutationResolver, ImportResolver,
  ExportResolver, KpiTargetAdminResolver, RepeatCustomerResolver, SurveyFollowUpResolver,
  ExportScheduleResolver, RollupRefreshResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The API's schema, built once from the resolver classes. */
export function clearlineSchema(): Promise<GraphQLSchema> {
  const options = { resolvers: RESOLVERS, validate: false } as const;
  built ??= buildSchema(options).then((schema) => {
    callResolversDirectly(schema, options);
    return schema;
  });
  return built;
}

/** The schema as SDL, sorted so that the committed schema/schema.graphql diffs cleanly. */
export function printClearlineSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
