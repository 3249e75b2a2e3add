import { EmptyState } from '../components/States.tsx';

export function ResolutionPage() {
  return <EmptyState />;
}
