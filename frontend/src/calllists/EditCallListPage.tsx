import i18next from 'i18next';
import { Button, Group, MultiSelect, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { callListKeys, callListQuery, updateCallList, type CallList } from '../api/callLists';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { blankToNull } from '../shared/forms';
import { NoPermission } from '../shared/NoPermission';
import { RecordConflict } from '../shared/RecordConflict';
import { can } from '../shared/permissions';
import { useApiForm } from '../shared/useApiForm';
import { useMembers } from '../shared/useMembers';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';

const route = getRouteApi('/_app/groups/$groupId/call-lists/$listId/edit');

/** The API's bounds on a list's name and notes. */
const MAX_NAME = 200;
const MAX_NOTES = 2000;

interface ListValues {
  name: string;
  notes: string;
  assignee_ids: string[];
}

const LIST_FIELDS = ['name', 'notes', 'assignee_ids'] as const satisfies readonly (keyof ListValues)[];

function listValues(list: CallList): ListValues {
  return { name: list.name, notes: list.notes ?? '', assignee_ids: list.assignee_ids };
}

function fieldLabels(): Record<keyof ListValues, string> {
  return {
    name: i18next.t('Name'),
    notes: i18next.t('Script and notes'),
    assignee_ids: i18next.t('Callers'),
  };
}

function tooLong(value: string, most: number): string | null {
  return value.trim().length > most
    ? i18next.t('At most {characters, plural, one {# character} other {# characters}}', { characters: most })
    : null;
}

/** Rename a list, change its script and notes, or who works it (organisers). */
export function EditCallListPage() {
  const { t } = useTranslation();
  const { groupId, listId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: list } = useSuspenseQuery(callListQuery(groupId, listId));
  usePageTitle(t('Edit {list} · {group}', { list: list.name, group: group.name }));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const members = useMembers(groupId);
  const edit = useVersionedEdit({
    initial: () => ({ values: listValues(list), version: list.version }),
    fields: LIST_FIELDS,
    valuesOf: listValues,
  });
  const { form, onSubmit, applyError } = useApiForm<ListValues>({
    mode: 'controlled',
    initialValues: edit.base.values,
    validate: {
      name: (value) => (value.trim() === '' ? t('Give the list a name') : tooLong(value, MAX_NAME)),
      notes: (value) => tooLong(value, MAX_NOTES),
    },
  });
  const backToList = () => navigate({ to: '/groups/$groupId/call-lists/$listId', params: { groupId, listId } });

  const mutation = useMutation({
    mutationFn: ({ values, version }: VersionedSave<ListValues>) =>
      updateCallList(groupId, listId, {
        name: values.name.trim(),
        notes: blankToNull(values.notes),
        assignee_ids: values.assignee_ids,
        version,
      }),
    onSuccess: async (saved) => {
      edit.saved(saved);
      queryClient.setQueryData(callListKeys.list(groupId, listId), saved);
      void queryClient.invalidateQueries({ queryKey: callListKeys.all(groupId), exact: true });
      notify({ message: t('“{name}” saved.', { name: saved.name }) });
      await backToList();
    },
    onError: (error, save) => {
      const current = edit.fail(error, save, applyError);
      if (current !== null) queryClient.setQueryData(callListKeys.list(groupId, listId), current);
    },
  });

  const show = (field: keyof ListValues, value: unknown): string => {
    if (field === 'assignee_ids') {
      const ids = Array.isArray(value) ? (value as string[]) : [];
      return ids.length === 0 ? t('(nobody)') : ids.map((id) => members.names.get(id) ?? t('A former member')).join(', ');
    }
    return typeof value === 'string' && value.trim() !== '' ? value : t('(empty)');
  };

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/call-lists/$listId" params={{ groupId, listId }} size="sm" className="break-anywhere">
          ← {list.name}
        </AnchorLink>
        <Title order={1}>{t('Edit the list')}</Title>
        <Text c="dimmed">
          {t('Who is on it was fixed when it was made. Make a new list to reach people the filter matches now.')}
        </Text>
      </Stack>
      {!can(group, 'campaigns:write') ? (
        <NoPermission>{t('Ask an organiser or owner of the group to change this list.')}</NoPermission>
      ) : edit.conflict ? (
        <RecordConflict
          groupId={groupId}
          noun="call_list"
          state={edit.conflict}
          labels={fieldLabels()}
          show={show}
          saving={mutation.isPending}
          onSave={(values, version, unchanged) => {
            form.setValues(values);
            const save = edit.resolve(values, version, unchanged);
            if (save) {
              mutation.mutate(save);
            } else {
              notify({ message: t('The saved version was kept.') });
              void backToList();
            }
          }}
          onCancel={() => edit.cancel()}
        />
      ) : (
        <Paper withBorder p="md">
          <form noValidate aria-label={t('Edit the list')} onSubmit={onSubmit((values) => mutation.mutate(edit.submit(values)))}>
            <Stack gap="sm">
              <FormAlert message={edit.formError} />
              <TextInput label={t('Name')} required maxLength={MAX_NAME} {...form.getInputProps('name')} />
              <Textarea
                label={t('Script and notes')}
                description={t('What to say and what to ask: callers see it above the person to call.')}
                autosize
                minRows={3}
                maxLength={MAX_NOTES}
                {...form.getInputProps('notes')}
              />
              <MultiSelect
                label={t('Callers')}
                placeholder={t('Choose members')}
                data={members.options}
                searchable
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('assignee_ids')}
              />
              <Group gap="sm">
                <Button type="submit" loading={mutation.isPending}>
                  {t('Save the list')}
                </Button>
                <Button variant="default" onClick={() => void backToList()}>
                  {t('Cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}
