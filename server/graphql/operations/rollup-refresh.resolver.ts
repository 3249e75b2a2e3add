import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { recordAudit } from '../../audit/audit-log.ts';
import { assertAllowed } from '../../auth/permissions.ts';
import { poolOf } from '../../db/sql.ts';
import { requestRollupRefresh } from '../../rollups/rollup-refresh-request.ts';
import { badInput } from '../common/api-error.ts';
import { DateTime, LocalDate } from '../common/scalars.ts';
import type { GraphQLContext } from '../context.ts';

@ObjectType('RollupRefresh', { description: 'A rollup refresh asked for: run, or covered by one that began after it was asked.' })
class RollupRefreshType {
  @Field(() => ID, { description: 'Its entry in rollup_refresh_log.' })
  id: string;

  @Field(() => Boolean, { description: 'True when this request rebuilt the rollups; false when a refresh that began after it was asked already covered it (nothing left to do).' })
  refreshed: boolean;

  @Field(() => ID, { nullable: true, description: 'The refresh that covered it, when not refreshed.' })
  coveredBy: string | null;

  @Field(() => DateTime, { description: 'When it was asked (database clock).' })
  requestedAt: Date;

  @Field(() => DateTime, { description: 'When it finished.' })
  finishedAt: Date;
}

@Resolver()
export class RollupRefreshResolver {
  @Mutation(() => RollupRefreshType, {
    description: 'Rebuilds the KPI rollups from the facts (administrators): all of them, or the months of a range. One refresh runs at a time across every server process; a request made while another runs waits, and is not run again when that refresh began after it was asked. Audited.',
  })
  async refreshRollups(
    @Arg('from', () => LocalDate, { nullable: true, description: 'First day (with `to`); leave both out for everything.' }) from: string | null,
    @Arg('to', () => LocalDate, { nullable: true, description: 'Last day.' }) to: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RollupRefreshType> {
    assertAllowed(ctx.viewer, 'rollup.refresh');
    if ((from === null) !== (to === null)) throw badInput(from === null ? 'from' : 'to', 'give both `from` and `to`, or neither');
    if (from !== null && to !== null && to < from) throw badInput('to', `\`to\` (${to}) is before \`from\` (${from})`);
    const pool = poolOf(ctx.db);
    const outcome = await requestRollupRefresh(pool, { range: from && to ? { from, to } : undefined, requestedBy: ctx.viewer.id });
    await recordAudit(pool, ctx.viewer, { action: 'rollup.refresh', targetType: 'rollup_refresh', targetId: outcome.refreshId, details: { from, to, outcome: outcome.outcome, coveredBy: outcome.coveredBy }, requestId: ctx.security.origin?.requestId });
    return Object.assign(new RollupRefreshType(), { id: outcome.refreshId, refreshed: outcome.outcome === 'REFRESHED', coveredBy: outcome.coveredBy, requestedAt: outcome.requestedAt, finishedAt: outcome.finishedAt });
  }
}
