import i18next from 'i18next';
import { Alert, Anchor, Button, Checkbox, Group, Modal, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupQuery } from '../api/groups';
import { scaleQuery } from '../api/contacts';
import {
  callListKeys,
  callListQuery,
  callProgressQuery,
  callTurnQuery,
  deleteCallList,
  recordOutcome,
  releaseEntry,
  takeNext,
  type CallList,
  type CallOutcome,
  type CallTurn,
} from '../api/callLists';
import { VersionConflict } from '../api/conflict';
import { contactKeys } from '../api/contacts';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { formatCount, formatDateTime } from '../lib/format';
import { translatedLabels } from '../lib/labels';
import { LanguageBadge } from '../shared/LanguageBadge';
import { LevelBadge } from '../shared/LevelBadge';
import { can } from '../shared/permissions';
import { useApiForm } from '../shared/useApiForm';
import { useMembers } from '../shared/useMembers';

const route = getRouteApi('/_app/groups/$groupId/call-lists/$listId');

export const OUTCOME_LABELS = translatedLabels<CallOutcome>({
  talked: () => i18next.t('Talked'),
  no_answer: () => i18next.t('No answer'),
  wrong_number: () => i18next.t('Wrong number'),
  call_back: () => i18next.t('Call back'),
  do_not_contact: () => i18next.t('Do not contact'),
});
const QUICK_OUTCOMES: CallOutcome[] = ['talked', 'no_answer', 'wrong_number', 'do_not_contact'];

