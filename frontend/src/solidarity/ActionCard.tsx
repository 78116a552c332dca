import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../app/links';
import { ACTION_KIND_COLORS, actionKindLabel, type SolidarityAction } from './labels';
import { formatDateTime, formatMoney } from '../lib/format';

/** Which dispute an action supported, in words. */
export function supportedText(action: Pick<SolidarityAction, 'dispute_title' | 'outside_dispute'>): string | null {
  if (action.dispute_title) return action.dispute_title;
  if (action.outside_dispute) return action.outside_dispute;
  return null;
}

export function peopleText(action: Pick<SolidarityAction, 'head_count' | 'participants'>): string | null {
  const count = action.head_count ?? (action.participants.length > 0 ? action.participants.length : null);
  if (count === null) return null;
  return i18next.t('{people, plural, one {# person} other {# people}}', { people: count });
}

export function ActionCard({ groupId, action }: { groupId: string; action: SolidarityAction }) {
  const { t } = useTranslation();
  const supported = supportedText(action);
  const people = peopleText(action);
  const headingId = `action-${action.id}`;
  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={headingId} data-testid="action-card">
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" gap="xs">
          <AnchorLink
            to="/groups/$groupId/actions/$actionId"
            params={{ groupId, actionId: action.id }}
            fw={600}
            id={headingId}
            className="break-anywhere"
            style={{ flex: '1 1 12rem' }}
          >
            {action.title}
          </AnchorLink>
          <Badge color={ACTION_KIND_COLORS[action.kind]} variant="light">
            {actionKindLabel(action.kind)}
          </Badge>
        </Group>
        <Text size="sm">
          {action.place
            ? t('{when} · {place}', { when: formatDateTime(action.occurs_at), place: action.place })
            : formatDateTime(action.occurs_at)}
        </Text>
        {supported && (
          <Text size="sm" c="dimmed" className="break-anywhere">
            {t('Supporting: {dispute}', { dispute: supported })}
          </Text>
        )}
        {(people ?? action.money_raised) !== null && (
          <Group gap="md">
            {people && <Text size="sm">{people}</Text>}
            {action.money_raised !== null && (
              <Text size="sm" fw={600} c="teal.9">
                {t('{money} raised', { money: formatMoney(action.money_raised) })}
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
