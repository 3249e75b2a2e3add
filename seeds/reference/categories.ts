// The industry's complaint categories, two levels, each leaf with its SLA
// target, plus what the demo generator needs to make them behave like the
// real thing (how common, how long to resolve, what customers write).

import type { SlaKind, Utility } from '../../server/entities/category.entity.ts';

export type CategorySeed = {
  id: number;
  code: string;
  parentId: number | null;
  level: 1 | 2;
  utility: Utility;
  nameZh: string;
  nameEn: string;
  slaKind: SlaKind | null;
  slaValue: number | null;
};

/** Generator behaviour of a leaf category. */
export type LeafProfile = {
  /** Relative frequency among the utility's complaints. */
  weight: number;
  /** Median hours from received to resolved (log-normal), and its spread. */
  medianHours: number;
  sigma: number;
  /** Outage-like categories spike in summer and in storms. */
  weatherDriven: boolean;
  /** Share of complaints where the customer turns out to be right. */
  upheldShare: number;
  /** What a customer writes (the work order's description). */
  descriptions: string[];
};

type Leaf = [code: string, zh: string, en: string, sla: [SlaKind, number], profile: LeafProfile];
type Group = { code: string; zh: string; en: string; utility: Utility; leaves: Leaf[] };

const bd = (days: number): [SlaKind, number] => ['BUSINESS_DAYS', days];
const hours = (h: number): [SlaKind, number] => ['CALENDAR_HOURS', h];
const profile = (weight: number, medianHours: number, sigma: number, upheldShare: number, descriptions: string[], weatherDriven = false): LeafProfile =>
  ({ weight, medianHours, sigma, upheldShare, descriptions, weatherDriven });