function Progress({ groupId, listId }: { groupId: string; listId: string }) {
  const { t } = useTranslation();
  const progress = useQuery(callProgressQuery(groupId, listId));
  const members = useMembers(groupId);
  if (!progress.data) return null;
  const data = progress.data;
  return (
    <Paper withBorder p="sm" data-testid="call-progress">
      <Text fw={700}>
        {t('{done} of {total} done', { done: formatCount(data.done), total: formatCount(data.total) })}
      </Text>
      <Text size="sm" c="dimmed">
        {t('{reserved} being called now · {waiting} to call back', {
          reserved: formatCount(data.reserved),
          waiting: formatCount(data.waiting_for_call_back),
        })}
      </Text>
      {data.by_caller.length > 0 && (
        <Table.ScrollContainer minWidth={280} mt="xs">
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('Caller')}</Table.Th>
                <Table.Th>{t('Tries')}</Table.Th>
                <Table.Th>{t('Talked')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.by_caller.map((row) => (
                <Table.Tr key={row.caller_id}>
                  <Table.Td className="break-anywhere">{members.names.get(row.caller_id) ?? t('Former member')}</Table.Td>
                  <Table.Td>{formatCount(row.attempts)}</Table.Td>
                  <Table.Td>{formatCount(row.outcomes.talked)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

interface CallBackValues {
  call_back_at: string;
}

function CallBackForm({ onSave, pending }: { onSave: (iso: string) => Promise<unknown>; pending: boolean }) {
  const { t } = useTranslation();
  const api = useApiForm<CallBackValues>({
    mode: 'uncontrolled',
    initialValues: { call_back_at: '' },
    validate: {
      call_back_at: (value) => (value === '' || Number.isNaN(new Date(value).getTime()) ? t('Say when to call back') : null),
    },
  });
  return (
    <form
      noValidate
      onSubmit={api.onSubmit((values) => {
        onSave(new Date(values.call_back_at).toISOString()).catch(api.showError);
      })}
    >
      <Stack gap="xs">
        <FormAlert message={api.formError} />
        <TextInput
          type="datetime-local"
          label={t('Call back at')}
          key={api.form.key('call_back_at')}
          {...api.form.getInputProps('call_back_at')}
        />
        <Button type="submit" variant="default" size="md" loading={pending}>
          {t('Save the call back')}
        </Button>
      </Stack>
    </form>
  );
}

function PersonCard({
  groupId,
  listId,
  turn,
  onDone,
}: {
  groupId: string;
  listId: string;
  turn: CallTurn;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const scale = useQuery(scaleQuery(groupId));
  const person = turn.person;
  const entry = turn.entry;
  const outcome = useMutation({
    mutationFn: (body: { outcome: CallOutcome; call_back_at?: string }) =>
      recordOutcome(groupId, listId, entry?.id ?? '', body),
    onSuccess: async (_saved, body) => {
      onDone();
      // Asking not to be contacted moves the contact on: its page shows it.
      if (body.outcome === 'do_not_contact' && person) {
        void queryClient.invalidateQueries({ queryKey: contactKeys.one(groupId, person.id) });
      }
      if (body.outcome === 'talked' && person) {
        await navigate({ to: '/groups/$groupId/log', params: { groupId }, search: { contact: person.id, list: listId } });
      }
    },
  });
  const release = useMutation({
    mutationFn: () => releaseEntry(groupId, listId, entry?.id ?? ''),
    onSuccess: onDone,
  });
  if (!person || !entry) return null;
  const languages = [person.preferred_language, ...person.other_languages].filter((code): code is string => Boolean(code));
  return (
    <Paper withBorder p="md" data-testid="call-person">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={2} size="h3" className="break-anywhere">
            {person.full_name}
          </Title>
          <LevelBadge level={person.assessment_level} scale={scale.data} />
        </Group>
        <Text size="sm" c="dimmed">
          {[person.department_name, person.shift_name].filter(Boolean).join(' · ')}
        </Text>
        {languages.length > 0 && (
          <Group gap={4}>
            {languages.map((code) => (
              <LanguageBadge key={code} code={code} />
            ))}
          </Group>
        )}
        {person.shared_languages.length > 0 && (
          <Text size="sm">{t('You share a language: talk in theirs if you can.')}</Text>
        )}
        <Text size="sm">
          {person.last_conversation_at
            ? t('Last talked to {when}', { when: formatDateTime(person.last_conversation_at) })
            : t('Nobody has talked to them yet')}
        </Text>
        {person.phone && (
          <Button component="a" href={`tel:${person.phone.replace(/[^0-9+]/g, '')}`} size="lg" color="teal.9">
            {t('Call {phone}', { phone: person.phone })}
          </Button>
        )}
        {entry.attempts > 0 && (
          <Text size="sm" c="dimmed">
            {t('{tries, plural, one {Tried # time before} other {Tried # times before}}', { tries: entry.attempts })}
          </Text>
        )}
        <FormAlert message={outcome.error ? errorMessage(outcome.error) : null} />
        <SimpleGrid cols={2} spacing="xs">
          {QUICK_OUTCOMES.map((value) => (
            <Button
              key={value}
              size="md"
              variant={value === 'talked' ? 'filled' : 'default'}
              color={value === 'do_not_contact' ? 'red.9' : undefined}
              h="auto"
              mih={44}
              styles={{ label: { whiteSpace: 'normal' } }}
              loading={outcome.isPending && outcome.variables.outcome === value}
              onClick={() => outcome.mutate({ outcome: value })}
            >
              {OUTCOME_LABELS[value]}
            </Button>
          ))}
        </SimpleGrid>
        <CallBackForm
          pending={outcome.isPending && outcome.variables.outcome === 'call_back'}
          onSave={(iso) => outcome.mutateAsync({ outcome: 'call_back', call_back_at: iso })}
        />
        <Anchor component="button" type="button" size="sm" onClick={() => release.mutate()}>
          {t('Give them back without calling')}
        </Anchor>
      </Stack>
    </Paper>
  );
}

/** Delete the list after saying what goes with it (organisers). */
function DeleteCallList({ groupId, list }: { groupId: string; list: CallList }) {
  const { t } = useTranslation();
  const [opened, modal] = useDisclosure(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const progress = useQuery(callProgressQuery(groupId, list.id));
  const remove = useMutation({
    mutationFn: () => deleteCallList(groupId, list.id, list.version),
    onSuccess: async () => {
      modal.close();
      await navigate({ to: '/groups/$groupId/call-lists', params: { groupId } });
      queryClient.removeQueries({ queryKey: callListKeys.list(groupId, list.id) });
      void queryClient.invalidateQueries({ queryKey: callListKeys.all(groupId) });
      notify({ message: t('“{name}” deleted.', { name: list.name }) });
    },
    onError: (error) => {
      if (error instanceof VersionConflict) void queryClient.invalidateQueries({ queryKey: callListKeys.list(groupId, list.id) });
    },
  });
  return (
    <>
      <Button
        variant="subtle"
        color="red.9"
        onClick={() => {
          remove.reset();
          modal.open();
        }}
      >
        {t('Delete')}
      </Button>
      <Modal
        opened={opened}
        onClose={modal.close}
        title={t('Delete “{name}”?', { name: list.name })}
        closeButtonProps={{ 'aria-label': t('Close') }}
      >
        <Stack gap="md">
          <Text>
            {progress.data
              ? t(
                  'The list goes, with the {people, plural, one {# person} other {# people}} on it, where each of them stands and its progress. Any callers holding someone now lose them.',
                  { people: progress.data.total },
                )
              : t('The list goes, with the people on it, where each of them stands and its progress. Any callers holding someone now lose them.')}
          </Text>
          <Text>
            {t(
              'The outcomes recorded are kept: whoever asked not to be contacted is still not offered by any list, and the cool-down still applies. The contacts themselves are not touched.',
            )}
          </Text>
          {remove.isError &&
            (remove.error instanceof VersionConflict ? (
              <Alert color="orange" variant="light" role="alert">
                {t(
                  'Someone else changed this list since you opened it. Check the page, which now shows the saved version, and delete again if you still want to.',
                )}
              </Alert>
            ) : (
              <FormAlert message={errorMessage(remove.error)} />
            ))}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={modal.close}>
              {t('Keep it')}
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('Delete the list')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

export function CallListPage() {
  const { t } = useTranslation();
  const { groupId, listId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: list } = useSuspenseQuery(callListQuery(groupId, listId));
  usePageTitle(t('{list} · {group}', { list: list.name, group: group.name }));
  const queryClient = useQueryClient();
  const members = useMembers(groupId);
  const turn = useQuery(callTurnQuery(groupId, listId));
  const [sharedOnly, setSharedOnly] = useState(false);
  const [nobodyLeft, setNobodyLeft] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: callListKeys.list(groupId, listId) });
  const next = useMutation({
    mutationFn: () => takeNext(groupId, listId, sharedOnly),
    onSuccess: (taken) => {
      setNobodyLeft(taken.entry === null);
      queryClient.setQueryData(callListKeys.turn(groupId, listId), taken);
      void queryClient.invalidateQueries({ queryKey: callListKeys.progress(groupId, listId) });
    },
  });
  const holding = turn.data?.entry ? turn.data : null;

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/call-lists" params={{ groupId }} size="sm">
          {t('← Call and visit lists')}
        </AnchorLink>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={1} className="break-anywhere" style={{ flex: '1 1 14rem', minWidth: 0 }}>
            {list.name}
          </Title>
          {can(group, 'campaigns:write') && (
            <Group gap="xs">
              <ButtonLink to="/groups/$groupId/call-lists/$listId/edit" params={{ groupId, listId }} variant="default">
                {t('Edit')}
              </ButtonLink>
              <DeleteCallList groupId={groupId} list={list} />
            </Group>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {list.assignee_ids.length === 0
            ? t('No callers assigned: organisers work it.')
            : t('Callers: {names}', {
                names: list.assignee_ids.map((id) => members.names.get(id) ?? t('A former member')).join(', '),
              })}
        </Text>
      </Stack>
      {list.notes && (
        <Paper withBorder p="sm" component="section" aria-labelledby="list-notes-heading">
          <Text fw={700} id="list-notes-heading">
            {t('Script and notes')}
          </Text>
          <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
            {list.notes}
          </Text>
        </Paper>
      )}
      <Progress groupId={groupId} listId={listId} />
      {holding ? (
        <PersonCard groupId={groupId} listId={listId} turn={holding} onDone={refresh} />
      ) : can(group, 'campaigns:record') ? (
        <Stack gap="sm">
          <FormAlert message={next.error ? errorMessage(next.error) : null} />
          <Checkbox
            label={t('Only people who speak one of my languages')}
            checked={sharedOnly}
            onChange={(event) => setSharedOnly(event.currentTarget.checked)}
          />
          <Button size="lg" onClick={() => next.mutate()} loading={next.isPending}>
            {list.kind === 'visit' ? t('Take the next person to visit') : t('Take the next person to call')}
          </Button>
          {nobodyLeft && <Text role="status">{t('Nobody is left for you on this list right now.')}</Text>}
        </Stack>
      ) : null}
    </Stack>
  );
}
