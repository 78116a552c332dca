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
import { useInfiniteQuery, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { usePageTitle } from '../app/usePageTitle';
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
import { ACTION_KINDS, actionKindLabel, type ActionKind } from './labels';
import type { ActionSearch } from './search';

const route = getRouteApi('/_app/groups/$groupId/actions');

export function ActionsPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Solidarity actions · {group}', { group: group.name }));
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
    disputeOptions.push({ value: search.dispute, label: t('This dispute') });
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4}>
          <Title order={1}>{t('Solidarity actions')}</Title>
          <Text c="dimmed">
            {t('Picket visits, donations, collections, motions and more, for our disputes and others’.')}
          </Text>
        </Stack>
        {canEdit && (
          <ButtonLink
            to="/groups/$groupId/actions/new"
            params={{ groupId }}
            search={search.dispute ? { dispute: search.dispute } : {}}
          >
            {t('Record an action')}
          </ButtonLink>
        )}
      </Group>

      <Stack gap="sm">
        <SegmentedControl
          aria-label={t('Show actions as')}
          value={view}
          onChange={(value) =>
            void navigate({ search: (prev) => ({ ...prev, view: value === 'calendar' ? 'calendar' : undefined }) })
          }
          data={[
            { value: 'list', label: t('List') },
            { value: 'calendar', label: t('Calendar') },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
        <FilterPanel active={[search.dispute, search.kind, search.q].filter(Boolean).length}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            <Select
              label={t('Dispute')}
              placeholder={t('All disputes')}
              data={disputeOptions}
              value={search.dispute ?? null}
              onChange={(value) => setSearch({ dispute: value ?? undefined })}
              searchable
              clearable
            />
            <MultiSelect
              label={t('Type')}
              placeholder={search.kind ? undefined : t('All types')}
              data={ACTION_KINDS.map((kind) => ({ value: kind, label: actionKindLabel(kind) }))}
              value={search.kind ?? []}
              onChange={(value) => setSearch({ kind: value.length > 0 ? (value as ActionKind[]) : undefined })}
              clearable
            />
            <SearchField
              label={t('Search')}
              placeholder={t('Title, place, outcome or notes')}
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
  const { t } = useTranslation();
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
              ? t('No action matches these filters. Clear a filter to see more.')
              : t(
                  'No solidarity actions recorded yet. Record picket visits, donations, collections and motions to see what the group has done and raised.',
                )}
          </Text>
          {canEdit && !filtered && (
            <ButtonLink to="/groups/$groupId/actions/new" params={{ groupId }}>
              {t('Record the first action')}
            </ButtonLink>
          )}
        </Stack>
      </Paper>
    );
  }

  return (
    <Stack gap="sm">
      <TotalRaised total={total} label={filtered ? t('Raised by the actions shown') : t('Raised by all actions')} />
      <VisuallyHidden role="status">
        {t('{actions, plural, one {# action shown} other {# actions shown}}', { actions: items.length })}
      </VisuallyHidden>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Solidarity actions')}>
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
          {t('Show more actions')}
        </Button>
      )}
    </Stack>
  );
}
