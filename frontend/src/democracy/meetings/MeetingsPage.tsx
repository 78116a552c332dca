import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { groupQuery } from '../../api/groups';
import { createMeeting, meetingKeys, meetingListQuery } from '../../api/meetings';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { usePageTitle } from '../../app/usePageTitle';
import { fromLocalInput } from '../../lib/days';
import { formatDateTime } from '../../lib/format';
import { useIdempotencyKey } from '../../shared/idempotency';
import { can } from '../../shared/permissions';
import { useApiForm } from '../../shared/useApiForm';

const route = getRouteApi('/_app/groups/$groupId/meetings');

interface NewMeetingValues {
  title: string;
  starts_at: string;
  place: string;
  link: string;
}

function NewMeetingForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<NewMeetingValues>({
    initialValues: { title: '', starts_at: '', place: '', link: '' },
    validate: {
      title: (value) => (value.trim() === '' ? t('Enter a title') : null),
      starts_at: (value) => (fromLocalInput(value) === null ? t('Enter a date and time') : null),
    },
  });
  const create = useMutation({
    mutationFn: (values: NewMeetingValues) => {
      const body = {
        title: values.title,
        starts_at: fromLocalInput(values.starts_at) ?? '',
        place: values.place.trim() === '' ? null : values.place,
        link: values.link.trim() === '' ? null : values.link,
      };
      return createMeeting(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: async (meeting) => {
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: meetingKeys.all(groupId) });
      await navigate({ to: '/groups/$groupId/meetings/$meetingId', params: { groupId, meetingId: meeting.id } });
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-meeting-heading">
      <form onSubmit={onSubmit((values) => create.mutate(values))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-meeting-heading">
            {t('Call a meeting')}
          </Title>
          <FormAlert message={formError} />
          <TextInput label={t('Title')} required {...form.getInputProps('title')} />
          <TextInput label={t('Starts at')} type="datetime-local" required {...form.getInputProps('starts_at')} />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput label={t('Place')} {...form.getInputProps('place')} />
            <TextInput label={t('Link to the call')} type="url" placeholder="https://" {...form.getInputProps('link')} />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('Call meeting')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function MeetingsPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: meetings } = useSuspenseQuery(meetingListQuery(groupId));
  usePageTitle(t('Meetings · {group}', { group: group.name }));
  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>{t('Meetings')}</Title>
        <AnchorLink to="/groups/$groupId/decisions" params={{ groupId }}>
          {t('Decision log')}
        </AnchorLink>
      </Group>
      {meetings.items.length === 0 ? (
        <Text c="dimmed">{t('No meetings yet.')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {meetings.items.map((meeting) => (
            <Paper withBorder p="sm" component="li" key={meeting.id}>
              <AnchorLink
                to="/groups/$groupId/meetings/$meetingId"
                params={{ groupId, meetingId: meeting.id }}
                fw={600}
                className="break-anywhere"
              >
                {meeting.title}
              </AnchorLink>
              <Text size="sm" c="dimmed" className="break-anywhere">
                {meeting.place
                  ? t('{when} · {place}', { when: formatDateTime(meeting.starts_at), place: meeting.place })
                  : formatDateTime(meeting.starts_at)}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      {can(group, 'votes:manage') && <NewMeetingForm groupId={groupId} />}
    </Stack>
  );
}
