import { useState } from 'react';
import { Alert, Button, Group, MultiSelect, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import Markdown from 'react-markdown';
import { errorMessage } from '../../api/errors';
import { groupQuery } from '../../api/groups';
import { disputeBoardQuery } from '../../api/disputes';
import { allWorkplacesQuery } from '../../api/workplaces';
import {
  createStory,
  deleteStory,
  storyKeys,
  storyQuery,
  updateStory,
  type Story,
  type StoryStatus,
} from '../../api/stories';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { notify } from '../../app/notify';
import { usePageTitle } from '../../app/usePageTitle';
import type { GroupDetail } from '../../api/types';
import { newIdempotencyKey } from '../../shared/idempotency';
import { can } from '../../shared/permissions';
import { useMembers } from '../../shared/useMembers';
import { useApiForm } from '../../shared/useApiForm';
import { STORY_STATUSES, isStoryStatus, storyStatusLabel } from './labels';

interface StoryFields {
  headline: string;
  body: string;
  status: StoryStatus;
  assignee_id: string | null;
  dispute_id: string | null;
  workplace_ids: string[];
  source_notes: string;
}

function fieldsOf(story: Story | undefined): StoryFields {
  return {
    headline: story?.headline ?? '',
    body: story?.body ?? '',
    status: story?.status ?? 'idea',
    assignee_id: story?.assignee_id ?? null,
    dispute_id: story?.dispute_id ?? null,
    workplace_ids: story?.workplace_ids ?? [],
    source_notes: story?.source_notes ?? '',
  };
}

function StoryForm({ group, story }: { group: GroupDetail; story?: Story }) {
  const { t } = useTranslation();
  const groupId = group.id;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useMembers(groupId);
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const disputes = useQuery(disputeBoardQuery(groupId));
  const [idempotencyKey] = useState(newIdempotencyKey);
  const canEdit = can(group, 'bulletins:edit');
  const { form, formError, onSubmit, showError } = useApiForm<StoryFields>({
    mode: 'controlled',
    initialValues: fieldsOf(story),
    validate: {
      headline: (value) =>
        value.trim() === ''
          ? t('Give the story a headline')
          : value.trim().length > 200
            ? t('Use at most {characters, plural, one {# character} other {# characters}}', { characters: 200 })
            : null,
    },
  });
  const fields = form.values;
  const set = (change: Partial<StoryFields>) => form.setValues(change);

  const save = useMutation({
    mutationFn: async (values: StoryFields) => {
      const words = {
        headline: values.headline,
        body: values.body || null,
        dispute_id: values.dispute_id,
        workplace_ids: values.workplace_ids,
        source_notes: values.source_notes || null,
      };
      const editorial = canEdit ? { status: values.status, assignee_id: values.assignee_id } : {};
      if (story === undefined) {
        return createStory(groupId, { ...words, status: 'idea', ...editorial }, idempotencyKey);
      }
      // Only what changed, so a member's save never touches what they may not set.
      const before = fieldsOf(story);
      const changed = Object.fromEntries(
        Object.entries({ ...words, ...editorial }).filter(
          ([name, value]) => JSON.stringify(value) !== JSON.stringify(before[name as keyof StoryFields] || null),
        ),
      );
      return updateStory(groupId, story.id, { ...changed, version: story.version });
    },
    onSuccess: async (saved) => {
      notify({ message: t('Story saved.') });
      await queryClient.invalidateQueries({ queryKey: storyKeys.all(groupId) });
      queryClient.setQueryData(storyKeys.detail(groupId, saved.id), saved);
      await navigate({ to: '/groups/$groupId/stories', params: { groupId } });
    },
    onError: showError,
  });

  const remove = useMutation({
    mutationFn: () => (story ? deleteStory(groupId, story.id, story.version) : Promise.resolve(undefined)),
    onSuccess: async () => {
      notify({ message: t('Story deleted.') });
      await queryClient.invalidateQueries({ queryKey: storyKeys.all(groupId) });
      await navigate({ to: '/groups/$groupId/stories', params: { groupId } });
    },
  });

  return (
    <form onSubmit={onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        <FormAlert message={formError} />
        {story?.is_tip && (
          <Alert color="grape" variant="light">
            {t('Sent anonymously through the tip page. Nothing is known about who sent it.')}
          </Alert>
        )}
        <TextInput label={t('Headline')} required maxLength={200} {...form.getInputProps('headline')} />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Textarea
            label={t('Draft')}
            description={t('Markdown: **bold**, *italic*, - lists, # headings.')}
            autosize
            minRows={8}
            {...form.getInputProps('body')}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="story-preview">
              {t('Preview')}
            </Text>
            <Paper withBorder p="sm" aria-labelledby="story-preview" role="region" mih={120} className="break-anywhere">
              {fields.body.trim() ? (
                <Markdown>{fields.body}</Markdown>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('Nothing written yet.')}
                </Text>
              )}
            </Paper>
          </Stack>
        </SimpleGrid>
        {canEdit && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('Status')}
              data={STORY_STATUSES.map((status) => ({ value: status, label: storyStatusLabel(status) }))}
              {...form.getInputProps('status')}
              value={fields.status}
              allowDeselect={false}
              onChange={(value) => {
                if (isStoryStatus(value)) set({ status: value });
              }}
            />
            <Select
              label={t('Who is writing it')}
              data={members.options}
              {...form.getInputProps('assignee_id')}
              value={fields.assignee_id}
              clearable
              searchable
              onChange={(value) => set({ assignee_id: value })}
            />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <MultiSelect
            label={t('Workplaces it concerns')}
            data={(workplaces.data ?? []).map((workplace) => ({ value: workplace.id, label: workplace.name }))}
            {...form.getInputProps('workplace_ids')}
            value={fields.workplace_ids}
            searchable
            onChange={(value) => set({ workplace_ids: value })}
          />
          <Select
            label={t('Dispute it concerns')}
            data={(disputes.data ?? []).map((dispute) => ({ value: dispute.id, label: dispute.title }))}
            {...form.getInputProps('dispute_id')}
            value={fields.dispute_id}
            clearable
            searchable
            onChange={(value) => set({ dispute_id: value })}
          />
        </SimpleGrid>
        {story !== undefined && story.has_source_notes && story.source_notes === null ? (
          <Text size="sm" c="dimmed">
            {t('This story has source notes; only those who edit bulletins and its proposer can read them.')}
          </Text>
        ) : (
          <Textarea
            label={t('Source notes (private)')}
            description={t('Who gave the story and how to reach them. Never printed; only those who edit bulletins and you can read them.')}
            autosize
            minRows={2}
            {...form.getInputProps('source_notes')}
          />
        )}
        {remove.isError && <FormAlert message={errorMessage(remove.error)} />}
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Button type="submit" loading={save.isPending}>
              {story === undefined ? t('Propose story') : t('Save story')}
            </Button>
            <AnchorLink to="/groups/$groupId/stories" params={{ groupId }}>
              {t('Back to the board')}
            </AnchorLink>
          </Group>
          {story !== undefined && canEdit && (
            <Button
              color="red"
              variant="light"
              loading={remove.isPending}
              onClick={() => {
                if (globalThis.confirm(t('Delete this story for good? Spike it instead to keep it in the pool.'))) remove.mutate();
              }}
            >
              {t('Delete story')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

const newRoute = getRouteApi('/_app/groups/$groupId/stories/new');
const editRoute = getRouteApi('/_app/groups/$groupId/stories/$storyId');

export function NewStoryPage() {
  const { t } = useTranslation();
  const { groupId } = newRoute.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Propose a story · {group}', { group: group.name }));
  return (
    <Stack gap="md">
      <Title order={1}>{t('Propose a story')}</Title>
      <StoryForm group={group} />
    </Stack>
  );
}

export function StoryPage() {
  const { t } = useTranslation();
  const { groupId, storyId } = editRoute.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: story } = useSuspenseQuery(storyQuery(groupId, storyId));
  usePageTitle(t('{headline} · {group}', { headline: story.headline, group: group.name }));
  return (
    <Stack gap="md">
      <Title order={1} className="break-anywhere">
        {story.headline}
      </Title>
      <StoryForm key={`${story.id}-${story.version}`} group={group} story={story} />
    </Stack>
  );
}
