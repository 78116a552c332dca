import { Alert, Badge, Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { VersionConflict } from '../api/conflict';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { can } from '../shared/permissions';
import { groupQuery } from '../api/groups';
import { actionKeys, actionQuery, deleteAction } from '../api/solidarity';
import { ACTION_KIND_COLORS, actionKindLabel } from './labels';
import { formatCount, formatDateTime, formatMoney } from '../lib/format';

const route = getRouteApi('/_app/groups/$groupId/actions/$actionId');

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} className="break-anywhere" component="div">
        {children}
      </Text>
    </Paper>
  );
}

export function ActionPage() {
  const { t } = useTranslation();
  const { groupId, actionId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: action } = useSuspenseQuery(actionQuery(groupId, actionId));
  usePageTitle(t('{action} · {group}', { action: action.title, group: group.name }));
  const canEdit = can(group, 'actions:write');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, confirm] = useDisclosure(false);

  const remove = useMutation({
    mutationFn: () => deleteAction(groupId, actionId, action.version),
    onSuccess: async () => {
      confirm.close();
      await navigate({ to: '/groups/$groupId/actions', params: { groupId } });
      queryClient.removeQueries({ queryKey: actionKeys.detail(groupId, actionId) });
      void queryClient.invalidateQueries({ queryKey: actionKeys.all(groupId) });
      notify({ message: t('“{title}” deleted.', { title: action.title }) });
    },
    onError: (error) => {
      if (error instanceof VersionConflict) {
        void queryClient.invalidateQueries({ queryKey: actionKeys.detail(groupId, actionId) });
      }
    },
  });

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/groups/$groupId/actions" params={{ groupId }} size="sm">
          {t('← Solidarity actions')}
        </AnchorLink>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={6} style={{ flex: '1 1 16rem', minWidth: 0 }}>
            <Title order={1} className="break-anywhere">
              {action.title}
            </Title>
            <Badge color={ACTION_KIND_COLORS[action.kind]} variant="light" size="lg">
              {actionKindLabel(action.kind)}
            </Badge>
          </Stack>
          {canEdit && (
            <Group gap="xs">
              <ButtonLink to="/groups/$groupId/actions/$actionId/edit" params={{ groupId, actionId }} variant="default">
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
      </Stack>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
        <Fact label={t('When')}>{formatDateTime(action.occurs_at)}</Fact>
        <Fact label={t('Where')}>{action.place ?? t('Not recorded')}</Fact>
        <Fact label={t('Supporting')}>
          {action.dispute_id && action.dispute_title ? (
            <AnchorLink to="/groups/$groupId/disputes/$disputeId" params={{ groupId, disputeId: action.dispute_id }}>
              {action.dispute_title}
            </AnchorLink>
          ) : (
            (action.outside_dispute ?? t('No particular dispute'))
          )}
        </Fact>
        <Fact label={t('People who took part')}>
          {action.head_count === null ? t('Not counted') : formatCount(action.head_count)}
        </Fact>
        <Fact label={t('Money raised')}>
          {action.money_raised === null ? t('None recorded') : formatMoney(action.money_raised)}
        </Fact>
      </SimpleGrid>

      <section aria-labelledby="participants-heading">
        <Title order={2} size="h4" id="participants-heading" mb="xs">
          {t('Our contacts who took part')}
        </Title>
        {action.participants.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('None listed.')}
          </Text>
        ) : (
          <Group component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {action.participants.map((person) => (
              <li key={person.contact_id}>
                <AnchorLink to="/groups/$groupId/contacts/$contactId" params={{ groupId, contactId: person.contact_id }} size="sm">
                  {person.full_name}
                </AnchorLink>
              </li>
            ))}
          </Group>
        )}
      </section>

      {action.outcome && (
        <section aria-labelledby="outcome-heading">
          <Title order={2} size="h4" id="outcome-heading" mb="xs">
            {t('Outcome')}
          </Title>
          <Text className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
            {action.outcome}
          </Text>
        </section>
      )}
      {action.notes && (
        <section aria-labelledby="notes-heading">
          <Title order={2} size="h4" id="notes-heading" mb="xs">
            {t('Notes')}
          </Title>
          <Text className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
            {action.notes}
          </Text>
        </section>
      )}

      <Modal opened={confirming} onClose={confirm.close} title={t('Delete “{title}”?', { title: action.title })}>
        <Stack gap="md">
          <Text>{t('The action and its list of participants will be deleted.')}</Text>
          {remove.isError &&
            (remove.error instanceof VersionConflict ? (
              <Alert color="orange" variant="light" role="alert">
                {t(
                  'Someone else changed this action since you opened it. The page now shows the saved version; delete again if you still want to.',
                )}
              </Alert>
            ) : (
              <FormAlert message={errorMessage(remove.error)} />
            ))}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close}>
              {t('Keep it')}
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('Delete action')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
