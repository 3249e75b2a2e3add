import type { Viewer } from './viewer.ts';

/**
 * Who sees a customer's personal data (name, phone, account number), and how:
 *
 * - ADMIN: in full.
 * - MANAGER: in full for customers of their own stations — a station that is
 *   itself one of the manager's scope roots (a station head); masked for the
 *   rest of their scope (a county or city head sees masked data, since they
 *   do not handle the station's complaints themselves).
 * - ANALYST and AGENT: always masked.
 * - REGULATOR (and anyone else): none at all.
 *
 * A viewer with several roles gets the most open of them.
 */
export type PersonalDataAccess = 'FULL' | 'MASKED' | 'NONE';

const ORDER: PersonalDataAccess[] = ['NONE', 'MASKED', 'FULL'];

export function personalDataAccess(viewer: Viewer, customerOrgUnitPath: string): PersonalDataAccess {
  let best: PersonalDataAccess = 'NONE';
  for (const role of viewer.roles) {
    const access: PersonalDataAccess =
      role === 'ADMIN' ? 'FULL'
        : role === 'MANAGER' ? (viewer.orgUnitScope.includes(customerOrgUnitPath) ? 'FULL' : 'MASKED')
          : role === 'ANALYST' || role === 'AGENT' ? 'MASKED'
            : 'NONE';
    if (ORDER.indexOf(access) > ORDER.indexOf(best)) best = access;
  }
  return best;
}

export type PersonalField = 'name' | 'phone' | 'accountNo';

/** What stands in for personal data a viewer may not see at all. */
export const WITHHELD = '***';

/** 张三 → 张*, 欧阳娜娜 → 欧***: the first character stays, one star per other character. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812345678 → 138****5678; other lengths keep only the last four digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}

/** 3300123456789 → *********6789: the last four characters stay. */
export function maskAccountNo(accountNo: string): string {
  if (accountNo.length <= 4) return '*'.repeat(accountNo.length);
  return '*'.repeat(accountNo.length - 4) + accountNo.slice(-4);
}

export function presentPersonalData(access: PersonalDataAccess, field: PersonalField, value: string | null): string | null {
  if (value === null) return null;
  if (access === 'FULL') return value;
  if (access === 'NONE') return field === 'phone' ? null : WITHHELD;
  if (field === 'name') return maskName(value);
  if (field === 'phone') return maskPhone(value);
  return maskAccountNo(value);
}

/**
 * Whether a search may match customers by name. Matching is disclosure too:
 * a viewer who sees names masked could otherwise confirm "is 张三 a customer"
 * by searching, so they search account numbers only.
 */
export function maySearchByName(viewer: Viewer): boolean {
  return viewer.roles.some((role) => role === 'ADMIN' || role === 'MANAGER');
}
