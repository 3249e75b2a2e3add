import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useQuery, type QueryState } from '../api/useQuery.ts';
import type { ReferenceQuery as ReferenceData } from '../gql/graphql.ts';
import { ReferenceQuery } from '../queries/filter-bar.query.ts';

export type OrgUnitRef = ReferenceData['orgUnits'][number];
export type CategoryRef = ReferenceData['categories'][number];
export type ChannelRef = ReferenceData['channels'][number];

export type Reference = {
  orgUnits: OrgUnitRef[];
  categories: CategoryRef[];
  channels: ChannelRef[];
  orgUnit(id: string | null | undefined): OrgUnitRef | undefined;
  category(id: string): CategoryRef | undefined;
  channel(code: string): ChannelRef | undefined;
  /** The unit and its ancestors, from the top down. */
  orgPath(id: string | null): OrgUnitRef[];
  children(parentId: string | null): OrgUnitRef[];
};

const ReferenceContext = createContext<QueryState<Reference> | null>(null);

export function buildReference(data: ReferenceData): Reference {
  const units = new Map(data.orgUnits.map((u) => [u.id, u]));
  const categories = new Map(data.categories.map((c) => [c.id, c]));
  const channels = new Map(data.channels.map((c) => [c.code as string, c]));
  const childrenOf = new Map<string | null, OrgUnitRef[]>();
  for (const unit of data.orgUnits) {
    // Units whose parent the viewer cannot see are the roots of the viewer's tree.
    const parent = unit.parent && units.has(unit.parent.id) ? unit.parent.id : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), unit]);
  }
  return {
    orgUnits: data.orgUnits,
    categories: data.categories,
    channels: data.channels,
    orgUnit: (id) => (id ? units.get(id) : undefined),
    category: (id) => categories.get(id),
    channel: (code) => channels.get(code),
    orgPath(id) {
      const path: OrgUnitRef[] = [];
      let unit = id ? units.get(id) : undefined;
      while (unit) {
        path.unshift(unit);
        unit = unit.parent ? units.get(unit.parent.id) : undefined;
      }
      return path;
    },
    children: (parentId) => childrenOf.get(parentId) ?? [],
  };
}

export function ReferenceProvider({ children }: { children: ReactNode }) {
  const state = useQuery(ReferenceQuery, {});
  const value = useMemo<QueryState<Reference>>(() => {
    if (state.status !== 'done') return state as QueryState<Reference>;
    return { ...state, data: buildReference(state.data) };
  }, [state]);
  return <ReferenceContext.Provider value={value}>{children}</ReferenceContext.Provider>;
}

export function useReference(): QueryState<Reference> {
  const value = useContext(ReferenceContext);
  if (!value) throw new Error('useReference outside ReferenceProvider');
  return value;
}
