import { Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ChannelEntity } from '../../entities/channel.entity.ts';
import { selectEntities, sql } from '../../db/sql.ts';
import type { GraphQLContext } from '../context.ts';
import { toGlobalId } from '../relay/global-id.ts';
import { ChannelType } from './channel.type.ts';

@Resolver(() => ChannelType)
export class ChannelResolver {
  @Query(() => [ChannelType], { description: 'Every channel complaints and surveys come in through.' })
  channels(@Ctx() ctx: GraphQLContext) {
    return selectEntities(ctx.db, ChannelEntity, sql`SELECT * FROM dim_channel ORDER BY channel_id`);
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() channel: ChannelEntity) {
    return toGlobalId('Channel', channel.id);
  }
}
