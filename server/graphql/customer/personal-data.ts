import { personalDataAccess, presentPersonalData, type PersonalField } from '../../auth/pii-mask-policy.ts';
import type { CustomerEntity } from '../../entities/customer.entity.ts';
import type { GraphQLContext } from '../context.ts';
import type { ReferenceSnapshot } from '../reference-data.ts';

export type { PersonalField };

/**
 * The one place personal data leaves the server through GraphQL: in full,
 * masked (张*, 138****5678, last four of the account) or withheld, by the
 * viewer's role and the customer's station (server/auth/pii-mask-policy.ts).
 */
export function revealPersonalData(ctx: GraphQLContext, customer: CustomerEntity, field: PersonalField): string | null | Promise<string | null> {
  // Synchronous while the org units are cached: no promise per customer and field.
  const snapshot = ctx.reference.current();
  return snapshot ? reveal(ctx, snapshot, customer, field) : ctx.reference.get().then((loaded) => reveal(ctx, loaded, customer, field));
}

function reveal(ctx: GraphQLContext, { orgUnits }: ReferenceSnapshot, customer: CustomerEntity, field: PersonalField): string | null {
  const path = orgUnits.get(customer.orgUnitId)?.path ?? '';
  return presentPersonalData(personalDataAccess(ctx.viewer, path), field, customer[field]);
}
