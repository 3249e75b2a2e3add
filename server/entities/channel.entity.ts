import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CHANNEL_CODES = [
  'HOTLINE_95598', 'ONLINE_HALL', 'MOBILE_APP', 'SERVICE_HALL',
  'REGULATOR_12398', 'LETTERS_AND_VISITS', 'SOCIAL_MEDIA',
] as const;
export type ChannelCode = (typeof CHANNEL_CODES)[number];

/** dim_channel: where a complaint or survey came in. */
@Entity({ name: 'dim_channel' })
export class ChannelEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'smallint' }) id: number;
  @Column({ type: 'text' }) code: ChannelCode;
  @Column({ name: 'name_zh', type: 'text' }) nameZh: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
}
