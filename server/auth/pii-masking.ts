import { can } from './permissions.ts';
import type { Viewer } from './viewer.ts';

// Masking of personal data for viewers without the right to see it. Shared by
// the API and the exports: a masked value still lets a reader tell customers
// apart on a call or a list, without revealing who they are.

/** 张三 → 张*, 欧阳娜娜 → 欧***, Zhang San → Z********. */
export function maskName(name: string | null): string | null {
  if (name === null) return null;
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812345678 → 138****5678; short numbers keep only their last two digits. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 2) + digits.slice(-2);
}

/** 3300123456 → ******3456: the last four only. */
export function maskAccountNo(account: string | null): string | null {
  if (account === null) return null;
  if (account.length <= 4) return '*'.repeat(account.length);
  return '*'.repeat(account.length - 4) + account.slice(-4);
}

/** Whether the viewer may see customers' names, phones and account numbers in full (capability pii.read). */
export function seesPersonalData(viewer: Viewer): boolean {
  return can(viewer, 'pii.read');
}

export type PersonalData = { name: string | null; phone: string | null; accountNo: string | null };

/** The customer's personal data as this viewer may see it. */
export function personalDataFor(viewer: Viewer, data: PersonalData): PersonalData {
  if (seesPersonalData(viewer)) return data;
  return { name: maskName(data.name), phone: maskPhone(data.phone), accountNo: maskAccountNo(data.accountNo) };
}
