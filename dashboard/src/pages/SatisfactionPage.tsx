import { EmptyState } from '../components/States.tsx';

export function SatisfactionPage() {
  return <EmptyState />;
}
