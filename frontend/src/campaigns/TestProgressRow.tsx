import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TestProgress } from '../api/campaigns';
import { AnchorLink } from '../app/links';
import { formatCount, formatDay, formatPercent } from '../lib/format';

/** One rung of a ladder: how many of those in scope took part, against its target. */
export function TestProgressRow({ groupId, progress, kind }: { groupId: string; progress: TestProgress; kind: string }) {
  const { t } = useTranslation();
  const share = progress.took_part_percent ?? 0;
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="wrap" align="baseline">
        <AnchorLink
          to="/groups/$groupId/structure-tests/$testId"
          params={{ groupId, testId: progress.test_id }}
          fw={600}
          className="break-anywhere"
        >
          {progress.title}
        </AnchorLink>
        <Group gap="xs">
          <Text size="xs" c="dimmed">
            {kind}
            {progress.deadline && ` · ${t('by {day}', { day: formatDay(progress.deadline) })}`}
          </Text>
          {progress.target_met && (
            <Badge color="teal.9" variant="filled" size="sm">
              {t('Target met')}
            </Badge>
          )}
        </Group>
      </Group>
      <Progress
        value={Math.min(share, 100)}
        color={progress.target_met ? 'teal.9' : 'blue.8'}
        aria-label={t('{title}: {took} of {total} took part', {
          title: progress.title,
          took: formatCount(progress.took_part),
          total: formatCount(progress.in_scope),
        })}
      />
      <Text size="xs" c="dimmed">
        {t('{took} of {total} took part ({share}); target {target}', {
          took: formatCount(progress.took_part),
          total: formatCount(progress.in_scope),
          share: formatPercent(progress.took_part_percent),
          target: formatPercent(progress.target_percent),
        })}
      </Text>
    </Stack>
  );
}
