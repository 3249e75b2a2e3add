import { badInput } from '../common/api-error.ts';

// Opaque global ids (Relay): base64url of "Type:key". Clients must not build
// or parse them; the server checks the type on the way in.

export type NodeType = 'Complaint' | 'Customer' | 'Survey' | 'OrgUnit' | 'Category' | 'Channel' | 'ExemptionFiling';

/**
 * Base64 encodes each 3 bytes alone, so the encoding of "Type:key" is that
 * of the type's first 3n characters, the same for every id of the type, and
 * then that of the rest: a page encodes some 1,000 ids, and this halves what
 * each one costs.
 */
const encodedTypes = new Map<NodeType, { encoded: string; rest: string }>();

export function toGlobalId(type: NodeType, key: string | number): string {
  let prefix = encodedTypes.get(type);
  if (!prefix) {
    const whole = `${type}:`; // ASCII: one byte a character
    const cut = whole.length - (whole.length % 3);
    encodedTypes.set(type, (prefix = { encoded: Buffer.from(whole.slice(0, cut), 'utf8').toString('base64url'), rest: whole.slice(cut) }));
  }
  return prefix.encoded + Buffer.from(`${prefix.rest}${key}`, 'utf8').toString('base64url');
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
