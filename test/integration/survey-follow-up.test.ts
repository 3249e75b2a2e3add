import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';
import { kpiFixtureSuite } from '../support/kpi-fixture.ts';
import { TEST_ADMIN } from '../support/test-api.ts';

// Dissatisfied answers are followed up. On the hand-computed fixture (see
// kpi-correctness.test.ts): survey #3 scored 2 (station 6, City 1), #5 scored 1
// (station 7, City 2); #1 scored 5; #2 was not answered.

const AWAITING = `query($awaiting: Boolean) { surveys(filter: { awaitingFollowUp: $awaiting }, first: 50) { nodes { id score } } }`;
const FOLLOW_UP = `mutation($id: ID!, $at: DateTimeISO) { recordSurveyFollowUp(surveyId: $id, outcome: RESOLVED, note: "回电致歉，已重新抄表", at: $at) { surveyId outcome note followedUpBy } }`;
const survey = (n: number) => toGlobalId('Survey', n);
const CITY1_MANAGER = { ...TEST_ADMIN, id: 'manager-c1', roles: ['MANAGER' as const], orgUnitScope: ['/1/2/'] };

describe('following up dissatisfied answers', () => {
  const suite = kpiFixtureSuite();

  it('lists the dissatisfied answers awaiting a follow-up until one is recorded, audited', async () => {
    const awaiting = async (value: boolean) => (await suite.api.query(AWAITING, { awaiting: value })).data!.surveys.nodes.map((n: { id: string }) => n.id);
    expect(await awaiting(true)).toEqual([survey(5), survey(3)]);
    expect(await awaiting(false)).toEqual([]);
    const done = await suite.api.query(FOLLOW_UP, { id: survey(3) }, { viewer: CITY1_MANAGER });
    expect(done.errors).toBeUndefined();
    expect(done.data!.recordSurveyFollowUp).toEqual({ surveyId: survey(3), outcome: 'RESOLVED', note: '回电致歉，已重新抄表', followedUpBy: 'manager-c1' });
    expect(await awaiting(true)).toEqual([survey(5)]);
    expect(await awaiting(false)).toEqual([survey(3)]);
    const { rows } = await suite.db.pool.query(`SELECT actor_id, action, target_id, details->>'outcome' AS outcome FROM audit_log WHERE action = 'survey.follow_up'`);
    expect(rows).toEqual([{ actor_id: 'manager-c1', action: 'survey.follow_up', target_id: '3', outcome: 'RESOLVED' }]);
  });

  it('refuses what cannot be followed up, naming why', async () => {
    const error = async (id: string, viewer = TEST_ADMIN, at?: string) => (await suite.api.query(FOLLOW_UP, { id, at }, { viewer })).errors?.[0];
    expect(await error(survey(3))).toMatchObject({ message: expect.stringMatching(/^surveyId: the survey was already followed up at .* by manager-c1$/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await error(survey(1))).toMatchObject({ message: 'surveyId: the survey was answered with score 5: only dissatisfied answers (score ≤ 2) are followed up' });
    expect(await error(survey(2))).toMatchObject({ message: 'surveyId: the survey was not answered: only dissatisfied answers (score ≤ 2) are followed up' });
    expect(await error(survey(5), CITY1_MANAGER)).toMatchObject({ message: 'No survey with id "5" in your org units', extensions: { code: 'NOT_FOUND' } });
    expect(await error(survey(5), TEST_ADMIN, '2024-02-01T00:00:00Z')).toMatchObject({ message: 'at: 2024-02-01T00:00:00.000Z is before the survey (2024-02-22T02:00:00.000Z)' });
    expect(await error(survey(5), TEST_ADMIN, '2999-01-01T00:00:00Z')).toMatchObject({ message: 'at: 2999-01-01T00:00:00.000Z is in the future' });
    const analyst = await error(survey(5), { ...TEST_ADMIN, id: 'analyst', roles: ['ANALYST'] });
    expect(analyst).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect((await suite.db.pool.query('SELECT count(*)::int AS n FROM survey_follow_up')).rows[0].n).toBe(1);
  });
});
