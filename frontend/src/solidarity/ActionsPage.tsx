import {
  Button,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useInfiniteQuery, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { ButtonLink } from '../app/links';
import { disputeBoardQuery } from '../api/disputes';
import { FilterPanel } from '../shared/FilterPanel';
import { SearchField } from '../shared/SearchField';
import { can } from '../shared/permissions';
import { groupQuery } from '../api/groups';
import { actionListQuery, type ActionFilters } from '../api/solidarity';
import { ActionCalendar } from './ActionCalendar';
import { ActionCard } from './ActionCard';
import { TotalRaised } from './TotalRaised';
import { ACTION_KINDS, ACTION_KIND_LABELS, type ActionKind } from './labels';
import type { ActionSearch } from './search';

const route = getRouteApi('/_app/groups/$groupId/actions');

export function ActionsPage() {
  const { groupId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  useDocumentTitle(`Solidarity actions · ${group.name} · Shopfloor`);
  const view = search.view ?? 'list';
  const canEdit = can(group, 'actions:write');
  const disputes = useQuery(disputeBoardQuery(groupId));

  // Choosing a filter is a step back can undo; typing a search only updates the address.
  const setSearch = (change: Partial<ActionSearch>, replace = false) =>
    void navigate({ search: (prev) => ({ ...prev, ...change }), replace });

  const filters: ActionFilters = {
    ...(search.kind ? { kind: search.kind } : {}),
    ...(search.dispute ? { dispute: search.dispute } : {}),
    ...(search.q ? { q: search.q } : {}),
  };
  const disputeOptions = (disputes.data ?? []).map((d) => ({ value: d.id, label: d.title }));
  if (search.dispute && !disputeOptions.some((option) => option.value === search.dispute)) {
    disputeOptions.push({ value: search.dispute, label: 'This dispute' });
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4}>
          <Title order={1}>Solidarity actions</Title>
          <Text c="dimmed">Picket visits, donations, collections, motions and more, for our disputes and others’.</Text>
        </Stack>
        {canEdit && (
          <ButtonLink
            to="/groups/$groupId/actions/new"
            params={{ groupId }}
            search={search.dispute ? { dispute: search.dispute } : {}}
          >
            Record an action
          </ButtonLink>
        )}
      </Group>

      <Stack gap="sm">
        <SegmentedControl
          aria-label="Show actions as"
          value={view}
          onChange={(value) =>
            void navigate({ search: (prev) => ({ ...prev, view: value === 'calendar' ? 'calendar' : undefined }) })
          }
          data={[
            { value: 'list', label: 'List' },
            { value: 'calendar', label: 'Calendar' },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
        <FilterPanel active={[search.dispute, search.kind, search.q].filter(Boolean).length}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            <Select
              label="Dispute"
              placeholder="All disputes"
              data={disputeOptions}
              value={search.dispute ?? null}
              onChange={(value) => setSearch({ dispute: value ?? undefined })}
              searchable
              clearable
            />
            <MultiSelect
              label="Type"
              placeholder={search.kind ? undefined : 'All types'}
              data={ACTION_KINDS.map((kind) => ({ value: kind, label: ACTION_KIND_LABELS[kind] }))}
              value={search.kind ?? []}
              onChange={(value) => setSearch({ kind: value.length > 0 ? (value as ActionKind[]) : undefined })}
              clearable
            />
            <SearchField
              label="Search"
              placeholder="Title, place, outcome or notes"
              value={search.q}
              onSearch={(q) => setSearch({ q }, true)}
            />
          </SimpleGrid>
        </FilterPanel>
      </Stack>

      {view === 'calendar' ? (
        <ActionCalendar
          groupId={groupId}
          filters={filters}
          month={search.month}
          onMonth={(month) => void navigate({ search: (prev) => ({ ...prev, month }) })}
        />
      ) : (
        <ActionList groupId={groupId} filters={filters} canEdit={canEdit} />
      )}
    </Stack>
  );
}

function ActionList({ groupId, filters, canEdit }: { groupId: string; filters: ActionFilters; canEdit: boolean }) {
  const list = useInfiniteQuery(actionListQuery(groupId, filters));
  const filtered = Object.keys(filters).length > 0;

  if (list.isPending) {
    return (
      <Stack gap="sm" aria-busy="true">
        <Skeleton height={70} />
        <Skeleton height={90} />
        <Skeleton height={90} />
      </Stack>
    );
  }
  if (list.isError) return <FormAlert message={errorMessage(list.error)} />;
  const items = list.data.pages.flatMap((page) => page.items);
  const total = list.data.pages[0]?.total_money_raised ?? '0';

  if (items.length === 0) {
    return (
      <Paper withBorder p="lg">
        <Stack gap="sm" align="flex-start">
          <Text>
            {filtered
              ? 'No action matches these filters. Clear a filter to see more.'
              : 'No solidarity actions recorded yet. Record picket visits, donations, collections and motions to see what the group has done and raised.'}
          </Text>
          {canEdit && !filtered && (
            <ButtonLink to="/groups/$groupId/actions/new" params={{ groupId }}>
              Record the first action
            </ButtonLink>
          )}
        </Stack>
      </Paper>
    );
  }

  return (
    <Stack gap="sm">
      <TotalRaised total={total} label={filtered ? 'Raised by the actions shown' : 'Raised by all actions'} />
      <VisuallyHidden role="status">
        {items.length} {items.length === 1 ? 'action' : 'actions'} shown
      </VisuallyHidden>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Solidarity actions">
        {items.map((action) => (
          <li key={action.id}>
            <ActionCard groupId={groupId} action={action} />
          </li>
        ))}
      </Stack>
      {list.hasNextPage && (
        <Button
          variant="default"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
          style={{ alignSelf: 'flex-start' }}
        >
          Show more actions
        </Button>
      )}
    </Stack>
  );
}
