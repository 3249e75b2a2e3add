import { Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { ChannelEntity } from '../../entities/channel.entity.ts';
import type { GraphQLContext } from '../context.ts';
import { toGlobalId } from '../relay/global-id.ts';
import { ChannelType } from './channel.type.ts';

@Resolver(() => ChannelType)
export class ChannelResolver {
  @Query(() => [ChannelType], { description: 'Every channel complaints and surveys come in through.' })
  async channels(@Ctx() ctx: GraphQLContext) {
    return [...(await ctx.reference.get()).channels.values()];
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() channel: ChannelEntity) {
    return toGlobalId('Channel', channel.id);
  }
}
