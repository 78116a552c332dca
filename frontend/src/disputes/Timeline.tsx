import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Textarea,
  Timeline as MantineTimeline,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { VersionConflict } from '../api/conflict';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { useApiForm } from '../shared/useApiForm';
import { createEvent, deleteEvent, disputeKeys, eventsQuery, updateEvent, type EventBody } from '../api/disputes';
import { asText, blankToNull } from '../shared/forms';
import { useIdempotencyKey } from '../shared/idempotency';
import { RecordConflict } from '../shared/RecordConflict';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';
import { EVENT_KIND_LABELS, options } from '../shared/disputeLabels';
import type { DisputeEvent, EventKind } from '../api/disputeTypes';
import { formatDay, relativeDay } from '../lib/format';
import { today } from '../lib/days';
import { DayInput } from '../shared/DayInput';

interface EventValues {
  kind: EventKind;
  occurs_on: string;
  title: string;
  notes: string;
}

const EVENT_FIELDS = ['kind', 'occurs_on', 'title', 'notes'] as const satisfies readonly (keyof EventValues)[];
function eventLabels(): Record<keyof EventValues, string> {
  return {
    kind: i18next.t('Kind'),
    occurs_on: i18next.t('Date'),
    title: i18next.t('What'),
    notes: i18next.t('Notes'),
  };
}

function eventValues(event: DisputeEvent): EventValues {
  return { kind: event.kind, occurs_on: event.occurs_on, title: event.title, notes: event.notes ?? '' };
}

function eventBody(values: EventValues): EventBody {
  return {
    kind: values.kind,
    occurs_on: values.occurs_on,
    title: values.title.trim(),
    notes: blankToNull(values.notes),
  };
}

function showEventValue(field: keyof EventValues, value: unknown): string {
  if (value === null || value === undefined || value === '') return i18next.t('(empty)');
  if (field === 'kind') return EVENT_KIND_LABELS[value as EventKind];
  if (field === 'occurs_on') return formatDay(value as string);
  return asText(value);
}

interface EventFormProps {
  groupId: string;
  disputeId: string;
  event: DisputeEvent | null;
  onDone: () => void;
}

