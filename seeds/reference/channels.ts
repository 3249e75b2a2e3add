import type { ChannelCode } from '../../server/entities/channel.entity.ts';

export type ChannelSeed = { id: number; code: ChannelCode; nameZh: string; nameEn: string; complaintWeight: number };

// Shares of complaints by channel: the 95598 hotline still carries most of them.
export const CHANNELS: ChannelSeed[] = [
  { id: 1, code: 'HOTLINE_95598', nameZh: '95598热线', nameEn: '95598 hotline', complaintWeight: 52 },
  { id: 2, code: 'ONLINE_HALL', nameZh: '网上营业厅', nameEn: 'Online service hall', complaintWeight: 9 },
  { id: 3, code: 'MOBILE_APP', nameZh: '手机App', nameEn: 'Mobile app', complaintWeight: 18 },
  { id: 4, code: 'SERVICE_HALL', nameZh: '营业厅', nameEn: 'Service hall', complaintWeight: 8 },
  { id: 5, code: 'REGULATOR_12398', nameZh: '12398能源监管热线', nameEn: '12398 regulator referral', complaintWeight: 4 },
  { id: 6, code: 'LETTERS_AND_VISITS', nameZh: '信访', nameEn: 'Letters and visits', complaintWeight: 2 },
  { id: 7, code: 'SOCIAL_MEDIA', nameZh: '社交媒体', nameEn: 'Social media', complaintWeight: 7 },
];
