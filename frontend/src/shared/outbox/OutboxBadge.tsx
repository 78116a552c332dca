import { Badge } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useOutbox } from './useOutbox';

/** In the header: how many logged conversations are still on this device. */
export function OutboxBadge({ groupId }: { groupId: string }) {
  const entries = useOutbox(groupId);
  if (entries.length === 0) return null;
  const failed = entries.filter((entry) => entry.state === 'failed').length;
  const label =
    failed > 0
      ? `${entries.length} not sent: ${failed} need your attention`
      : `${entries.length} waiting to send`;
  return (
    <Link
      to="/groups/$groupId/log"
      params={{ groupId }}
      search={{}}
      hash="outbox"
      aria-label={label}
      style={{ textDecoration: 'none', borderRadius: 'var(--mantine-radius-xl)' }}
    >
      <Badge
        component="span"
        color={failed > 0 ? 'red.9' : 'yellow.4'}
        variant="filled"
        size="lg"
        style={{ cursor: 'pointer', textTransform: 'none' }}
      >
        {entries.length} {failed > 0 ? 'not sent' : 'waiting'}
      </Badge>
    </Link>
  );
}
