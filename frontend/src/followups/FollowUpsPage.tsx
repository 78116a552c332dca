import { useState } from 'react';
import { Button, Card, Collapse, Group, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { usePageTitle } from '../app/usePageTitle';
import { useAuth } from '../shared/session';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import { useMembers } from '../shared/useMembers';
import { followUpsQuery, type FollowUpView } from '../api/followups';
import { FollowUpList } from '../shared/FollowUpList';
import { NewFollowUpForm } from '../shared/NewFollowUpForm';

const route = getRouteApi('/_app/groups/$groupId/follow-ups');

function emptyMessage(view: FollowUpView): string {
  switch (view) {
    case 'mine':
      return i18next.t('Nothing for you to follow up. Follow-ups you add when logging a conversation appear here.');
    case 'everyone':
      return i18next.t('Nobody in the group has an open follow-up.');
    case 'done':
      return i18next.t('Nothing has been ticked off yet.');
  }
}

function viewLabel(view: FollowUpView): string {
  switch (view) {
    case 'mine':
      return i18next.t('Your open follow-ups');
    case 'everyone':
      return i18next.t('Everyone’s open follow-ups');
    case 'done':
      return i18next.t('Done follow-ups');
  }
}

function FollowUpsView({ groupId, view, canEdit }: { groupId: string; view: FollowUpView; canEdit: boolean }) {
  const { t } = useTranslation();
  const followUps = useInfiniteQuery(followUpsQuery(groupId, view));
  const members = useMembers(groupId);
  if (followUps.isPending) {
    return (
      <Stack gap="xs" aria-busy="true">
        <Skeleton height={72} />
        <Skeleton height={72} />
        <Skeleton height={72} />
      </Stack>
    );
  }
  if (followUps.isError) return <FormAlert message={errorMessage(followUps.error)} />;
  const items = followUps.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{emptyMessage(view)}</Text>;
  return (
    <Stack gap="sm">
      {view !== 'done' && (
        <Text size="sm" c="dimmed">
          {t('Overdue first, then by due date; those without a date come last.')}
        </Text>
      )}
      <FollowUpList groupId={groupId} items={items} names={members.names} canEdit={canEdit} label={viewLabel(view)} />
      {followUps.hasNextPage && (
        <Button
          variant="default"
          loading={followUps.isFetchingNextPage}
          onClick={() => void followUps.fetchNextPage()}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('Show more')}
        </Button>
      )}
    </Stack>
  );
}

export function FollowUpsPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const auth = useAuth();
  usePageTitle(t('Follow-ups · {group}', { group: group.name }));
  const view: FollowUpView = search.view ?? 'mine';
  const canEdit = can(group, 'followups:write');
  const [adding, setAdding] = useState(false);

  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Title order={1}>{t('Follow-ups')}</Title>
        {canEdit && (
          <Button variant={adding ? 'default' : 'filled'} onClick={() => setAdding((open) => !open)} aria-expanded={adding}>
            {adding ? t('Close') : t('Add a follow-up')}
          </Button>
        )}
      </Group>
      {canEdit && (
        <Collapse in={adding}>
          <Card withBorder padding="md">
            <NewFollowUpForm groupId={groupId} myUserId={auth.user?.id ?? ''} onDone={() => setAdding(false)} />
          </Card>
        </Collapse>
      )}
      <Tabs
        value={view}
        onChange={(value) =>
          void navigate({ search: value === 'everyone' || value === 'done' ? { view: value } : {} })
        }
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="mine">{t('Mine')}</Tabs.Tab>
          <Tabs.Tab value="everyone">{t('Everyone’s')}</Tabs.Tab>
          <Tabs.Tab value="done">{t('Done')}</Tabs.Tab>
        </Tabs.List>
        {(['mine', 'everyone', 'done'] as const).map((panel) => (
          <Tabs.Panel value={panel} pt="md" key={panel}>
            {panel === view && <FollowUpsView groupId={groupId} view={panel} canEdit={canEdit} />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
