import { EmptyState } from '../components/States.tsx';

export function ComplaintsPage() {
  return <EmptyState />;
}
