import { describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId, type NodeType } from '../../server/graphql/relay/global-id.ts';

describe('global ids', () => {
  const types: NodeType[] = ['Complaint', 'Customer', 'Survey', 'OrgUnit', 'Category', 'Channel', 'ExemptionFiling'];

  it('are base64url of "Type:key", whatever the lengths of type and key', () => {
    for (const type of types) {
      for (const key of ['1', '12', '123', '1234', '999999999999999999', 42, 7]) {
        const id = toGlobalId(type, key);
        expect(id).toBe(Buffer.from(`${type}:${key}`, 'utf8').toString('base64url'));
        expect(fromGlobalId(type, id, 'id')).toBe(String(key));
      }
    }
  });
});
