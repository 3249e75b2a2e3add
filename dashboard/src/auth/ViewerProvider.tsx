import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { redirectToSignIn } from '../api/graphql-client.ts';
import { readSession, writeSession } from '../api/session.ts';
import { useQuery } from '../api/useQuery.ts';
import { ErrorState, Skeleton } from '../components/States.tsx';
import type { MeQuery } from '../gql/graphql.ts';
import { MeQuery as MeDocument } from '../queries/auth.query.ts';
import { can, type Capability } from './capabilities.ts';

export type SignedInViewer = NonNullable<MeQuery['me']>;

const ViewerContext = createContext<SignedInViewer | null>(null);

/**
 * Who is signed in, asked once (`me`) before any page draws, so pages and nav
 * know the roles. No stored session, or a session the server no longer
 * knows (`me` is null): the sign-in page, returning here afterwards.
 */
export function ViewerProvider({ children }: { children: ReactNode }) {
  const hasSession = readSession() !== null;
  const state = useQuery(MeDocument, hasSession ? {} : null);
  const me = state.status === 'done' ? state.data.me : undefined;
  const signedOut = !hasSession || me === null;
  useEffect(() => {
    if (!signedOut) return;
    writeSession(null);
    redirectToSignIn();
  }, [signedOut]);
  if (state.status === 'error') return <main id="main"><ErrorState error={state.error} onRetry={state.retry} /></main>;
  if (!me) return <Skeleton height={400} />;
  return <ViewerContext.Provider value={me}>{children}</ViewerContext.Provider>;
}

export function useViewer(): SignedInViewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside ViewerProvider');
  return viewer;
}

/** Whether the signed-in user's roles grant a capability (see capabilities.ts). */
export function useCan(capability: Capability): boolean {
  return can(useViewer().roles, capability);
}
