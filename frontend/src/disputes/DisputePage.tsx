import { Alert, Badge, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Trans, useTranslation } from 'react-i18next';
import { VersionConflict } from '../api/conflict';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { groupQuery } from '../api/groups';
import { deleteDispute, disputeKeys, disputeQuery } from '../api/disputes';
import { Ballots } from './Ballots';
import { Demands } from './Demands';
import { DISPUTE_STATUS_COLORS, DISPUTE_STATUS_LABELS, EVENT_KIND_LABELS } from '../shared/disputeLabels';
import { People } from './People';
import { can } from '../shared/permissions';
import { StrikeFund } from './StrikeFund';
import { Timeline } from './Timeline';
import { formatDay, relativeDay } from '../lib/format';
import type { Dispute } from '../api/disputeTypes';

const route = getRouteApi('/_app/groups/$groupId/disputes/$disputeId');

function WorkplaceLinks({ groupId, workplaces }: { groupId: string; workplaces: Dispute['workplaces'] }) {
  return workplaces.map((workplace, index) => (
    <span key={workplace.id}>
      {index > 0 && ', '}
      <AnchorLink to="/groups/$groupId/workplaces/$workplaceId" params={{ groupId, workplaceId: workplace.id }} underline="always">
        {workplace.name}
      </AnchorLink>
    </span>
  ));
}

export function DisputePage() {
  const { t } = useTranslation();
  const { groupId, disputeId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: dispute } = useSuspenseQuery(disputeQuery(groupId, disputeId));
  usePageTitle(t('{dispute} · {group}', { dispute: dispute.title, group: group.name }));
  const canEdit = can(group, 'disputes:write');
  const canRecordActions = can(group, 'actions:write');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, confirm] = useDisclosure(false);

  const remove = useMutation({
    mutationFn: () => deleteDispute(groupId, disputeId, dispute.version),
    onSuccess: async () => {
      confirm.close();
      await navigate({ to: '/groups/$groupId/disputes', params: { groupId } });
      queryClient.removeQueries({ queryKey: disputeKeys.detail(groupId, disputeId) });
      void queryClient.invalidateQueries({ queryKey: disputeKeys.all(groupId) });
      notify({ message: t('Dispute “{title}” deleted.', { title: dispute.title }) });
    },
    onError: (error) => {
      if (error instanceof VersionConflict) void queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, disputeId) });
    },
  });

  const next = dispute.next_event;

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <AnchorLink to="/groups/$groupId/disputes" params={{ groupId }} size="sm">
          {t('← Disputes')}
        </AnchorLink>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={6} style={{ flex: '1 1 16rem', minWidth: 0 }}>
            <Title order={1} className="break-anywhere">
              {dispute.title}
            </Title>
            <Group gap="xs">
              <Badge color={DISPUTE_STATUS_COLORS[dispute.status]} variant="light" size="lg">
                {DISPUTE_STATUS_LABELS[dispute.status]}
              </Badge>
              {dispute.unions.map((union) => (
                <Badge key={union} color="gray" variant="outline">
                  {union}
                </Badge>
              ))}
            </Group>
          </Stack>
          {canEdit && (
            <Group gap="xs">
              <ButtonLink to="/groups/$groupId/disputes/$disputeId/edit" params={{ groupId, disputeId }} variant="default">
                {t('Edit')}
              </ButtonLink>
              <Button
                variant="subtle"
                color="red.9"
                onClick={() => {
                  remove.reset();
                  confirm.open();
                }}
              >
                {t('Delete')}
              </Button>
            </Group>
          )}
        </Group>
        {dispute.workplaces.length > 0 && (
          <Text size="sm">
            {dispute.started_on ? (
              <Trans
                i18nKey="At <workplaces/> · started {day}"
                values={{ day: formatDay(dispute.started_on) }}
                components={{ workplaces: <WorkplaceLinks groupId={groupId} workplaces={dispute.workplaces} /> }}
              />
            ) : (
              <Trans
                i18nKey="At <workplaces/>"
                components={{ workplaces: <WorkplaceLinks groupId={groupId} workplaces={dispute.workplaces} /> }}
              />
            )}
          </Text>
        )}
        {dispute.workplaces.length === 0 && dispute.started_on && (
          <Text size="sm">{t('Started {day}', { day: formatDay(dispute.started_on) })}</Text>
        )}
        {dispute.summary && (
          <Text className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
            {dispute.summary}
          </Text>
        )}
      </Stack>

      {next && (
        <Paper withBorder p="sm" bg="indigo.0" data-testid="next-event">
          <Text size="xs" fw={700} tt="uppercase" c="indigo.9">
            {t('Next on the timeline')}
          </Text>
          <Text fw={600} className="break-anywhere">
            {next.title}
          </Text>
          <Text size="sm">
            {t('{kind} · {day} ({relative})', {
              kind: EVENT_KIND_LABELS[next.kind],
              day: formatDay(next.occurs_on),
              relative: relativeDay(next.occurs_on),
            })}
          </Text>
        </Paper>
      )}

      <Ballots groupId={groupId} disputeId={disputeId} canEdit={canEdit} />
      <Demands groupId={groupId} disputeId={disputeId} demands={dispute.demands} canEdit={canEdit} />
      <StrikeFund groupId={groupId} dispute={dispute} canEdit={canEdit} />
      {canRecordActions && (
        <ButtonLink
          to="/groups/$groupId/actions/new"
          params={{ groupId }}
          search={{ dispute: disputeId }}
          variant="light"
          style={{ alignSelf: 'flex-start' }}
        >
          {t('Record a solidarity action')}
        </ButtonLink>
      )}
      <Timeline groupId={groupId} disputeId={disputeId} canEdit={canEdit} />
      <People groupId={groupId} dispute={dispute} canEdit={canEdit} />

      <Modal opened={confirming} onClose={confirm.close} title={t('Delete “{title}”?', { title: dispute.title })}>
        <Stack gap="md">
          <Text>
            {t(
              'Its demands, timeline, people links and ballots are deleted with it. Solidarity actions that supported it are kept.',
            )}
          </Text>
          {remove.isError && (
            remove.error instanceof VersionConflict ? (
              <Alert color="orange" variant="light" role="alert">
                {t(
                  'Someone else changed this dispute since you opened it. Check the page, which now shows the saved version, and delete again if you still want to.',
                )}
              </Alert>
            ) : (
              <FormAlert message={errorMessage(remove.error)} />
            )
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close}>
              {t('Keep it')}
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('Delete dispute')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
