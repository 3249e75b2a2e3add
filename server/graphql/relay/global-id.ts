import { badInput } from '../common/api-error.ts';

// Opaque global ids (Relay): base64url of "Type:key". Clients must not build
// or parse them; the server checks the type on the way in.

export type NodeType = 'Complaint' | 'Customer' | 'Survey' | 'OrgUnit' | 'Category' | 'Channel' | 'ExemptionFiling';

export function toGlobalId(type: NodeType, key: string | number): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export function parseGlobalId(globalId: string): { type: string; key: string } | undefined {
  if (!/^[A-Za-z0-9_-]{4,200}$/.test(globalId)) return undefined;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const key = decoded.slice(colon + 1);
  if (!/^\d{1,18}$/.test(key)) return undefined;
  return { type: decoded.slice(0, colon), key };
}

/** The database key inside a global id of the expected type, or BAD_USER_INPUT naming the argument. */
export function fromGlobalId(expected: NodeType, globalId: string, field: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== expected) {
    throw badInput(field, `"${globalId}" is not a valid ${expected} id`);
  }
  return parsed.key;
}
