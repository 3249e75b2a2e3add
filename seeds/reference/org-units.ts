// The demo utility's organisation: one province, 8 cities, 40 counties and
// about 300 service stations (供电所/服务站), named after real places of
// Zhejiang so that the dashboard reads like a real provincial company's.

export type OrgUnitSeed = {
  id: number;
  code: string;
  parentId: number | null;
  level: 'PROVINCE' | 'CITY' | 'COUNTY' | 'STATION';
  depth: number;
  path: string;
  nameZh: string;
  nameEn: string;
};

type CountyName = [code: string, zh: string, en: string];
type CityName = { code: string; zh: string; en: string; counties: CountyName[] };

const CITIES: CityName[] = [
  { code: 'HZ', zh: '杭州市', en: 'Hangzhou', counties: [
    ['SC', '上城区', 'Shangcheng'], ['XH', '西湖区', 'Xihu'], ['XS', '萧山区', 'Xiaoshan'], ['YH', '余杭区', 'Yuhang'], ['FY', '富阳区', 'Fuyang']] },
  { code: 'NB', zh: '宁波市', en: 'Ningbo', counties: [
    ['HS', '海曙区', 'Haishu'], ['YZ', '鄞州区', 'Yinzhou'], ['BL', '北仑区', 'Beilun'], ['CX', '慈溪市', 'Cixi'], ['YY', '余姚市', 'Yuyao']] },
  { code: 'WZ', zh: '温州市', en: 'Wenzhou', counties: [
    ['LC', '鹿城区', 'Lucheng'], ['OH', '瓯海区', 'Ouhai'], ['RA', '瑞安市', "Rui'an"], ['YQ', '乐清市', 'Yueqing'], ['CN', '苍南县', 'Cangnan']] },
  { code: 'JX', zh: '嘉兴市', en: 'Jiaxing', counties: [
    ['NH', '南湖区', 'Nanhu'], ['XZ', '秀洲区', 'Xiuzhou'], ['HN', '海宁市', 'Haining'], ['TX', '桐乡市', 'Tongxiang'], ['PH', '平湖市', 'Pinghu']] },
  { code: 'HU', zh: '湖州市', en: 'Huzhou', counties: [
    ['WX', '吴兴区', 'Wuxing'], ['NX', '南浔区', 'Nanxun'], ['DQ', '德清县', 'Deqing'], ['CX', '长兴县', 'Changxing'], ['AJ', '安吉县', 'Anji']] },
  { code: 'SX', zh: '绍兴市', en: 'Shaoxing', counties: [
    ['YC', '越城区', 'Yuecheng'], ['KQ', '柯桥区', 'Keqiao'], ['SY', '上虞区', 'Shangyu'], ['ZJ', '诸暨市', 'Zhuji'], ['SZ', '嵊州市', 'Shengzhou']] },
  { code: 'JH', zh: '金华市', en: 'Jinhua', counties: [
    ['WC', '婺城区', 'Wucheng'], ['JD', '金东区', 'Jindong'], ['YW', '义乌市', 'Yiwu'], ['DY', '东阳市', 'Dongyang'], ['YK', '永康市', 'Yongkang']] },
  { code: 'TZ', zh: '台州市', en: 'Taizhou', counties: [
    ['JJ', '椒江区', 'Jiaojiang'], ['HY', '黄岩区', 'Huangyan'], ['LQ', '路桥区', 'Luqiao'], ['WL', '温岭市', 'Wenling'], ['LH', '临海市', 'Linhai']] },
];

const STATION_AREAS: [zh: string, en: string][] = [
  ['城东', 'Chengdong'], ['城西', 'Chengxi'], ['城南', 'Chengnan'], ['城北', 'Chengbei'],
  ['城中', 'Chengzhong'], ['开发区', 'Development Zone'], ['新城', 'New Town'], ['高新区', 'Hi-tech Zone'],
  ['东部乡镇', 'Eastern Rural'],
];

/** Stations per county vary from 6 to 9, about 300 in all. */
function stationCount(countyIndex: number): number {
  return 6 + ((countyIndex * 7) % 4);
}

export function buildOrgUnits(): OrgUnitSeed[] {
  const units: OrgUnitSeed[] = [];
  let nextId = 1;
  const add = (unit: Omit<OrgUnitSeed, 'id' | 'path'>, parentPath: string): OrgUnitSeed => {
    const id = nextId++;
    const seeded = { ...unit, id, path: `${parentPath}${id}/` };
    units.push(seeded);
    return seeded;
  };
  const province = add({ code: 'ZJ', parentId: null, level: 'PROVINCE', depth: 1, nameZh: '浙江省', nameEn: 'Zhejiang Province' }, '/');
  let countyIndex = 0;
  for (const city of CITIES) {
    const cityUnit = add({
      code: `ZJ-${city.code}`, parentId: province.id, level: 'CITY', depth: 2, nameZh: city.zh, nameEn: city.en,
    }, province.path);
    for (const [code, zh, en] of city.counties) {
      const county = add({
        code: `${cityUnit.code}-${code}`, parentId: cityUnit.id, level: 'COUNTY', depth: 3, nameZh: zh, nameEn: en,
      }, cityUnit.path);
      const stations = stationCount(countyIndex++);
      for (let s = 0; s < stations; s++) {
        const [areaZh, areaEn] = STATION_AREAS[s]!;
        add({
          code: `${county.code}-${String(s + 1).padStart(2, '0')}`,
          parentId: county.id,
          level: 'STATION',
          depth: 4,
          nameZh: `${zh.replace(/[区市县]$/, '')}${areaZh}供电所`,
          nameEn: `${en} ${areaEn} Service Station`,
        }, county.path);
      }
    }
  }
  return units;
}
