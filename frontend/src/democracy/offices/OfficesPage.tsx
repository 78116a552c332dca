import { Badge, Button, Group, NumberInput, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { groupQuery } from '../../api/groups';
import { createOffice, officeKeys, officeListQuery, recallSettingsQuery, updateRecallSettings } from '../../api/offices';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { usePageTitle } from '../../app/usePageTitle';
import { formatDate } from '../../lib/format';
import { useIdempotencyKey } from '../../shared/idempotency';
import { can } from '../../shared/permissions';
import { useAuth } from '../../shared/session';
import { useApiForm } from '../../shared/useApiForm';
import { StandDownButton } from './StandDown';

const route = getRouteApi('/_app/groups/$groupId/offices');

interface NewOfficeValues {
  name: string;
  description: string;
  seats: number | string;
  term_months: number | string;
}

function NewOfficeForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<NewOfficeValues>({
    initialValues: { name: '', description: '', seats: 1, term_months: 12 },
  });
  const create = useMutation({
    mutationFn: () => {
      const body = {
        name: form.values.name,
        description: form.values.description || null,
        seats: Number(form.values.seats),
        term_months: Number(form.values.term_months),
      };
      return createOffice(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: async (office) => {
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: officeKeys.all(groupId) });
      await navigate({ to: '/groups/$groupId/offices/$officeId', params: { groupId, officeId: office.id } });
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-office-heading">
      <form onSubmit={onSubmit(() => create.mutate())}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-office-heading">
            {t('Add an office')}
          </Title>
          <FormAlert message={formError} />
          <TextInput label={t('Name of the office')} description={t('For example: rep for the night shift, delegate, secretary')} required {...form.getInputProps('name')} />
          <Textarea label={t('What the office does')} autosize minRows={2} {...form.getInputProps('description')} />
          <Group grow align="flex-start" wrap="wrap">
            <NumberInput label={t('Seats')} description={t('How many hold it at once')} min={1} max={20} {...form.getInputProps('seats')} />
            <NumberInput label={t('Term in months')} min={1} max={120} {...form.getInputProps('term_months')} />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('Add office')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RecallThresholdForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: settings } = useSuspenseQuery(recallSettingsQuery(groupId));
  const { form, formError, onSubmit, showError } = useApiForm<{ threshold_percent: number | string }>({
    initialValues: { threshold_percent: settings.threshold_percent },
  });
  const save = useMutation({
    mutationFn: () =>
      updateRecallSettings(groupId, { threshold_percent: Number(form.values.threshold_percent), version: settings.version }),
    onSuccess: (saved) => {
      queryClient.setQueryData(officeKeys.settings(groupId), saved);
      form.resetDirty({ threshold_percent: saved.threshold_percent });
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="recall-threshold-heading">
      <form onSubmit={onSubmit(() => save.mutate())}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="recall-threshold-heading">
            {t('Recall threshold')}
          </Title>
          <FormAlert message={formError} />
          <NumberInput
            label={t('Signatures needed to open a recall vote (% of members entitled to vote)')}
            min={1}
            max={100}
            suffix="%"
            {...form.getInputProps('threshold_percent')}
          />
          <Group>
            <Button type="submit" variant="light" loading={save.isPending}>
              {t('Save threshold')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function OfficesPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: offices } = useSuspenseQuery(officeListQuery(groupId));
  const { data: settings } = useSuspenseQuery(recallSettingsQuery(groupId));
  const myUserId = useAuth().user?.id ?? null;
  usePageTitle(t('Offices · {group}', { group: group.name }));
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('Offices')}</Title>
        <Text c="dimmed">
          {t('The group elects its reps, delegates and officers for a term, and can recall them at any time: when {percent}% of the members sign a recall petition, a recall vote opens.', {
            percent: settings.threshold_percent,
          })}
        </Text>
      </Stack>
      {offices.items.length === 0 ? (
        <Text c="dimmed">{t('No offices yet.')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {offices.items.map((office) => (
            <Paper withBorder p="sm" component="li" key={office.id}>
              <Stack gap={4}>
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <AnchorLink
                    to="/groups/$groupId/offices/$officeId"
                    params={{ groupId, officeId: office.id }}
                    fw={600}
                    className="break-anywhere"
                  >
                    {office.name}
                  </AnchorLink>
                  {office.election_vote_id && (
                    <Badge variant="filled" color="teal.9">
                      {t('Election open')}
                    </Badge>
                  )}
                  {office.holders.length < office.seats && !office.election_vote_id && (
                    <Badge variant="filled" color="indigo.9">
                      {t('Vacant seat')}
                    </Badge>
                  )}
                </Group>
                <Text size="sm" className="break-anywhere">
                  {office.holders.length === 0
                    ? t('Nobody holds it now.')
                    : t('Held by {names}', { names: office.holders.map((term) => term.holder_name).join(', ') })}
                </Text>
                {office.holders
                  .filter((term) => myUserId !== null && term.holder_id === myUserId)
                  .map((term) => (
                    <Group key={term.id} justify="space-between" gap="xs" wrap="wrap">
                      <Text size="sm">
                        {t('You hold this office until {day}.', { day: formatDate(term.due_to_end_on) })}
                      </Text>
                      <StandDownButton groupId={groupId} officeName={office.name} term={term} mine />
                    </Group>
                  ))}
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
      {can(group, 'votes:manage') && (
        <>
          <NewOfficeForm groupId={groupId} />
          <RecallThresholdForm groupId={groupId} />
        </>
      )}
    </Stack>
  );
}
