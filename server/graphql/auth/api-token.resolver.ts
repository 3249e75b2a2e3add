import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/api-token.service.ts';
import { UserInputError } from '../../auth/user-store.ts';
import { poolOf } from '../../db/sql.ts';
import { badInput } from '../common/api-error.ts';
import type { GraphQLContext } from '../context.ts';
import { ApiTokenType, CreatedApiTokenType } from './api-token.types.ts';

/** API tokens of service accounts, for administrators (capability user.admin, see field-access.ts). */
@Resolver()
export class ApiTokenResolver {
  @Query(() => [ApiTokenType], { description: 'Every API token, oldest first (administrators).' })
  async apiTokens(@Ctx() ctx: GraphQLContext) {
    return (await listApiTokens(poolOf(ctx.db))).map((t) => Object.assign(new ApiTokenType(), t));
  }

  @Mutation(() => CreatedApiTokenType, { description: 'Creates an API token for a user (typically a service account with the AGENT role). Audited.' })
  async createApiToken(@Arg('username', () => String) username: string, @Arg('name', () => String, { description: 'What it is for, e.g. "95598 CRM production".' }) name: string, @Ctx() ctx: GraphQLContext) {
    if (!name.trim()) throw badInput('name', 'must not be empty');
    try {
      return Object.assign(new CreatedApiTokenType(), await createApiToken(poolOf(ctx.db), ctx.viewer, username, name.trim()));
    } catch (error) {
      if (error instanceof UserInputError) throw badInput('username', error.message);
      throw error;
    }
  }

  @Mutation(() => Boolean, { description: 'Revokes an API token at once; false when there is no such live token. Audited.' })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    try {
      return await revokeApiToken(poolOf(ctx.db), ctx.viewer, id);
    } catch (error) {
      if (error instanceof UserInputError) throw badInput('id', error.message);
      throw error;
    }
  }
}
