import { Badge, Card, Group, NativeSelect, ScrollArea, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { groupQuery } from '../../api/groups';
import { storyBoardQuery, storyKeys, updateStory, type Story, type StoryStatus } from '../../api/stories';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink, ButtonLink } from '../../app/links';
import { notify } from '../../app/notify';
import { usePageTitle } from '../../app/usePageTitle';
import { can } from '../../shared/permissions';
import { useMembers } from '../../shared/useMembers';
import { STORY_STATUSES, isStoryStatus, storyStatusLabel } from './labels';

const route = getRouteApi('/_app/groups/$groupId/stories');

function StoryCard({ story, groupId, canEdit }: { story: Story; groupId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const members = useMembers(groupId);
  const move = useMutation({
    mutationFn: (status: StoryStatus) => updateStory(groupId, story.id, { status, version: story.version }),
    onSuccess: async (saved) => {
      notify({ message: t('“{headline}” moved to {status}.', { headline: saved.headline, status: storyStatusLabel(saved.status) }) });
      await queryClient.invalidateQueries({ queryKey: storyKeys.all(groupId) });
    },
    onError: async () => {
      await queryClient.invalidateQueries({ queryKey: storyKeys.all(groupId) });
    },
  });
  const assignee = story.assignee_id ? members.names.get(story.assignee_id) : undefined;
  return (
    <Card component="li" withBorder padding="sm" data-testid="story-card">
      <Stack gap={6}>
        <AnchorLink
          to="/groups/$groupId/stories/$storyId"
          params={{ groupId, storyId: story.id }}
          fw={600}
          className="break-anywhere"
        >
          {story.headline}
        </AnchorLink>
        <Group gap={4}>
          {story.is_tip && (
            <Badge size="sm" color="grape.8" variant="light" style={{ textTransform: 'none' }}>
              {t('Tip')}
            </Badge>
          )}
          {story.conversation_id && (
            <Badge size="sm" color="indigo.8" variant="light" style={{ textTransform: 'none' }}>
              {t('From a conversation')}
            </Badge>
          )}
          {assignee && (
            <Text size="xs" c="dimmed">
              {t('Writing: {name}', { name: assignee })}
            </Text>
          )}
        </Group>
        {canEdit && (
          <NativeSelect
            size="xs"
            aria-label={t('Status of “{headline}”', { headline: story.headline })}
            value={story.status}
            disabled={move.isPending}
            data={STORY_STATUSES.map((status) => ({ value: status, label: storyStatusLabel(status) }))}
            onChange={(event) => {
              const status = event.currentTarget.value;
              if (isStoryStatus(status) && status !== story.status) move.mutate(status);
            }}
          />
        )}
        {move.isError && <FormAlert message={errorMessage(move.error)} />}
      </Stack>
    </Card>
  );
}

function Column({ status, stories, groupId, canEdit }: { status: StoryStatus; stories: Story[]; groupId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack component="section" gap="xs" aria-labelledby={`column-${status}`} w={{ base: '100%', sm: 240 }} style={{ flexShrink: 0 }}>
      <Title order={2} size="h4" id={`column-${status}`}>
        {t('{status} ({total, number})', { status: storyStatusLabel(status), total: stories.length })}
      </Title>
      {stories.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('No stories here.')}
        </Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {stories.map((story) => (
            <StoryCard key={story.id} story={story} groupId={groupId} canEdit={canEdit} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** The story pool by status: columns on a wide screen, one status at a time on a phone. */
export function StoryBoardPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Stories · {group}', { group: group.name }));
  // eslint-disable-next-line i18next/no-literal-string -- a media query (Mantine's `sm`), not words
  const wide = useMediaQuery('(min-width: 48em)', true);
  const stories = useQuery(storyBoardQuery(groupId));
  const canEdit = can(group, 'bulletins:edit');
  const byStatus = (status: StoryStatus) => (stories.data ?? []).filter((story) => story.status === status);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={1}>{t('Stories')}</Title>
        {can(group, 'stories:propose') && (
          <ButtonLink to="/groups/$groupId/stories/new" params={{ groupId }}>
            {t('Propose a story')}
          </ButtonLink>
        )}
      </Group>
      <Text c="dimmed" size="sm">
        {t('The pool the editorial meeting works from: ideas, drafts and anonymous tips.')}
      </Text>
      {stories.isPending && <Skeleton height={160} />}
      {stories.isError && <FormAlert message={errorMessage(stories.error)} />}
      {stories.isSuccess &&
        (wide ? (
          <ScrollArea type="auto" offsetScrollbars>
            <Group align="flex-start" wrap="nowrap" gap="md">
              {STORY_STATUSES.map((status) => (
                <Column key={status} status={status} stories={byStatus(status)} groupId={groupId} canEdit={canEdit} />
              ))}
            </Group>
          </ScrollArea>
        ) : (
          <Tabs defaultValue="idea" keepMounted={false}>
            <ScrollArea type="auto" offsetScrollbars>
              <Tabs.List style={{ flexWrap: 'nowrap' }} aria-label={t('Status')}>
                {STORY_STATUSES.map((status) => (
                  <Tabs.Tab key={status} value={status}>
                    {t('{status} ({total, number})', { status: storyStatusLabel(status), total: byStatus(status).length })}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
            </ScrollArea>
            {STORY_STATUSES.map((status) => (
              <Tabs.Panel key={status} value={status} pt="sm">
                <Column status={status} stories={byStatus(status)} groupId={groupId} canEdit={canEdit} />
              </Tabs.Panel>
            ))}
          </Tabs>
        ))}
    </Stack>
  );
}
