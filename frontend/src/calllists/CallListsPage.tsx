import { Button, Group, MultiSelect, Paper, SegmentedControl, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { groupQuery } from '../api/groups';
import { callListKeys, callListsQuery, createCallList, savedFiltersQuery } from '../api/callLists';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { blankToNull } from '../shared/forms';
import { useIdempotencyKey } from '../shared/idempotency';
import { can } from '../shared/permissions';
import { useApiForm } from '../shared/useApiForm';
import { useMembers } from '../shared/useMembers';

const route = getRouteApi('/_app/groups/$groupId/call-lists');

interface NewListValues {
  name: string;
  kind: 'call' | 'visit';
  saved_filter_id: string | null;
  assignee_ids: string[];
  notes: string;
}

function NewCallListForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const filters = useQuery(savedFiltersQuery(groupId));
  const members = useMembers(groupId);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const idempotency = useIdempotencyKey();
  const api = useApiForm<NewListValues>({
    mode: 'uncontrolled',
    initialValues: { name: '', kind: 'call', saved_filter_id: null, assignee_ids: [], notes: '' },
    validate: {
      name: (value) => (value.trim() === '' ? t('Give the list a name') : null),
      saved_filter_id: (value) => (value === null ? t('Choose a saved filter') : null),
    },
  });
  const mutation = useMutation({
    mutationFn: (values: NewListValues) => {
      const body = {
        name: values.name,
        kind: values.kind,
        saved_filter_id: values.saved_filter_id ?? '',
        assignee_ids: values.assignee_ids,
        notes: blankToNull(values.notes),
      };
      return createCallList(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: async (created) => {
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: callListKeys.all(groupId) });
      notify({ message: t('“{name}” is ready to work.', { name: created.name }) });
      await navigate({ to: '/groups/$groupId/call-lists/$listId', params: { groupId, listId: created.id } });
    },
    onError: api.showError,
  });
  const filterOptions = (filters.data?.items ?? []).map((item) => ({
    value: item.id,
    label: item.shared ? item.name : t('{name} (only you)', { name: item.name }),
  }));

  return (
    <Paper withBorder p="md">
      <form onSubmit={api.onSubmit((values) => mutation.mutate(values))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('New list')}
          </Title>
          <FormAlert message={api.formError} />
          <TextInput label={t('Name')} required key={api.form.key('name')} {...api.form.getInputProps('name')} />
          <SegmentedControl
            aria-label={t('Kind of list')}
            data={[
              { value: 'call', label: t('Calls') },
              { value: 'visit', label: t('Visits') },
            ]}
            key={api.form.key('kind')}
            {...api.form.getInputProps('kind')}
          />
          <Select
            label={t('Who is on it')}
            description={t('Everyone this saved filter matches now. Save filters on the contacts page.')}
            placeholder={t('Choose a saved filter')}
            required
            data={filterOptions}
            nothingFoundMessage={t('No saved filters yet')}
            key={api.form.key('saved_filter_id')}
            {...api.form.getInputProps('saved_filter_id')}
          />
          <MultiSelect
            label={t('Callers')}
            placeholder={t('Choose members')}
            data={members.options}
            searchable
            key={api.form.key('assignee_ids')}
            {...api.form.getInputProps('assignee_ids')}
          />
          <Textarea
            label={t('Script and notes')}
            description={t('What to say and what to ask: callers see it above the person to call.')}
            autosize
            minRows={2}
            maxLength={2000}
            key={api.form.key('notes')}
            {...api.form.getInputProps('notes')}
          />
          <Button type="submit" loading={mutation.isPending}>
            {t('Make the list')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

export function CallListsPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Call and visit lists · {group}', { group: group.name }));
  const lists = useQuery(callListsQuery(groupId));

  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="sm">
        <Title order={1}>{t('Call and visit lists')}</Title>
        {can(group, 'campaigns:write') && (
          <ButtonLink variant="default" to="/groups/$groupId/call-settings" params={{ groupId }}>
            {t('Call settings')}
          </ButtonLink>
        )}
      </Group>
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {lists.data?.items.map((list) => (
          <Paper component="li" withBorder p="sm" key={list.id}>
            <AnchorLink
              to="/groups/$groupId/call-lists/$listId"
              params={{ groupId, listId: list.id }}
              fw={700}
              className="break-anywhere"
            >
              {list.name}
            </AnchorLink>
            <Text size="sm" c="dimmed">
              {list.kind === 'visit' ? t('Visits') : t('Calls')}
            </Text>
          </Paper>
        ))}
      </Stack>
      {lists.data?.items.length === 0 && <Text c="dimmed">{t('No lists yet.')}</Text>}
      {can(group, 'campaigns:write') && <NewCallListForm groupId={groupId} />}
    </Stack>
  );
}
