import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../server/graphql/relay/global-id.ts';
import { kpiFixtureSuite } from '../support/kpi-fixture.ts';
import { TEST_ADMIN } from '../support/test-api.ts';

// The customers who repeat most, on the hand-computed fixture (see
// kpi-correctness.test.ts): in Jan–Feb 2024 customer C (丙) has #4 and #5, both
// repeats (#5 exempt); customer A (甲) has #1, #2 (a repeat of #1) and #6;
// customer B has no repeat.

const TOP = `query($filter: ComplaintFilter, $first: Int) { topRepeatCustomers(filter: $filter, first: $first) { customer { id name phone } repeatComplaints complaints lastComplaintAt } }`;
const JAN_FEB = { receivedDate: { from: '2024-01-01', to: '2024-02-29' } };

describe('top repeat customers', () => {
  const suite = kpiFixtureSuite();

  it('ranks customers by repeats among the filtered complaints, then by the newest complaint', async () => {
    const all = await suite.api.query(TOP, { filter: JAN_FEB });
    expect(all.errors).toBeUndefined();
    expect(all.data!.topRepeatCustomers).toEqual([
      { customer: { id: toGlobalId('Customer', 3), name: '丙', phone: '13800000003' }, repeatComplaints: 2, complaints: 2, lastComplaintAt: '2024-02-08T07:00:00.000Z' },
      { customer: { id: toGlobalId('Customer', 1), name: '甲', phone: '13800000001' }, repeatComplaints: 1, complaints: 3, lastComplaintAt: '2024-02-05T01:00:00.000Z' },
    ]);
    // Assessed only: #5 is exempt, so C has one repeat, and A's newer complaint puts A first.
    const assessed = await suite.api.query(TOP, { filter: { ...JAN_FEB, exempt: false } });
    expect(assessed.data!.topRepeatCustomers.map((r: { customer: { name: string }; repeatComplaints: number }) => [r.customer.name, r.repeatComplaints])).toEqual([['甲', 1], ['丙', 1]]);
    expect((await suite.api.query(TOP, { filter: JAN_FEB, first: 1 })).data!.topRepeatCustomers).toHaveLength(1);
  });

  it('masks personal data by role and keeps to the viewer’s org units', async () => {
    const analyst = await suite.api.query(TOP, { filter: JAN_FEB }, { viewer: { ...TEST_ADMIN, id: 'analyst', roles: ['ANALYST'] } });
    expect(analyst.data!.topRepeatCustomers.map((r: { customer: { name: string; phone: string } }) => r.customer)).toMatchObject([{ name: '丙*', phone: '138****0003' }, { name: '甲*', phone: '138****0001' }]);
    // City 1 holds station 6 (A's complaints), not station 7 (C's).
    const city1 = await suite.api.query(TOP, { filter: JAN_FEB }, { viewer: { ...TEST_ADMIN, id: 'city-1', orgUnitScope: ['/1/2/'] } });
    expect(city1.data!.topRepeatCustomers.map((r: { customer: { name: string } }) => r.customer.name)).toEqual(['甲']);
    const regulator = await suite.api.query(TOP, { filter: JAN_FEB }, { viewer: { ...TEST_ADMIN, id: 'regulator', roles: ['REGULATOR'] } });
    expect(regulator.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('refuses a list longer than 100, naming the argument', async () => {
    const refused = await suite.api.query(TOP, { filter: JAN_FEB, first: 101 });
    expect(refused.errors![0]).toMatchObject({ message: 'first: must be from 1 to 100, got 101', extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
  });
});
