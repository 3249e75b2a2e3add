import type { Viewer } from '../../auth/viewer.ts';

export type PersonalField = 'name' | 'phone' | 'accountNo';

/**
 * The one place personal data leaves the server through GraphQL. Today every
 * viewer is the full-access development viewer; the security issue adds
 * masking per role here (name 张*, phone 138****5678, account last four).
 */
export function revealPersonalData(_viewer: Viewer, _field: PersonalField, value: string | null): string | null {
  return value;
}
