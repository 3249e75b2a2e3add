import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTime } from '../common/scalars.ts';

export const Role = { ADMIN: 'ADMIN', MANAGER: 'MANAGER', ANALYST: 'ANALYST', REGULATOR: 'REGULATOR', AGENT: 'AGENT' } as const;
registerEnumType(Role, {
  name: 'Role',
  description: 'What a user may do (see the README’s Security section).',
  valuesConfig: {
    ADMIN: { description: 'Users, targets, schedules: everything.' },
    MANAGER: { description: 'KPIs, drill-through and complaint detail in scope; personal data unmasked only for their own stations.' },
    ANALYST: { description: 'KPIs and entity queries in scope, ad-hoc exports; personal data always masked.' },
    REGULATOR: { description: 'KPIs and regulator returns in scope; no entity queries, no personal data.' },
    AGENT: { description: 'The hotline system’s service account: mutations and imports in scope; no KPIs.' },
  },
});

@ObjectType('SignedInViewer', { description: 'Who is signed in.' })
export class SignedInViewerType {
  @Field(() => ID, { description: 'The user’s id.' })
  id: string;

  @Field(() => String, { description: 'Sign-in name.' })
  username: string;

  @Field(() => String, { description: 'Name to show.' })
  displayName: string;

  @Field(() => [Role], { description: 'The user’s roles.' })
  roles: string[];

  /** Materialized paths of the scope; resolved to org units by the field resolver. */
  orgUnitScope: readonly string[];
}

@ObjectType('AuthSession', { description: 'A signed-in session: send the access token as `Authorization: Bearer <accessToken>`; trade the refresh token for a new session before the access token expires.' })
export class AuthSessionType {
  @Field(() => String, { description: 'JWT, short-lived (15 minutes).' })
  accessToken: string;

  @Field(() => DateTime, { description: 'When the access token stops being accepted.' })
  accessTokenExpiresAt: Date;

  @Field(() => String, { description: 'Single use: refreshSession returns a new one with the new session.' })
  refreshToken: string;

  @Field(() => SignedInViewerType, { description: 'Who signed in.' })
  viewer: SignedInViewerType;
}
