import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { visibleTo } from '../../auth/viewer.ts';
import type { OrgUnitEntity } from '../../entities/org-unit.entity.ts';
import { OrgUnitLevel } from '../common/enums.ts';
import type { GraphQLContext } from '../context.ts';
import { fromGlobalId, toGlobalId } from '../relay/global-id.ts';
import { OrgUnitType } from './org-unit.type.ts';

@Resolver(() => OrgUnitType)
export class OrgUnitResolver {
  @Query(() => [OrgUnitType], {
    description: 'Org units you may see (your subtrees and the units above them), in tree order, for pickers and breadcrumbs.',
  })
  async orgUnits(
    @Arg('level', () => OrgUnitLevel, { nullable: true, description: 'Only this level.' }) level: string | null,
    @Arg('parentId', () => ID, { nullable: true, description: 'Only the children of this unit.' }) parentId: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    const parent = parentId == null ? null : Number(fromGlobalId('OrgUnit', parentId, 'parentId'));
    const { orgUnits } = await ctx.reference.get();
    return [...orgUnits.values()]
      .filter((u) => visibleTo(ctx.viewer, u.path) && (level == null || u.level === level) && (parent === null || u.parentId === parent))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() unit: OrgUnitEntity) {
    return toGlobalId('OrgUnit', unit.id);
  }

  @FieldResolver(() => OrgUnitType, { nullable: true, description: 'The unit above (null for the province).' })
  parent(@Root() unit: OrgUnitEntity, @Ctx() ctx: GraphQLContext) {
    return unit.parentId === null ? null : ctx.loaders.orgUnit.load(unit.parentId);
  }

  @FieldResolver(() => [OrgUnitType], { description: 'The units directly below, by code.' })
  children(@Root() unit: OrgUnitEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.orgUnitChildren.load(unit.id);
  }

  @FieldResolver(() => [OrgUnitType], { description: 'The units above, from the province down (excluding this one): a breadcrumb.' })
  async ancestors(@Root() unit: OrgUnitEntity, @Ctx() ctx: GraphQLContext) {
    const ids = unit.path.split('/').filter(Boolean).map(Number).filter((id) => id !== unit.id);
    const units = await ctx.loaders.orgUnit.loadMany(ids);
    return units.filter((u): u is OrgUnitEntity => u instanceof Object && !(u instanceof Error));
  }
}
