// Building blocks of demo customers' personal data. Everything here is
// synthetic: the point is that masking and pseudonymisation have realistic
// Chinese names, mobile numbers and account numbers to work on.

export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '潘', '袁', '蒋', '蔡', '余',
  '欧阳', '诸葛',
];

export const GIVEN_NAME_CHARS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '英', '华', '建', '国', '红', '文', '玲', '辉', '鹏', '飞', '婷', '雪', '慧', '宇', '浩', '晨', '欣', '梅',
];

export const COMPANY_PREFIXES = ['浙江', '杭州', '宁波', '温州', '嘉兴', '绍兴', '金华', '台州', '东海', '钱江'];
export const COMPANY_TRADES = ['纺织', '机械', '食品', '电子', '化工', '物流', '酒店', '超市', '建材', '印染'];
export const COMPANY_SUFFIXES = ['有限公司', '股份有限公司', '制造有限公司', '实业有限公司'];

export const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '177', '180', '182', '186', '187', '189', '199'];
