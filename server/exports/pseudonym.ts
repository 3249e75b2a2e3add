import { createHmac } from 'node:crypto';

/**
 * A customer's pseudonym in exports: a keyed hash (HMAC-SHA256) of the
 * customer id, truncated to 16 hex digits. The same in every report made with
 * the same key, so regulators can follow a customer across returns, and never
 * derived from the name, phone or account number.
 */
export function customerPseudonym(key: string, customerId: number | string): string {
  return `CU-${createHmac('sha256', key).update(`customer:${customerId}`).digest('hex').slice(0, 16)}`;
}
