import { Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { ExemptionFilingEntity } from '../../entities/exemption-filing.entity.ts';
import type { GraphQLContext } from '../context.ts';
import { OrgUnitType } from '../org-unit/org-unit.type.ts';
import { toGlobalId } from '../relay/global-id.ts';
import { ExemptionFilingType } from './exemption-filing.type.ts';

@Resolver(() => ExemptionFilingType)
export class ExemptionFilingResolver {
  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() filing: ExemptionFilingEntity) {
    return toGlobalId('ExemptionFiling', filing.id);
  }

  @FieldResolver(() => OrgUnitType, { nullable: true, description: 'The org unit (and everything below it) the filing is for.' })
  orgUnit(@Root() filing: ExemptionFilingEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.orgUnit.load(filing.orgUnitId);
  }
}
