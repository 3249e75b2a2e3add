import { recordAudit } from '../../audit/audit-log.ts';
import { assertAllowed } from '../../auth/permissions.ts';
import { inScope } from '../../auth/viewer.ts';
import { inTransaction } from '../../db/transaction.ts';
import { badInput, notFound } from '../../graphql/common/api-error.ts';
import type { MutationCall } from './complaint-lifecycle.ts';

export const FOLLOW_UP_OUTCOMES = ['RESOLVED', 'EXPLAINED', 'ESCALATED', 'CUSTOMER_UNREACHABLE'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** Answers at or below this score must be followed up (METRICS.md, dissatisfiedFollowUps). */
export const DISSATISFIED_MAX_SCORE = 2;

export type SurveyFollowUp = { surveyId: string; followedUpAt: Date; followedUpBy: string; outcome: FollowUpOutcome; note: string };

/**
 * Records that a dissatisfied answer was followed up (the customer called
 * back), once per survey; audited in the same transaction.
 */
export async function recordSurveyFollowUp(call: MutationCall, surveyId: string, outcome: FollowUpOutcome, note: string, at?: Date | null): Promise<SurveyFollowUp> {
  assertAllowed(call.viewer, 'survey.followUp');
  const now = call.now ?? new Date();
  const when = at ?? now;
  if (when.getTime() > now.getTime()) throw badInput('at', `${when.toISOString()} is in the future`);
  return inTransaction(call.pool, async (client) => {
    const { rows } = await client.query<{ responded: boolean; score: number | null; path: string; surveyed_at: Date; followed_up_at: Date | null; followed_up_by: string | null }>(
      `SELECT s.responded, s.score, u.path, s.surveyed_at, f.followed_up_at, f.followed_up_by
         FROM fact_survey s JOIN dim_org_unit u ON u.org_unit_id = s.org_unit_id
         LEFT JOIN survey_follow_up f ON f.survey_id = s.survey_id
        WHERE s.survey_id = $1 FOR UPDATE OF s`,
      [surveyId],
    );
    const survey = rows[0];
    if (!survey || !inScope(call.viewer, survey.path)) throw notFound(`No survey with id "${surveyId}" in your org units`);
    if (!survey.responded || survey.score === null || survey.score > DISSATISFIED_MAX_SCORE) {
      throw badInput('surveyId', `the survey was ${survey.responded ? `answered with score ${survey.score}` : 'not answered'}: only dissatisfied answers (score ≤ ${DISSATISFIED_MAX_SCORE}) are followed up`);
    }
    if (survey.followed_up_at) throw badInput('surveyId', `the survey was already followed up at ${survey.followed_up_at.toISOString()} by ${survey.followed_up_by}`);
    if (when.getTime() < survey.surveyed_at.getTime()) throw badInput('at', `${when.toISOString()} is before the survey (${survey.surveyed_at.toISOString()})`);
    await client.query(
      'INSERT INTO survey_follow_up (survey_id, followed_up_at, followed_up_by, outcome, note) VALUES ($1, $2, $3, $4, $5)',
      [surveyId, when, call.viewer.id, outcome, note],
    );
    await recordAudit(client, call.viewer, {
      action: 'survey.follow_up', targetType: 'Survey', targetId: surveyId, requestId: call.requestId,
      details: { outcome, at: when.toISOString() },
    });
    return { surveyId, followedUpAt: when, followedUpBy: call.viewer.id, outcome, note };
  });
}
