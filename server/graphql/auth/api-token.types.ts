import { Field, ID, ObjectType } from 'type-graphql';
import { DateTime } from '../common/scalars.ts';

@ObjectType('ApiToken', { description: 'A service account’s API token (the token itself is shown only once, when created).' })
export class ApiTokenType {
  @Field(() => ID, { description: 'Token id (for revokeApiToken).' })
  id: string;

  @Field(() => String, { description: 'The user it acts as.' })
  username: string;

  @Field(() => String, { description: 'What it is for.' })
  name: string;

  @Field(() => String, { description: 'Its first characters, to tell tokens apart.' })
  prefix: string;

  @Field(() => DateTime, { description: 'When it was created.' })
  createdAt: Date;

  @Field(() => DateTime, { nullable: true, description: 'Last request with it (to the minute); null if never used.' })
  lastUsedAt: Date | null;

  @Field(() => DateTime, { nullable: true, description: 'When it was revoked; null while it works.' })
  revokedAt: Date | null;
}

@ObjectType('CreatedApiToken', { description: 'A new API token: store `token` now, it cannot be shown again.' })
export class CreatedApiTokenType {
  @Field(() => ID, { description: 'Token id.' })
  id: string;

  @Field(() => String, { description: 'The token: send it as `Authorization: Bearer <token>`.' })
  token: string;
}
