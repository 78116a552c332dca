import { ActionIcon, Badge, Button, Group, Modal, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  campaignKeys,
  campaignQuery,
  campaignTestsQuery,
  createStructureTest,
  testProgressQuery,
  updateStructureTest,
  type StructureTest,
} from '../api/campaigns';
import { disputeBoardQuery } from '../api/disputes';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { useIdempotencyKey } from '../shared/idempotency';
import { can } from '../shared/permissions';
import { useWorkplaceNames } from '../shared/workplaceLookups';
import { formatDay, formatPercent } from '../lib/format';
import { testKindName } from './labels';
import { EMPTY_TEST, StructureTestForm, testBody, testValues, useTestForm, type TestValues } from './StructureTestForm';
import { TestProgressRow } from './TestProgressRow';

const route = getRouteApi('/_app/groups/$groupId/campaigns/$campaignId');

function TestDialog({
  groupId,
  campaignId,
  campaignWorkplaceId,
  test,
  nextPosition,
  onClose,
}: {
  groupId: string;
  campaignId: string;
  campaignWorkplaceId: string;
  test: StructureTest | null;
  nextPosition: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const api = useTestForm(test ? testValues(test) : EMPTY_TEST);
  const idempotency = useIdempotencyKey();
  const mutation = useMutation({
    mutationFn: (values: TestValues) => {
      if (test) return updateStructureTest(groupId, test.id, { ...testBody(values), version: test.version });
      const body = { ...testBody(values), position: nextPosition };
      return createStructureTest(groupId, campaignId, body, idempotency.keyFor(body));
    },
    onSuccess: async () => {
      idempotency.reset();
      await queryClient.invalidateQueries({ queryKey: campaignKeys.campaigns(groupId) });
      notify({ message: test ? t('Structure test saved.') : t('Structure test added.') });
      onClose();
    },
    onError: api.showError,
  });
  return (
    <StructureTestForm
      groupId={groupId}
      campaignWorkplaceId={campaignWorkplaceId}
      api={api}
      saving={mutation.isPending}
      submitLabel={test ? t('Save test') : t('Add test')}
      onSubmit={(values) => mutation.mutate(values)}
      onCancel={onClose}
    />
  );
}

export function CampaignPage() {
  const { t } = useTranslation();
  const { groupId, campaignId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: campaign } = useSuspenseQuery(campaignQuery(groupId, campaignId));
  usePageTitle(t('{campaign} · {group}', { campaign: campaign.name, group: group.name }));
  const queryClient = useQueryClient();
  const tests = useQuery(campaignTestsQuery(groupId, campaignId));
  const progress = useQuery(testProgressQuery(groupId));
  const disputes = useQuery(disputeBoardQuery(groupId));
  const workplaceNames = useWorkplaceNames(groupId);
  const canPlan = can(group, 'campaigns:write');
  // eslint-disable-next-line i18next/no-literal-string -- a media query (Mantine's `xs`), not words
  const phone = useMediaQuery('(max-width: 36em)');
  const [dialog, setDialog] = useDisclosure(false);
  const [editing, setEditing] = useState<StructureTest | null>(null);
  const ladder = tests.data ?? [];
  const dispute = (disputes.data ?? []).find((item) => item.id === campaign.dispute_id);

  // Moving a rung numbers the whole ladder 1, 2, 3… so equal positions never leave it unordered.
  const reorder = useMutation({
    mutationFn: async ({ index, by }: { index: number; by: -1 | 1 }) => {
      const order = [...ladder];
      const [moved] = order.splice(index, 1);
      if (!moved) return;
      order.splice(index + by, 0, moved);
      for (const [position, test] of order.entries()) {
        if (test.position !== position + 1) {
          await updateStructureTest(groupId, test.id, { position: position + 1, version: test.version });
        }
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: campaignKeys.campaigns(groupId) }),
  });

  const open = (test: StructureTest | null) => {
    setEditing(test);
    setDialog.open();
  };

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/campaigns" params={{ groupId }} size="sm">
          ← {t('Campaigns')}
        </AnchorLink>
        <Group justify="space-between" gap="sm">
          <Title order={1} className="break-anywhere">
            {campaign.name}
          </Title>
          {canPlan && (
            <ButtonLink variant="default" to="/groups/$groupId/campaigns/$campaignId/edit" params={{ groupId, campaignId }}>
              {t('Edit campaign')}
            </ButtonLink>
          )}
        </Group>
        <Text c="dimmed">
          {workplaceNames.get(campaign.workplace_id) ?? t('A workplace')}
          {dispute && ` · ${t('part of {dispute}', { dispute: dispute.title })}`}
        </Text>
        {campaign.goal && <Text style={{ whiteSpace: 'pre-wrap' }}>{campaign.goal}</Text>}
      </Stack>
      <Stack component="section" gap="sm" aria-labelledby="ladder-heading">
        <Group justify="space-between" gap="sm">
          <Title order={2} size="h3" id="ladder-heading">
            {t('Ladder of structure tests')}
          </Title>
          {canPlan && <Button onClick={() => open(null)}>{t('Add a structure test')}</Button>}
        </Group>
        {tests.isPending ? (
          <Skeleton height={100} />
        ) : tests.isError ? (
          <FormAlert message={errorMessage(tests.error)} />
        ) : ladder.length === 0 ? (
          <Text c="dimmed">{t('No structure tests yet. Start with one most workers can join, such as a petition.')}</Text>
        ) : (
          <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {ladder.map((test, index) => {
              const row = (progress.data ?? []).find((item) => item.test_id === test.id);
              return (
                <Paper component="li" key={test.id} withBorder p="md">
                  <Stack gap="xs">
                    {row ? (
                      <TestProgressRow groupId={groupId} progress={row} kind={testKindName(test)} />
                    ) : (
                      <Text fw={600}>{test.title}</Text>
                    )}
                    <Group gap="xs" wrap="wrap">
                      <Badge variant="light" color="gray">
                        {t('Target {target}', { target: formatPercent(test.target_percent) })}
                      </Badge>
                      {test.deadline && (
                        <Badge variant="light" color="gray">
                          {t('by {day}', { day: formatDay(test.deadline) })}
                        </Badge>
                      )}
                      {test.demands.length > 0 && (
                        <Badge variant="light" color="gray">
                          {t('{demands, plural, one {# demand} other {# demands}}', { demands: test.demands.length })}
                        </Badge>
                      )}
                    </Group>
                    {canPlan && (
                      <Group gap="xs" justify="flex-end">
                        <ActionIcon
                          variant="default"
                          size="lg"
                          disabled={index === 0 || reorder.isPending}
                          onClick={() => reorder.mutate({ index, by: -1 })}
                          aria-label={t('Move {title} up', { title: test.title })}
                        >
                          ↑
                        </ActionIcon>
                        <ActionIcon
                          variant="default"
                          size="lg"
                          disabled={index === ladder.length - 1 || reorder.isPending}
                          onClick={() => reorder.mutate({ index, by: 1 })}
                          aria-label={t('Move {title} down', { title: test.title })}
                        >
                          ↓
                        </ActionIcon>
                        <Button variant="default" onClick={() => open(test)} aria-label={t('Edit {title}', { title: test.title })}>
                          {t('Edit')}
                        </Button>
                      </Group>
                    )}
                  </Stack>
                </Paper>
              );
            })}
          </Stack>
        )}
        {reorder.isError && <FormAlert message={errorMessage(reorder.error)} />}
      </Stack>
      <Modal
        opened={dialog}
        onClose={setDialog.close}
        fullScreen={phone}
        closeButtonProps={{ 'aria-label': t('Close') }}
        size="lg"
        title={editing ? t('Edit structure test') : t('Add a structure test')}
      >
        {dialog && (
          <TestDialog
            groupId={groupId}
            campaignId={campaignId}
            campaignWorkplaceId={campaign.workplace_id}
            test={editing}
            nextPosition={Math.max(0, ...ladder.map((test) => test.position)) + 1}
            onClose={setDialog.close}
          />
        )}
      </Modal>
    </Stack>
  );
}
