import { useMemo } from 'react';
import { Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { groupQuery } from '../api/groups';
import { createDispute, disputeKeys, disputeQuery, updateDispute, workplaceOptionsQuery } from '../api/disputes';
import { RecordConflict } from '../shared/RecordConflict';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';
import {
  DISPUTE_FIELDS,
  DisputeForm,
  describeDisputeValue,
  disputeFieldLabels,
  EMPTY_DISPUTE,
  disputeBody,
  disputeValues,
  useDisputeForm,
  type DisputeValues,
} from './DisputeForm';

import { useIdempotencyKey } from '../shared/idempotency';
import { can } from '../shared/permissions';
import { NoPermission } from '../shared/NoPermission';

const newRoute = getRouteApi('/_app/groups/$groupId/disputes/new');
const editRoute = getRouteApi('/_app/groups/$groupId/disputes/$disputeId/edit');

export function NewDisputePage() {
  const { t } = useTranslation();
  const { groupId } = newRoute.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('New dispute · {group}', { group: group.name }));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const api = useDisputeForm(EMPTY_DISPUTE);
  const idempotency = useIdempotencyKey();

  const mutation = useMutation({
    mutationFn: (values: DisputeValues) => {
      const body = disputeBody(values);
      return createDispute(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: async (dispute) => {
      idempotency.reset();
      queryClient.setQueryData(disputeKeys.detail(groupId, dispute.id), dispute);
      void queryClient.invalidateQueries({ queryKey: disputeKeys.all(groupId) });
      notify({ message: t('Dispute “{title}” created.', { title: dispute.title }) });
      await navigate({
        to: '/groups/$groupId/disputes/$disputeId',
        params: { groupId, disputeId: dispute.id },
      });
    },
    onError: api.showError,
  });

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/disputes" params={{ groupId }} size="sm">
          {t('← Disputes')}
        </AnchorLink>
        <Title order={1}>{t('New dispute')}</Title>
        <Text c="dimmed">{t('Open a case file: you can add demands, people, a timeline and ballots next.')}</Text>
      </Stack>
      {can(group, 'disputes:write') ? (
        <DisputeForm
          groupId={groupId}
          api={api}
          submitLabel={t('Create dispute')}
          saving={mutation.isPending}
          formError={api.formError}
          onSubmit={(values) => mutation.mutate(values)}
          onCancel={() => void navigate({ to: '/groups/$groupId/disputes', params: { groupId } })}
        />
      ) : (
        <NoPermission>
          {t('Ask an organiser or owner of the group to record disputes, or to give you the organiser role.')}
        </NoPermission>
      )}
    </Stack>
  );
}


export function EditDisputePage() {
  const { t } = useTranslation();
  const { groupId, disputeId } = editRoute.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: dispute } = useSuspenseQuery(disputeQuery(groupId, disputeId));
  usePageTitle(t('Edit {dispute} · {group}', { dispute: dispute.title, group: group.name }));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const edit = useVersionedEdit({
    initial: () => ({ values: disputeValues(dispute), version: dispute.version }),
    fields: DISPUTE_FIELDS,
    valuesOf: disputeValues,
  });
  const api = useDisputeForm(edit.base.values);
  const workplaces = useQuery(workplaceOptionsQuery(groupId));
  const workplaceNames = useMemo(() => new Map((workplaces.data ?? []).map((w) => [w.id, w.name])), [workplaces.data]);
  const backToDispute = () =>
    navigate({ to: '/groups/$groupId/disputes/$disputeId', params: { groupId, disputeId } });

  const mutation = useMutation({
    mutationFn: ({ values, version }: VersionedSave<DisputeValues>) =>
      updateDispute(groupId, disputeId, { ...disputeBody(values), version }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(disputeKeys.detail(groupId, disputeId), saved);
      void queryClient.invalidateQueries({ queryKey: disputeKeys.all(groupId) });
      notify({ message: t('Dispute saved.') });
      await backToDispute();
    },
    onError: (error, vars) => {
      const current = edit.fail(error, vars, api.applyError);
      if (current !== null) queryClient.setQueryData(disputeKeys.detail(groupId, disputeId), current);
    },
  });

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/disputes/$disputeId" params={{ groupId, disputeId }} size="sm">
          ← {dispute.title}
        </AnchorLink>
        <Title order={1}>{t('Edit dispute')}</Title>
      </Stack>
      {!can(group, 'disputes:write') ? (
        <NoPermission>
          {t('Ask an organiser or owner of the group to record disputes, or to give you the organiser role.')}
        </NoPermission>
      ) : edit.conflict ? (
        <RecordConflict
          groupId={groupId}
          noun="dispute"
          state={edit.conflict}
          labels={disputeFieldLabels()}
          show={(field, value) => describeDisputeValue(field, value, workplaceNames)}
          saving={mutation.isPending}
          onSave={(values, version, unchanged) => {
            api.form.setValues(values);
            const save = edit.resolve(values, version, unchanged);
            if (save) {
              mutation.mutate(save);
            } else {
              notify({ message: t('The saved version was kept.') });
              void backToDispute();
            }
          }}
          onCancel={() => edit.cancel()}
        />
      ) : (
        <DisputeForm
          groupId={groupId}
          api={api}
          submitLabel={t('Save dispute')}
          saving={mutation.isPending}
          formError={edit.formError}
          onSubmit={(values) => mutation.mutate(edit.submit(values))}
          onCancel={() => void backToDispute()}
        />
      )}
    </Stack>
  );
}
