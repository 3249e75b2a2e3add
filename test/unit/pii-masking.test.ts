import { describe, expect, it } from 'vitest';
import { maskAccountNo, maskName, maskPhone, personalDataFor, seesPersonalData } from '../../server/auth/pii-masking.ts';
import type { Viewer } from '../../server/auth/viewer.ts';

const viewer = (roles: Viewer['roles']): Viewer => ({ id: 'u', displayName: 'U', roles, orgUnitScope: ['/'] });

describe('personal-data masking', () => {
  it('keeps a name’s first character: 张三 → 张*, 欧阳娜娜 → 欧***', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('张')).toBe('张*'); // one character still gets a mask, or it would be shown whole
    expect(maskName('Zhang San')).toBe('Z********');
    expect(maskName('𠮷野家')).toBe('𠮷**'); // a character outside the BMP is one character, not two halves
    expect(maskName(null)).toBeNull();
  });

  it('shows a mobile number’s first three and last four digits: 13812345678 → 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskPhone('88886666')).toBe('******66');
    expect(maskPhone(null)).toBeNull();
  });

  it('shows an account number’s last four only', () => {
    expect(maskAccountNo('3300123456')).toBe('******3456');
    expect(maskAccountNo('123')).toBe('***');
    expect(maskAccountNo(null)).toBeNull();
  });

  it('masks per role: analysts and regulators get masks, managers, agents and administrators do not', () => {
    const data = { name: '张三', phone: '13812345678', accountNo: '3300123456' };
    expect(personalDataFor(viewer(['ANALYST']), data)).toEqual({ name: '张*', phone: '138****5678', accountNo: '******3456' });
    expect(personalDataFor(viewer(['REGULATOR']), data)).toEqual({ name: '张*', phone: '138****5678', accountNo: '******3456' });
    expect(personalDataFor(viewer(['MANAGER']), data)).toEqual(data);
    expect(seesPersonalData(viewer(['ADMIN']))).toBe(true);
    expect(seesPersonalData(viewer(['AGENT']))).toBe(true);
    expect(seesPersonalData(viewer([]))).toBe(false);
  });
});
