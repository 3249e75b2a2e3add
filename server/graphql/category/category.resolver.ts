import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { CategoryEntity } from '../../entities/category.entity.ts';
import { badInput } from '../common/api-error.ts';
import { Utility } from '../common/enums.ts';
import type { GraphQLContext } from '../context.ts';
import { toGlobalId } from '../relay/global-id.ts';
import { CategoryType } from './category.type.ts';

@Resolver(() => CategoryType)
export class CategoryResolver {
  @Query(() => [CategoryType], { description: 'Complaint categories by code: groups (level 1) and their categories (level 2).' })
  async categories(
    @Arg('level', () => Int, { nullable: true, description: '1 or 2: only this level.' }) level: number | null,
    @Arg('utility', () => Utility, { nullable: true, description: 'Only this utility’s categories.' }) utility: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    if (level != null && level !== 1 && level !== 2) throw badInput('level', `must be 1 or 2, got ${level}`);
    const { categories } = await ctx.reference.get();
    return [...categories.values()].filter((c) => (level == null || c.level === level) && (utility == null || c.utility === utility));
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() category: CategoryEntity) {
    return toGlobalId('Category', category.id);
  }

  @FieldResolver(() => CategoryType, { nullable: true, description: 'The level-1 group (null for a group).' })
  parent(@Root() category: CategoryEntity, @Ctx() ctx: GraphQLContext) {
    return category.parentId === null ? null : ctx.loaders.category.load(category.parentId);
  }

  @FieldResolver(() => [CategoryType], { description: 'The level-2 categories of a group (empty for a level-2 category).' })
  children(@Root() category: CategoryEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.categoryChildren.load(category.id);
  }
}
