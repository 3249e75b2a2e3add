import { Field, ObjectType } from 'type-graphql';
import { ChannelCode } from '../common/enums.ts';
import { Node } from '../common/node.ts';

@ObjectType('Channel', {
 implements: Node,
 simpleResolvers: true, description: 'A channel complaints and surveys come in through (95598 hotline, app, service hall, ...).' })
export class ChannelType extends Node {
  @Field(() => ChannelCode, { description: 'Stable code.' })
  code: string;

  @Field(() => String, { description: 'Name in Chinese.' })
  nameZh: string;

  @Field(() => String, { description: 'Name in English.' })
  nameEn: string;
}
