import { personalDataAccess, presentPersonalData, type PersonalField } from '../../auth/pii-mask-policy.ts';
import type { CustomerEntity } from '../../entities/customer.entity.ts';
import type { GraphQLContext } from '../context.ts';

export type { PersonalField };

/**
 * The one place personal data leaves the server through GraphQL: in full,
 * masked (张*, 138****5678, last four of the account) or withheld, by the
 * viewer's role and the customer's station (server/auth/pii-mask-policy.ts).
 */
export async function revealPersonalData(ctx: GraphQLContext, customer: CustomerEntity, field: PersonalField): Promise<string | null> {
  const { orgUnits } = await ctx.reference.get();
  const path = orgUnits.get(customer.orgUnitId)?.path ?? '';
  return presentPersonalData(personalDataAccess(ctx.viewer, path), field, customer[field]);
}
