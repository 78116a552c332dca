import { Button, Group, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  campaignKeys,
  campaignQuery,
  createCampaign,
  updateCampaign,
  type Campaign,
  type CampaignCreate,
} from '../api/campaigns';
import { disputeBoardQuery, workplaceOptionsQuery } from '../api/disputes';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { blankToNull } from '../shared/forms';
import { useIdempotencyKey } from '../shared/idempotency';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';
import { useApiForm } from '../shared/useApiForm';

const newRoute = getRouteApi('/_app/groups/$groupId/campaigns/new');
const editRoute = getRouteApi('/_app/groups/$groupId/campaigns/$campaignId/edit');

interface CampaignValues {
  name: string;
  workplace_id: string;
  dispute_id: string;
  goal: string;
}

const EMPTY: CampaignValues = { name: '', workplace_id: '', dispute_id: '', goal: '' };

function valuesOf(campaign: Campaign): CampaignValues {
  return {
    name: campaign.name,
    workplace_id: campaign.workplace_id,
    dispute_id: campaign.dispute_id ?? '',
    goal: campaign.goal ?? '',
  };
}

function bodyOf(values: CampaignValues): CampaignCreate {
  return {
    name: values.name.trim(),
    workplace_id: values.workplace_id,
    dispute_id: values.dispute_id === '' ? null : values.dispute_id,
    goal: blankToNull(values.goal),
  };
}

function useCampaignForm(initial: CampaignValues) {
  return useApiForm<CampaignValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      name: (value) =>
        value.trim() === ''
          ? i18next.t('Give the campaign a name')
          : value.length > 200
            ? i18next.t('At most 200 characters')
            : null,
      workplace_id: (value) => (value === '' ? i18next.t('Choose the workplace it organises') : null),
      goal: (value) => (value.length > 20_000 ? i18next.t('At most 20,000 characters') : null),
    },
  });
}

function CampaignForm({
  groupId,
  api,
  saving,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  groupId: string;
  api: ReturnType<typeof useCampaignForm>;
  saving: boolean;
  submitLabel: string;
  onSubmit: (values: CampaignValues) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const workplaces = useQuery(workplaceOptionsQuery(groupId));
  const disputes = useQuery(disputeBoardQuery(groupId));
  const { form } = api;
  return (
    <form noValidate onSubmit={api.onSubmit(onSubmit)} aria-label={t('Campaign details')}>
      <Stack gap="md" maw={640}>
        <FormAlert message={api.formError} />
        <TextInput label={t('Name')} required maxLength={200} {...form.getInputProps('name')} />
        <Select
          label={t('Workplace')}
          required
          searchable
          data={(workplaces.data ?? []).map((workplace) => ({ value: workplace.id, label: workplace.name }))}
          {...form.getInputProps('workplace_id')}
          value={form.values.workplace_id || null}
          onChange={(value) => form.setFieldValue('workplace_id', value ?? '')}
        />
        <Select
          label={t('Part of a dispute')}
          description={t('Optional')}
          clearable
          clearButtonProps={{ 'aria-label': t('Clear the choice') }}
          searchable
          data={(disputes.data ?? []).map((dispute) => ({ value: dispute.id, label: dispute.title }))}
          {...form.getInputProps('dispute_id')}
          value={form.values.dispute_id || null}
          onChange={(value) => form.setFieldValue('dispute_id', value ?? '')}
        />
        <Textarea
          label={t('Goal')}
          description={t('What the campaign is for, in the words you use with workers')}
          autosize
          minRows={3}
          {...form.getInputProps('goal')}
        />
        <Group gap="sm">
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('Cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NewCampaignPage() {
  const { t } = useTranslation();
  const { groupId } = newRoute.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('New campaign · {group}', { group: group.name }));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const api = useCampaignForm(EMPTY);
  const idempotency = useIdempotencyKey();
  const mutation = useMutation({
    mutationFn: (values: CampaignValues) => {
      const body = bodyOf(values);
      return createCampaign(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: async (campaign) => {
      idempotency.reset();
      queryClient.setQueryData(campaignKeys.campaign(groupId, campaign.id), campaign);
      await queryClient.invalidateQueries({ queryKey: campaignKeys.campaigns(groupId) });
      notify({ message: t('Campaign started.') });
      await navigate({ to: '/groups/$groupId/campaigns/$campaignId', params: { groupId, campaignId: campaign.id } });
    },
    onError: api.showError,
  });
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/campaigns" params={{ groupId }} size="sm">
          ← {t('Campaigns')}
        </AnchorLink>
        <Title order={1}>{t('New campaign')}</Title>
      </Stack>
      {can(group, 'campaigns:write') ? (
        <CampaignForm
          groupId={groupId}
          api={api}
          saving={mutation.isPending}
          submitLabel={t('Start campaign')}
          onSubmit={(values) => mutation.mutate(values)}
          onCancel={() => void navigate({ to: '/groups/$groupId/campaigns', params: { groupId } })}
        />
      ) : (
        <NoPermission>{t('Ask an organiser or owner of the group to start campaigns.')}</NoPermission>
      )}
    </Stack>
  );
}

export function EditCampaignPage() {
  const { t } = useTranslation();
  const { groupId, campaignId } = editRoute.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: campaign } = useSuspenseQuery(campaignQuery(groupId, campaignId));
  usePageTitle(t('Edit campaign · {campaign}', { campaign: campaign.name }));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const api = useCampaignForm(valuesOf(campaign));
  const back = () => navigate({ to: '/groups/$groupId/campaigns/$campaignId', params: { groupId, campaignId } });
  const mutation = useMutation({
    // Sends the version it was opened at: if someone saved since, the API refuses and says so.
    mutationFn: (values: CampaignValues) => updateCampaign(groupId, campaignId, { ...bodyOf(values), version: campaign.version }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(campaignKeys.campaign(groupId, campaignId), saved);
      await queryClient.invalidateQueries({ queryKey: campaignKeys.campaigns(groupId) });
      notify({ message: t('Campaign saved.') });
      await back();
    },
    onError: api.showError,
  });
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/campaigns/$campaignId" params={{ groupId, campaignId }} size="sm">
          ← {campaign.name}
        </AnchorLink>
        <Title order={1}>{t('Edit campaign')}</Title>
      </Stack>
      {can(group, 'campaigns:write') ? (
        <CampaignForm
          groupId={groupId}
          api={api}
          saving={mutation.isPending}
          submitLabel={t('Save campaign')}
          onSubmit={(values) => mutation.mutate(values)}
          onCancel={() => void back()}
        />
      ) : (
        <NoPermission>{t('Ask an organiser or owner of the group to change campaigns.')}</NoPermission>
      )}
    </Stack>
  );
}
