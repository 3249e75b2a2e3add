import { EmptyState } from '../components/States.tsx';

export function RepeatPage() {
  return <EmptyState />;
}
