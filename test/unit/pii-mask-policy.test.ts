import { describe, expect, it } from 'vitest';
import { maskAccountNo, maskName, maskPhone, personalDataAccess, presentPersonalData } from '../../server/auth/pii-mask-policy.ts';
import type { Viewer } from '../../server/auth/viewer.ts';

const viewer = (roles: Viewer['roles'], scope: string[]): Viewer => ({ id: 'u', displayName: 'U', roles, orgUnitScope: scope });

describe('personal-data masking', () => {
  it('masks the way the issue says: 张*, 138****5678, the account’s last four', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('杭州某某电子有限公司')).toBe('杭*********');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0571-8765-4321')).toBe('********4321');
    expect(maskAccountNo('3301234567890')).toBe('*********7890');
    expect(maskAccountNo('123')).toBe('***');
  });

  it('decides by role, and for managers by whether the customer’s station is one of their own', () => {
    const station = '/1/2/9/40/';
    expect(personalDataAccess(viewer(['ADMIN'], ['/']), station)).toBe('FULL');
    expect(personalDataAccess(viewer(['MANAGER'], ['/1/2/9/', station]), station)).toBe('FULL');
    expect(personalDataAccess(viewer(['MANAGER'], ['/1/2/9/']), station)).toBe('MASKED');
    expect(personalDataAccess(viewer(['ANALYST'], [station]), station)).toBe('MASKED');
    expect(personalDataAccess(viewer(['AGENT'], ['/']), station)).toBe('MASKED');
    expect(personalDataAccess(viewer(['REGULATOR'], ['/']), station)).toBe('NONE');
    expect(personalDataAccess(viewer([], ['/']), station)).toBe('NONE');
    // Several roles: the most open.
    expect(personalDataAccess(viewer(['REGULATOR', 'ANALYST'], ['/']), station)).toBe('MASKED');
  });

  it('withholds everything from viewers with no access', () => {
    expect(presentPersonalData('NONE', 'name', '张三')).toBe('***');
    expect(presentPersonalData('NONE', 'phone', '13812345678')).toBeNull();
    expect(presentPersonalData('MASKED', 'phone', null)).toBeNull();
    expect(presentPersonalData('FULL', 'accountNo', '3301234567890')).toBe('3301234567890');
  });
});
