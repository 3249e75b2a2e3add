import { EmptyState } from '../components/States.tsx';

export function ExplorerPage() {
  return <EmptyState />;
}