const GROUPS: Group[] = [
  { code: 'E01', zh: '服务行为', en: 'Service conduct', utility: 'ELECTRICITY', leaves: [
    ['E0101', '营业厅服务态度', 'Service-hall staff attitude', bd(5), profile(6, 40, 0.9, 0.45, ['营业厅工作人员态度冷淡，办理业务时不耐烦', '营业厅排队时间过长，窗口人员推诿'])],
    ['E0102', '现场人员服务规范', 'Field staff conduct', bd(5), profile(4, 44, 0.9, 0.4, ['抄表人员未出示工作证进入院内', '现场作业人员说话粗鲁'])],
    ['E0103', '热线服务质量', 'Hotline service quality', bd(5), profile(3, 30, 0.8, 0.35, ['95598坐席答复不清楚，多次转接无人处理', '热线长时间无法接通'])],
  ] },
  { code: 'E02', zh: '电费电价', en: 'Billing and tariff', utility: 'ELECTRICITY', leaves: [
    ['E0201', '电费异常', 'Disputed electricity bill', bd(5), profile(14, 60, 0.9, 0.5, ['本月电费比上月高出一倍，要求核查', '家中无人居住仍产生较高电费'])],
    ['E0202', '电价执行错误', 'Tariff applied wrongly', bd(5), profile(5, 72, 0.8, 0.6, ['商铺被按居民电价以外的标准收费', '分时电价未按约定执行'])],
    ['E0203', '阶梯电价争议', 'Tiered-tariff dispute', bd(5), profile(5, 54, 0.8, 0.3, ['阶梯电价计算有误，年度用电量统计不对', '多人口家庭阶梯基数未调整'])],
  ] },
  { code: 'E03', zh: '电能计量', en: 'Metering', utility: 'ELECTRICITY', leaves: [
    ['E0301', '表计接线错误', 'Meter wiring error', bd(5), profile(3, 50, 0.8, 0.7, ['电表接线与邻居串户，电费算到我家', '新装电表接线错误导致计量偏大'])],
    ['E0302', '电能表校验', 'Meter verification', bd(5), profile(7, 70, 0.7, 0.25, ['怀疑电表走字过快，申请校验', '电表校验申请提交后迟迟无人上门'])],
    ['E0303', '换表未告知', 'Meter replaced without notice', bd(3), profile(3, 36, 0.8, 0.55, ['更换电表前未通知，旧表底数未确认', '换表后电费明显增加，未见换表告知单'])],
  ] },
  { code: 'E04', zh: '停电及供电质量', en: 'Outages and power quality', utility: 'ELECTRICITY', leaves: [
    ['E0401', '故障抢修', 'Outage repair', hours(24), profile(16, 5, 0.9, 0.65, ['小区突然停电超过三小时，抢修人员未到', '雷雨后线路故障，至今未恢复供电'], true)],
    ['E0402', '频繁停电', 'Frequent outages', bd(5), profile(8, 80, 0.8, 0.6, ['本月已停电四次，影响正常生活', '村里频繁跳闸停电'], true)],
    ['E0403', '电压质量', 'Voltage quality', bd(10), profile(5, 120, 0.8, 0.55, ['电压偏低，空调无法启动', '晚高峰电压不稳，灯光闪烁'], true)],
    ['E0404', '计划停电通知', 'Planned-outage notice', bd(5), profile(4, 40, 0.8, 0.5, ['计划停电未提前通知，冷库货物受损', '停电公告张贴位置不显眼'])],
  ] },
  { code: 'E05', zh: '业扩报装', en: 'New connection', utility: 'ELECTRICITY', leaves: [
    ['E0501', '报装时限超期', 'Connection delayed', bd(10), profile(5, 160, 0.7, 0.6, ['新装电表申请超过规定时限仍未装表', '企业增容报装进度缓慢'])],
    ['E0502', '报装收费争议', 'Connection charges', bd(5), profile(3, 90, 0.7, 0.35, ['报装时被要求支付不合理费用', '指定施工单位收费过高'])],
  ] },
  { code: 'E06', zh: '缴费渠道', en: 'Payment channels', utility: 'ELECTRICITY', leaves: [
    ['E0601', '线上缴费失败', 'Online payment failed', bd(3), profile(6, 20, 1.0, 0.6, ['网上国网缴费扣款成功但电费未到账', '手机支付缴费后仍收到欠费停电通知'])],
    ['E0602', '缴费网点不便', 'Payment outlets', bd(5), profile(2, 48, 0.8, 0.3, ['附近代收网点撤销，老人缴费不便', '营业厅缴费窗口开放时间短'])],
  ] },
  { code: 'G01', zh: '燃气抄表计费', en: 'Gas meter reading and billing', utility: 'GAS', leaves: [
    ['G0101', '估抄估收', 'Estimated meter reading', bd(5), profile(10, 60, 0.8, 0.55, ['燃气公司长期估抄，账单与实际用量不符', '抄表员未上门，气费按估算收取'])],
    ['G0102', '气费争议', 'Disputed gas bill', bd(5), profile(10, 64, 0.9, 0.45, ['冬季燃气费异常偏高，要求核实', '燃气表读数与账单不一致'])],
  ] },
  { code: 'G02', zh: '安装费用', en: 'Installation fees', utility: 'GAS', leaves: [
    ['G0201', '开户安装收费', 'Installation charges', bd(5), profile(6, 96, 0.7, 0.35, ['燃气开户安装费标准不透明', '安装燃气被收取额外材料费'])],
  ] },
  { code: 'G03', zh: '管道改造', en: 'Pipe modification', utility: 'GAS', leaves: [
    ['G0301', '户内管道改装', 'Indoor pipe modification', bd(10), profile(5, 150, 0.7, 0.4, ['申请户内燃气管道改装，迟迟未安排施工', '管道改造后墙面未恢复'])],
  ] },
  { code: 'G04', zh: '燃气维修', en: 'Gas repairs', utility: 'GAS', leaves: [
    ['G0401', '漏气抢修', 'Gas leak repair', hours(4), profile(6, 1.5, 0.8, 0.7, ['厨房闻到燃气味，抢修人员迟迟未到', '楼道燃气管道漏气'], true)],
    ['G0402', '燃气表故障维修', 'Gas meter repair', bd(5), profile(7, 50, 0.8, 0.5, ['燃气表显示故障无法用气', 'IC卡燃气表充值后不能使用'])],
  ] },
];

export type CategoryCatalogue = {
  categories: CategorySeed[];
  /** Leaf id → generator profile. */
  profiles: Map<number, LeafProfile>;
};

export function buildCategories(): CategoryCatalogue {
  const categories: CategorySeed[] = [];
  const profiles = new Map<number, LeafProfile>();
  let nextId = 1;
  for (const group of GROUPS) {
    const parentId = nextId++;
    categories.push({
      id: parentId, code: group.code, parentId: null, level: 1, utility: group.utility,
      nameZh: group.zh, nameEn: group.en, slaKind: null, slaValue: null,
    });
    for (const [code, zh, en, [slaKind, slaValue], leafProfile] of group.leaves) {
      const id = nextId++;
      categories.push({ id, code, parentId, level: 2, utility: group.utility, nameZh: zh, nameEn: en, slaKind, slaValue });
      profiles.set(id, leafProfile);
    }
  }
  return { categories, profiles };
}
