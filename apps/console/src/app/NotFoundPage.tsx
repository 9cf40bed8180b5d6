import { MapPinOff } from 'lucide-react';
import { ButtonLink } from '../design/Button';
import { EmptyState } from '../design/EmptyState';
import { usePageTitle } from './page';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <EmptyState
      title="There is no such page"
      icon={<MapPinOff size={28} aria-hidden="true" />}
      action={<ButtonLink to="/">Go to the dashboard</ButtonLink>}
    >
      The address may be mistyped, or the thing it named no longer exists.
    </EmptyState>
  );
}
