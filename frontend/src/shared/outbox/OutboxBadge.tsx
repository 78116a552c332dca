import { Badge } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useOutbox } from './useOutbox';
import { useTranslation } from 'react-i18next';

/** In the header: how many logged conversations are still on this device. */
export function OutboxBadge({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const entries = useOutbox(groupId);
  if (entries.length === 0) return null;
  const failed = entries.filter((entry) => entry.state === 'failed').length;
  const label =
    failed > 0
      ? t('{queued, plural, one {# not sent} other {# not sent}}: {failed, plural, one {# needs your attention} other {# need your attention}}', {
          queued: entries.length,
          failed,
        })
      : t('{queued, plural, one {# waiting to send} other {# waiting to send}}', { queued: entries.length });
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
        {failed > 0
          ? t('{queued, plural, one {# not sent} other {# not sent}}', { queued: entries.length })
          : t('{queued, plural, one {# waiting} other {# waiting}}', { queued: entries.length })}
      </Badge>
    </Link>
  );
}
