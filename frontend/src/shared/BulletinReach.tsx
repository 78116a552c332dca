import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { formatDateTime } from '../lib/format';

/** Shown on the workplace page's wall chart (and kept fresh by the bulletins' hand-out log). */
export const reachQuery = (groupId: string, workplaceId: string) => ({
  queryKey: ['groups', groupId, 'bulletins', 'reach', workplaceId] as const,
  queryFn: () =>
    unwrap(
      api.GET('/api/v1/groups/{group_id}/workplaces/{workplace_id}/bulletin-reach', {
        params: { path: { group_id: groupId, workplace_id: workplaceId } },
      }),
    ),
});

/** The last edition handed out at a workplace, and copies per head over 3 months. */
export function BulletinReach({ groupId, workplaceId }: { groupId: string; workplaceId: string }) {
  const { t } = useTranslation();
  const reach = useQuery(reachQuery(groupId, workplaceId));
  if (!reach.isSuccess) return null;
  const { last_handout: last, copies_last_3_months: copies, copies_per_head: perHead } = reach.data;
  return (
    // On paper only when a bulletin has reached the workplace: "none yet" takes a line the
    // chart needs.
    <Text size="sm" mb="sm" data-testid="bulletin-reach" data-print={last === null ? 'hide' : undefined}>
      {last === null
        ? t('No bulletin handed out here yet.')
        : t('Last bulletin here: {title} no. {number}, {when}.', {
            title: last.bulletin_title,
            number: last.number,
            when: formatDateTime(last.handed_out_at),
          })}{' '}
      {perHead === null
        ? t('{copies} copies in the last 3 months.', { copies })
        : t('{copies} copies in the last 3 months ({perHead} per worker).', { copies, perHead })}
    </Text>
  );
}
