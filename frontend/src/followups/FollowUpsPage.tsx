import { useState } from 'react';
import { Button, Card, Collapse, Group, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { useAuth } from '../shared/session';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import { useMembers } from '../shared/useMembers';
import { followUpsQuery, type FollowUpView } from '../api/followups';
import { FollowUpList } from '../shared/FollowUpList';
import { NewFollowUpForm } from '../shared/NewFollowUpForm';

const route = getRouteApi('/_app/groups/$groupId/follow-ups');

const EMPTY: Record<FollowUpView, string> = {
  mine: 'Nothing for you to follow up. Follow-ups you add when logging a conversation appear here.',
  everyone: 'Nobody in the group has an open follow-up.',
  done: 'Nothing has been ticked off yet.',
};

const LABELS: Record<FollowUpView, string> = {
  mine: 'Your open follow-ups',
  everyone: 'Everyone’s open follow-ups',
  done: 'Done follow-ups',
};

function FollowUpsView({ groupId, view, canEdit }: { groupId: string; view: FollowUpView; canEdit: boolean }) {
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
  if (items.length === 0) return <Text c="dimmed">{EMPTY[view]}</Text>;
  return (
    <Stack gap="sm">
      {view !== 'done' && (
        <Text size="sm" c="dimmed">
          Overdue first, then by due date; those without a date come last.
        </Text>
      )}
      <FollowUpList groupId={groupId} items={items} names={members.names} canEdit={canEdit} label={LABELS[view]} />
      {followUps.hasNextPage && (
        <Button
          variant="default"
          loading={followUps.isFetchingNextPage}
          onClick={() => void followUps.fetchNextPage()}
          style={{ alignSelf: 'flex-start' }}
        >
          Show more
        </Button>
      )}
    </Stack>
  );
}

export function FollowUpsPage() {
  const { groupId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const auth = useAuth();
  useDocumentTitle(`Follow-ups · ${group.name} · Shopfloor`);
  const view: FollowUpView = search.view ?? 'mine';
  const canEdit = can(group, 'followups:write');
  const [adding, setAdding] = useState(false);

  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Title order={1}>Follow-ups</Title>
        {canEdit && (
          <Button variant={adding ? 'default' : 'filled'} onClick={() => setAdding((open) => !open)} aria-expanded={adding}>
            {adding ? 'Close' : 'Add a follow-up'}
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
          <Tabs.Tab value="mine">Mine</Tabs.Tab>
          <Tabs.Tab value="everyone">Everyone’s</Tabs.Tab>
          <Tabs.Tab value="done">Done</Tabs.Tab>
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
