import { ActionIcon, Anchor, Badge, Button, Group, MultiSelect, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupQuery } from '../../api/groups';
import {
  addAgendaItem,
  agendaQuery,
  createMotion,
  decisionLogQuery,
  meetingKeys,
  meetingMotionsQuery,
  meetingQuery,
  reorderAgenda,
  updateAttendance,
  writeMinutes,
  type AgendaItem,
  type Meeting,
} from '../../api/meetings';
import { errorMessage } from '../../api/errors';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { usePageTitle } from '../../app/usePageTitle';
import { formatDate, formatDateTime } from '../../lib/format';
import { useIdempotencyKey } from '../../shared/idempotency';
import { can } from '../../shared/permissions';
import { useApiForm } from '../../shared/useApiForm';
import { MOTION_STATUS_COLORS, MOTION_STATUS_LABELS } from './labels';
import { useMemberNames } from './people';

const route = getRouteApi('/_app/groups/$groupId/meetings/$meetingId');

function Attendance({ groupId, meeting, chair }: { groupId: string; meeting: Meeting; chair: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { nameOf, members } = useMemberNames(groupId);
  const [present, setPresent] = useState<string[]>(meeting.present_ids);
  const [apologies, setApologies] = useState<string[]>(meeting.apologies_ids);
  const save = useMutation({
    mutationFn: () => updateAttendance(groupId, meeting, { present_ids: present, apologies_ids: apologies }),
    onSuccess: (saved) => queryClient.setQueryData(meetingKeys.detail(groupId, meeting.id), saved),
  });
  const changed =
    present.join() !== meeting.present_ids.join() || apologies.join() !== meeting.apologies_ids.join();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="attendance-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="attendance-heading">
          {t('Attendance')}
        </Title>
        {chair ? (
          <>
            <FormAlert message={save.error ? errorMessage(save.error) : null} />
            <MultiSelect
              label={t('Present')}
              data={members.filter((member) => !apologies.includes(member.value))}
              value={present}
              onChange={setPresent}
              searchable
            />
            <MultiSelect
              label={t('Apologies')}
              data={members.filter((member) => !present.includes(member.value))}
              value={apologies}
              onChange={setApologies}
              searchable
            />
            <Group>
              <Button variant="light" onClick={() => save.mutate()} loading={save.isPending} disabled={!changed}>
                {t('Save attendance')}
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm" className="break-anywhere">
              {t('Present: {names}', {
                names: meeting.present_ids.length ? meeting.present_ids.map(nameOf).join(', ') : t('not recorded'),
              })}
            </Text>
            <Text size="sm" className="break-anywhere">
              {t('Apologies: {names}', {
                names: meeting.apologies_ids.length ? meeting.apologies_ids.map(nameOf).join(', ') : t('none'),
              })}
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function Minutes({ groupId, item, chair }: { groupId: string; item: AgendaItem; chair: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState(item.minutes ?? '');
  const save = useMutation({
    mutationFn: () => writeMinutes(groupId, item, text),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingKeys.agenda(groupId, item.meeting_id) }),
  });
  if (!chair) {
    return item.minutes ? (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} className="break-anywhere">
        {item.minutes}
      </Text>
    ) : (
      <Text size="sm" c="dimmed">
        {t('No minutes yet.')}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <FormAlert message={save.error ? errorMessage(save.error) : null} />
      <Textarea
        label={t('Minutes of “{item}”', { item: item.title })}
        autosize
        minRows={2}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      <Group>
        <Button size="xs" variant="light" onClick={() => save.mutate()} loading={save.isPending} disabled={text === (item.minutes ?? '')}>
          {t('Save minutes')}
        </Button>
      </Group>
    </Stack>
  );
}

function Agenda({ groupId, meetingId, chair }: { groupId: string; meetingId: string; chair: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const agenda = useQuery(agendaQuery(groupId, meetingId));
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<{ title: string }>({
    initialValues: { title: '' },
    validate: { title: (value) => (value.trim() === '' ? t('Enter a title') : null) },
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: meetingKeys.agenda(groupId, meetingId) });
  const add = useMutation({
    mutationFn: (title: string) => addAgendaItem(groupId, meetingId, title, idempotency.keyFor({ title })),
    onSuccess: async () => {
      idempotency.reset();
      form.reset();
      await refresh();
    },
    onError: showError,
  });
  const move = useMutation({
    mutationFn: (order: string[]) => reorderAgenda(groupId, meetingId, order),
    onSuccess: refresh,
  });
  const items = agenda.data ?? [];
  const moved = (index: number, by: number) => {
    const order = items.map((item) => item.id);
    const [taken] = order.splice(index, 1);
    if (taken !== undefined) order.splice(index + by, 0, taken);
    move.mutate(order);
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="agenda-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="agenda-heading">
          {t('Agenda and minutes')}
        </Title>
        {items.length === 0 && <Text c="dimmed">{t('Nothing on the agenda yet.')}</Text>}
        <Stack gap="md" component="ol" style={{ paddingInlineStart: '1.25rem', margin: 0 }}>
          {items.map((item, index) => (
            <li key={item.id}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text fw={600} className="break-anywhere">
                    {item.title}
                  </Text>
                  {chair && items.length > 1 && (
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('Move “{item}” up', { item: item.title })}
                        disabled={index === 0 || move.isPending}
                        onClick={() => moved(index, -1)}
                      >
                        ↑
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('Move “{item}” down', { item: item.title })}
                        disabled={index === items.length - 1 || move.isPending}
                        onClick={() => moved(index, 1)}
                      >
                        ↓
                      </ActionIcon>
                    </Group>
                  )}
                </Group>
                <Minutes groupId={groupId} item={item} chair={chair} />
              </Stack>
            </li>
          ))}
        </Stack>
        {chair && (
          <form onSubmit={onSubmit((values) => add.mutate(values.title))} noValidate>
            <Stack gap="xs">
              <FormAlert message={formError} />
              <Group align="flex-end" wrap="wrap">
                <TextInput label={t('New agenda item')} required style={{ flex: 1, minWidth: '12rem' }} {...form.getInputProps('title')} />
                <Button type="submit" variant="light" loading={add.isPending}>
                  {t('Add to agenda')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

interface MotionValues {
  title: string;
  text: string;
  agenda_item_id: string | null;
}

function NewMotionForm({ groupId, meetingId }: { groupId: string; meetingId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const agenda = useQuery(agendaQuery(groupId, meetingId));
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<MotionValues>({
    initialValues: { title: '', text: '', agenda_item_id: null },
    validate: {
      title: (value) => (value.trim() === '' ? t('Enter a title') : null),
      text: (value) => (value.trim() === '' ? t('Enter the wording of the motion') : null),
    },
  });
  const create = useMutation({
    mutationFn: (values: MotionValues) => {
      const body = { meeting_id: meetingId, ...values };
      return createMotion(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: async (motion) => {
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: meetingKeys.motions(groupId, meetingId) });
      await navigate({ to: '/groups/$groupId/motions/$motionId', params: { groupId, motionId: motion.id } });
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-motion-heading">
      <form onSubmit={onSubmit((values) => create.mutate(values))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-motion-heading">
            {t('Move a motion')}
          </Title>
          <FormAlert message={formError} />
          <TextInput label={t('Motion title')} required {...form.getInputProps('title')} />
          <Textarea label={t('Wording of the motion')} required autosize minRows={3} {...form.getInputProps('text')} />
          <Select
            label={t('Agenda item')}
            placeholder={t('None')}
            clearable
            data={(agenda.data ?? []).map((item) => ({ value: item.id, label: item.title }))}
            {...form.getInputProps('agenda_item_id')}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('Move the motion')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function MeetingPage() {
  const { t } = useTranslation();
  const { groupId, meetingId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: meeting } = useSuspenseQuery(meetingQuery(groupId, meetingId));
  const motions = useQuery(meetingMotionsQuery(groupId, meetingId));
  const decisions = useQuery(decisionLogQuery(groupId, undefined, meetingId));
  const { nameOf } = useMemberNames(groupId);
  usePageTitle(t('{meeting} · {group}', { meeting: meeting.title, group: group.name }));
  const chair = can(group, 'votes:manage');
  const substantive = (motions.data ?? []).filter((motion) => motion.amends_id === null);
  return (
    <Stack gap="lg">
      <AnchorLink to="/groups/$groupId/meetings" params={{ groupId }} size="sm">
        {t('All meetings')}
      </AnchorLink>
      <Stack gap={4}>
        <Title order={1} className="break-anywhere">
          {meeting.title}
        </Title>
        <Text>{formatDateTime(meeting.starts_at)}</Text>
        {meeting.place && <Text className="break-anywhere">{meeting.place}</Text>}
        {meeting.link && (
          <Anchor href={meeting.link} target="_blank" rel="noreferrer" className="break-anywhere">
            {t('Join the call')}
          </Anchor>
        )}
      </Stack>
      <Attendance key={meeting.version} groupId={groupId} meeting={meeting} chair={chair} />
      <Agenda groupId={groupId} meetingId={meetingId} chair={chair} />
      <Paper withBorder p="md" component="section" aria-labelledby="motions-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="motions-heading">
            {t('Motions')}
          </Title>
          {substantive.length === 0 ? (
            <Text c="dimmed">{t('No motions moved yet.')}</Text>
          ) : (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {substantive.map((motion) => (
                <li key={motion.id}>
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <AnchorLink
                      to="/groups/$groupId/motions/$motionId"
                      params={{ groupId, motionId: motion.id }}
                      fw={600}
                      className="break-anywhere"
                    >
                      {motion.title}
                    </AnchorLink>
                    <Badge variant="filled" color={MOTION_STATUS_COLORS[motion.status]}>
                      {MOTION_STATUS_LABELS[motion.status]}
                    </Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t('Proposed by {proposer}', { proposer: nameOf(motion.proposer_id) })}
                  </Text>
                </li>
              ))}
            </Stack>
          )}
        </Stack>
      </Paper>
      {can(group, 'democracy:write') && <NewMotionForm groupId={groupId} meetingId={meetingId} />}
      <Paper withBorder p="md" component="section" aria-labelledby="decisions-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="decisions-heading">
            {t('Decisions')}
          </Title>
          {(decisions.data?.items ?? []).length === 0 ? (
            <Text c="dimmed">{t('No decisions minuted yet.')}</Text>
          ) : (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {(decisions.data?.items ?? []).map((decision) => (
                <Text component="li" key={decision.id} style={{ whiteSpace: 'pre-wrap' }} className="break-anywhere">
                  {decision.text}
                </Text>
              ))}
            </Stack>
          )}
          <AnchorLink to="/groups/$groupId/decisions" params={{ groupId }} size="sm">
            {t('Decision log')}
          </AnchorLink>
        </Stack>
      </Paper>
      <Text size="xs" c="dimmed">
        {t('Last changed {date}', { date: formatDate(meeting.updated_at) })}
      </Text>
    </Stack>
  );
}
