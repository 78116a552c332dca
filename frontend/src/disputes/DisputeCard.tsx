import { Badge, Button, Card, Menu, Progress, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { VersionConflict } from '../api/conflict';
import { errorMessage } from '../api/errors';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { disputeKeys, updateDispute } from '../api/disputes';
import { ALL_STATUSES, DISPUTE_STATUS_COLORS, DISPUTE_STATUS_LABELS } from '../shared/disputeLabels';
import type { DisputeStatus, DisputeSummary } from '../api/disputeTypes';
import { formatDay, formatList, formatMoney } from '../lib/format';

interface Props {
  groupId: string;
  dispute: DisputeSummary;
  workplaceNames: Map<string, string>;
  /** Show the status badge (the list does; the board's columns already say it). */
  showStatus?: boolean;
  /** Offer "Move to" another status (people who may edit disputes). */
  canMove?: boolean;
}

/** One dispute on the board or in the list. */
export function DisputeCard({ groupId, dispute, workplaceNames, showStatus = false, canMove = false }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const move = useMutation({
    mutationFn: (status: DisputeStatus) =>
      updateDispute(groupId, dispute.id, { status, version: dispute.version }),
    onSuccess: (saved) => {
      queryClient.setQueryData(disputeKeys.detail(groupId, saved.id), saved);
      notify({
        message: t('“{title}” moved to {status}.', {
          title: saved.title,
          status: DISPUTE_STATUS_LABELS[saved.status],
        }),
      });
    },
    onError: (error) => {
      if (error instanceof VersionConflict) {
        const current = error.current as DisputeSummary;
        notify({
          color: 'orange',
          title: t('Not moved: someone else changed this dispute'),
          message: t(
            'It is now “{title}”, {status}. The board shows the saved version; move it again if you still want to.',
            { title: current.title, status: DISPUTE_STATUS_LABELS[current.status] },
          ),
        });
      } else {
        notify({ color: 'red', title: t('Not moved'), message: errorMessage(error) });
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: disputeKeys.all(groupId) }),
  });

  const workplaces = dispute.workplace_ids
    .map((id) => workplaceNames.get(id))
    .filter((name): name is string => name !== undefined);
  const headingId = `dispute-${dispute.id}`;
  const unions = formatList(dispute.unions);
  const since = dispute.started_on === null ? null : formatDay(dispute.started_on);

  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={headingId} data-testid="dispute-card">
      <Stack gap={6}>
        <AnchorLink
          to="/groups/$groupId/disputes/$disputeId"
          params={{ groupId, disputeId: dispute.id }}
          fw={600}
          id={headingId}
          className="break-anywhere"
        >
          {dispute.title}
        </AnchorLink>
        {showStatus && (
          <Badge color={DISPUTE_STATUS_COLORS[dispute.status]} variant="light" style={{ alignSelf: 'flex-start' }}>
            {DISPUTE_STATUS_LABELS[dispute.status]}
          </Badge>
        )}
        {workplaces.length > 0 && (
          <Text size="sm" className="break-anywhere">
            {formatList(workplaces)}
          </Text>
        )}
        {(dispute.unions.length > 0 || dispute.started_on !== null) && (
          <Text size="xs" c="dimmed" className="break-anywhere">
            {since === null
              ? unions
              : unions === ''
                ? t('since {day}', { day: since })
                : t('{unions} · since {day}', { unions, day: since })}
          </Text>
        )}
        {dispute.strike_fund_target !== null && (
          <Stack gap={2}>
            <Progress
              value={Math.min(100, dispute.strike_fund_percent ?? 0)}
              color="green.8"
              size="sm"
              aria-hidden="true"
            />
            <Text size="xs" c="dimmed">
              {t('Strike fund {raised} of {target}', {
                raised: formatMoney(dispute.strike_fund_raised),
                target: formatMoney(dispute.strike_fund_target),
              })}
            </Text>
          </Stack>
        )}
        {canMove && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button
                variant="subtle"
                size="compact-xs"
                loading={move.isPending}
                aria-label={t('Move to… ({title})', { title: dispute.title })}
                style={{ alignSelf: 'flex-end' }}
              >
                {t('Move to…')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('Move to')}</Menu.Label>
              {ALL_STATUSES.filter((status) => status !== dispute.status).map((status) => (
                <Menu.Item key={status} onClick={() => move.mutate(status)}>
                  {DISPUTE_STATUS_LABELS[status]}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Stack>
    </Card>
  );
}