function EventForm({ groupId, disputeId, event, onDone }: EventFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const edit = useVersionedEdit({
    initial: (): { values: EventValues; version: number } => ({
      values: event ? eventValues(event) : { kind: 'meeting', occurs_on: today(), title: '', notes: '' },
      version: event?.version ?? 0,
    }),
    fields: EVENT_FIELDS,
    valuesOf: eventValues,
  });
  const { form, onSubmit, applyError } = useApiForm<EventValues>({
    mode: 'controlled',
    initialValues: edit.base.values,
    validate: {
      occurs_on: (value) => (value === '' ? t('Choose the date') : null),
      title: (value) =>
        value.trim() === '' ? t('Say what happens') : value.trim().length > 200 ? t('At most 200 characters') : null,
      notes: (value) => (value.length > 20_000 ? t('At most 20,000 characters') : null),
    },
  });
  const idempotency = useIdempotencyKey();

  const mutation = useMutation({
    mutationFn: ({ values, version }: VersionedSave<EventValues>) => {
      const body = eventBody(values);
      return event === null
        ? createEvent(groupId, disputeId, body, idempotency.keyFor(body))
        : updateEvent(groupId, disputeId, event.id, { ...body, version });
    },
    onSuccess: async () => {
      idempotency.reset();
      await queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, disputeId) });
      notify({ message: event === null ? t('Event added to the timeline.') : t('Event saved.') });
      onDone();
    },
    onError: (error, vars) => {
      const current = edit.fail(error, vars, applyError);
      if (current !== null) void queryClient.invalidateQueries({ queryKey: disputeKeys.events(groupId, disputeId) });
    },
  });

  if (edit.conflict) {
    return (
      <RecordConflict
        groupId={groupId}
        noun="event"
        state={edit.conflict}
        labels={eventLabels()}
        show={showEventValue}
        saving={mutation.isPending}
        onSave={(values, version, unchanged) => {
          form.setValues(values);
          const save = edit.resolve(values, version, unchanged);
          if (save) mutation.mutate(save);
          else onDone();
        }}
        onCancel={() => edit.cancel()}
      />
    );
  }

  return (
    <form
      noValidate
      aria-label={event === null ? t('Add an event') : t('Edit event: {title}', { title: event.title })}
      onSubmit={onSubmit((values) => mutation.mutate(edit.submit(values)))}
    >
      <Stack gap="sm">
        <FormAlert message={edit.formError} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('Kind')}
            data={options(EVENT_KIND_LABELS)}
            allowDeselect={false}
            required
            {...form.getInputProps('kind')}
          />
          <DayInput label={t('Date')} required {...form.getInputProps('occurs_on')} />
        </SimpleGrid>
        <TextInput
          label={t('What')}
          placeholder={t('e.g. Grievance hearing with HR')}
          required
          maxLength={200}
          {...form.getInputProps('title')}
        />
        <Textarea label={t('Notes')} autosize minRows={2} maxRows={8} {...form.getInputProps('notes')} />
        <Group gap="xs">
          <Button type="submit" loading={mutation.isPending}>
            {event === null ? t('Add to timeline') : t('Save event')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('Cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface Props {
  groupId: string;
  disputeId: string;
  canEdit: boolean;
}

export function Timeline({ groupId, disputeId, canEdit }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const events = useInfiniteQuery(eventsQuery(groupId, disputeId));
  const [adding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const todayIso = today();

  const remove = useMutation({
    mutationFn: (event: DisputeEvent) => deleteEvent(groupId, disputeId, event.id, event.version),
    onSuccess: (_data, event) => notify({ message: t('“{title}” removed from the timeline.', { title: event.title }) }),
    onError: (error) =>
      notify({
        color: error instanceof VersionConflict ? 'orange' : 'red',
        title: t('Not deleted'),
        message:
          error instanceof VersionConflict
            ? t('Someone else changed this event. The timeline now shows the saved version.')
            : errorMessage(error),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, disputeId) }),
  });

  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const nextIndex = items.findIndex((event) => event.occurs_on >= todayIso);

  return (
    <section aria-labelledby="timeline-heading">
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={2} size="h3" id="timeline-heading">
          {t('Timeline')}
        </Title>
        {canEdit && !adding && (
          <Button variant="light" size="sm" onClick={() => setAdding(true)}>
            {t('Add event')}
          </Button>
        )}
      </Group>
      {adding && (
        <Paper withBorder p="sm" mb="md">
          <EventForm groupId={groupId} disputeId={disputeId} event={null} onDone={() => setAdding(false)} />
        </Paper>
      )}
      {events.isPending ? (
        <Skeleton height={120} />
      ) : events.isError ? (
        <FormAlert message={errorMessage(events.error)} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('Nothing on the timeline yet. Add meetings, grievances, negotiations, ballot dates and strike days.')}
        </Text>
      ) : (
        <MantineTimeline active={nextIndex === -1 ? items.length - 1 : nextIndex - 1} bulletSize={14} lineWidth={2} color="indigo.8">
          {items.map((event) => (
            <MantineTimeline.Item
              key={event.id}
              title={
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} size="sm" className="break-anywhere">
                    {event.title}
                  </Text>
                  <Badge variant="light" color="gray" size="sm">
                    {EVENT_KIND_LABELS[event.kind]}
                  </Badge>
                </Group>
              }
              data-testid="timeline-event"
            >
              {editingId === event.id ? (
                <Paper withBorder p="sm" mt="xs">
                  <EventForm groupId={groupId} disputeId={disputeId} event={event} onDone={() => setEditingId(null)} />
                </Paper>
              ) : (
                <Stack gap={2}>
                  <Text size="sm" c="dimmed">
                    {t('{day} ({relative})', { day: formatDay(event.occurs_on), relative: relativeDay(event.occurs_on) })}
                  </Text>
                  {event.notes && (
                    <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                      {event.notes}
                    </Text>
                  )}
                  {canEdit && (
                    <Group gap="xs">
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        aria-label={t('Edit event: {title}', { title: event.title })}
                        onClick={() => setEditingId(event.id)}
                      >
                        {t('Edit')}
                      </Button>
                      <Button
                        variant="subtle"
                        color="red.9"
                        size="compact-sm"
                        aria-label={t('Delete event: {title}', { title: event.title })}
                        loading={remove.isPending && remove.variables.id === event.id}
                        onClick={() => remove.mutate(event)}
                      >
                        {t('Delete')}
                      </Button>
                    </Group>
                  )}
                </Stack>
              )}
            </MantineTimeline.Item>
          ))}
        </MantineTimeline>
      )}
      {events.hasNextPage && (
        <Button variant="default" mt="sm" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          {t('Show later events')}
        </Button>
      )}
    </section>
  );
}
