import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { refreshSession, signIn, signOut, type IssuedSession, type SessionServices } from '../../auth/session.service.ts';
import { isSignedIn, type Viewer } from '../../auth/viewer.ts';
import type { OrgUnitEntity } from '../../entities/org-unit.entity.ts';
import { badInput } from '../common/api-error.ts';
import type { GraphQLContext } from '../context.ts';
import { OrgUnitType } from '../org-unit/org-unit.type.ts';
import { AuthSessionType, SignedInViewerType } from './auth.types.ts';

const MAX_CREDENTIAL_LENGTH = 1024;

function signedInViewer(viewer: Viewer): SignedInViewerType {
  return Object.assign(new SignedInViewerType(), {
    id: viewer.id,
    username: viewer.username ?? viewer.id,
    displayName: viewer.displayName,
    roles: [...viewer.roles],
    orgUnitScope: viewer.orgUnitScope,
  });
}

function sessionOf(session: IssuedSession): AuthSessionType {
  return Object.assign(new AuthSessionType(), { ...session, viewer: signedInViewer(session.viewer) });
}

function services(ctx: GraphQLContext): SessionServices {
  if (!ctx.security.sessions) throw new Error('sign-in is not configured for this endpoint');
  return ctx.security.sessions;
}

function credential(value: string, field: string): string {
  if (value.length === 0) throw badInput(field, 'must not be empty');
  if (value.length > MAX_CREDENTIAL_LENGTH) throw badInput(field, `at most ${MAX_CREDENTIAL_LENGTH} characters`);
  return value;
}

@Resolver(() => SignedInViewerType)
export class AuthResolver {
  @Mutation(() => AuthSessionType, { description: 'Signs in with a username and password. UNAUTHENTICATED with the same message for an unknown user and a wrong password.' })
  async signIn(@Arg('username', () => String) username: string, @Arg('password', () => String) password: string, @Ctx() ctx: GraphQLContext) {
    return sessionOf(await signIn(services(ctx), credential(username, 'username'), credential(password, 'password'), ctx.security.origin));
  }

  @Mutation(() => AuthSessionType, { description: 'A new session for a refresh token; the token is used up (rotation). UNAUTHENTICATED when it is unknown, expired or already used.' })
  async refreshSession(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: GraphQLContext) {
    return sessionOf(await refreshSession(services(ctx), credential(refreshToken, 'refreshToken'), ctx.security.origin));
  }

  @Mutation(() => Boolean, { description: 'Ends the session the refresh token belongs to. False when it had ended already.' })
  signOut(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: GraphQLContext) {
    return signOut(services(ctx), credential(refreshToken, 'refreshToken'), ctx.security.origin);
  }

  @Query(() => SignedInViewerType, { nullable: true, description: 'Who is signed in; null when not signed in.' })
  me(@Ctx() ctx: GraphQLContext) {
    return isSignedIn(ctx.viewer) ? signedInViewer(ctx.viewer) : null;
  }

  @FieldResolver(() => [OrgUnitType], { description: 'The roots of the user’s org-unit scope (the province for everything).' })
  async orgUnits(@Root() viewer: SignedInViewerType, @Ctx() ctx: GraphQLContext): Promise<OrgUnitEntity[]> {
    // From the reference data, not the viewer-filtered loader: right after
    // signIn the request's own viewer is still anonymous.
    const { orgUnits } = await ctx.reference.get();
    const units = [...orgUnits.values()];
    return viewer.orgUnitScope
      .flatMap((path) => (path === '/' ? units.filter((u) => u.parentId === null) : units.filter((u) => u.path === path)))
      .sort((a, b) => a.path.localeCompare(b.path));
  }
}
