import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { SurveyEntity } from '../../entities/survey.entity.ts';
import { poolOf, selectEntities, sql } from '../../db/sql.ts';
import { createComplaint, recordSurvey, transitionComplaint, type ComplaintStatus as Status, type MutationCall } from '../../ingest/work-orders/complaint-lifecycle.ts';
import { decideExemption, fileExemption, type FileExemptionInput as FileInput } from '../../ingest/work-orders/exemption-filing.service.ts';
import { notFound } from '../common/api-error.ts';
import { ComplaintStatus } from '../common/enums.ts';
import { DateTime } from '../common/scalars.ts';
import { ComplaintType } from '../complaint/complaint.type.ts';
import type { GraphQLContext } from '../context.ts';
import { ExemptionFilingType } from '../exemption-filing/exemption-filing.type.ts';
import { fromGlobalId } from '../relay/global-id.ts';
import { SurveyType } from '../survey/survey.type.ts';
import { CreateComplaintInput, FileExemptionInput, RecordSurveyInput } from './complaint-mutation.inputs.ts';

function call(ctx: GraphQLContext): MutationCall {
  return { pool: poolOf(ctx.db), viewer: ctx.viewer, timeZone: ctx.timeZone, now: ctx.now };
}

/** The work-order lifecycle for live systems; each mutation commits with its audit row. */
@Resolver()
export class ComplaintMutationResolver {
  @Mutation(() => ComplaintType, { description: 'Creates a work order (status RECEIVED), with SLA due time, repeat flag and exemption coverage derived as for imports.' })
  async createComplaint(@Arg('input', () => CreateComplaintInput) input: CreateComplaintInput, @Ctx() ctx: GraphQLContext) {
    const id = await createComplaint(call(ctx), input);
    return loadComplaint(ctx, id);
  }

  @Mutation(() => ComplaintType, {
    description: 'Moves a work order along received → assigned → responded → resolved → closed, or reopens a resolved or closed one. An invalid move is BAD_USER_INPUT naming both states.',
  })
  async transitionComplaint(
    @Arg('id', () => ID) id: string,
    @Arg('to', () => ComplaintStatus) to: string,
    @Arg('at', () => DateTime, { nullable: true, description: 'When it happened; default now. Not before the work order\'s last recorded time.' }) at: Date | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    const key = fromGlobalId('Complaint', id, 'id');
    await transitionComplaint(call(ctx), key, to as Status, at);
    return loadComplaint(ctx, key);
  }

  @Mutation(() => SurveyType, { description: 'Records a follow-up (回访) attempt.' })
  async recordSurvey(@Arg('input', () => RecordSurveyInput) input: RecordSurveyInput, @Ctx() ctx: GraphQLContext) {
    const complaintId = input.complaintId ? fromGlobalId('Complaint', input.complaintId, 'input.complaintId') : null;
    const id = await recordSurvey(call(ctx), { ...input, complaintId });
    const [survey] = await selectEntities(ctx.db, SurveyEntity, sql`SELECT * FROM fact_survey WHERE survey_id = ${id}`, SurveyType.prototype);
    if (!survey) throw notFound(`No survey with id "${id}" in your org units`);
    return survey;
  }

  @Mutation(() => ExemptionFilingType, { description: 'Files an exemption (重要事项报备): type, org unit, window, reason. It covers nothing until approved.' })
  async fileExemption(@Arg('input', () => FileExemptionInput) input: FileExemptionInput, @Ctx() ctx: GraphQLContext) {
    const id = await fileExemption(call(ctx), input as FileInput);
    return loadFiling(ctx, id);
  }

  @Mutation(() => ExemptionFilingType, { description: 'Approves (default) or rejects a filed exemption; approval takes the complaints it covers out of assessed KPIs.' })
  async approveExemption(
    @Arg('id', () => ID) id: string,
    @Arg('approve', () => Boolean, { defaultValue: true, description: 'false rejects it.' }) approve: boolean,
    @Ctx() ctx: GraphQLContext,
  ) {
    const key = fromGlobalId('ExemptionFiling', id, 'id');
    await decideExemption(call(ctx), key, approve);
    return loadFiling(ctx, key);
  }
}

async function loadComplaint(ctx: GraphQLContext, id: string) {
  ctx.loaders.complaint.clear(id);
  const complaint = await ctx.loaders.complaint.load(id);
  if (!complaint) throw notFound(`No complaint with id "${id}" in your org units`);
  return complaint;
}

async function loadFiling(ctx: GraphQLContext, id: string) {
  ctx.loaders.exemptionFiling.clear(id);
  const filing = await ctx.loaders.exemptionFiling.load(id);
  // The field is non-null: a filing the viewer cannot read back is an explicit NOT_FOUND, not a null-in-non-null error.
  if (!filing) throw notFound(`No exemption filing with id "${id}" in your org units`);
  return filing;
}
