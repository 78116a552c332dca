import { useMemo } from 'react';
import {
  Accordion,
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
import { formatCount } from '../lib/format';
import { ButtonLink } from '../app/links';
import { groupQuery } from '../api/groups';
import { disputeBoardQuery, disputeListQuery, workplaceOptionsQuery } from '../api/disputes';
import { DisputeCard } from './DisputeCard';
import { FilterPanel } from '../shared/FilterPanel';
import { SearchField } from '../shared/SearchField';
import { ACTIVE_STATUSES, ALL_STATUSES, CLOSED_STATUSES, DISPUTE_STATUS_LABELS } from '../shared/disputeLabels';
import { can } from '../shared/permissions';
import { DISPUTE_SORTS, disputeSortLabel, type DisputeSearch, type DisputeSort } from './search';
import type { DisputeStatus, DisputeSummary } from '../api/disputeTypes';

const route = getRouteApi('/_app/groups/$groupId/disputes');

export function DisputesPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Disputes · {group}', { group: group.name }));
  const view = search.view ?? 'board';
  const canEdit = can(group, 'disputes:write');
  const workplaces = useQuery(workplaceOptionsQuery(groupId));
  const workplaceNames = useMemo(
    () => new Map((workplaces.data ?? []).map((w) => [w.id, w.name])),
    [workplaces.data],
  );

  // Choosing a filter is a step back can undo; typing a search only updates the address.
  const setSearch = (change: Partial<DisputeSearch>, replace = false) =>
    void navigate({ search: (prev) => ({ ...prev, ...change }), replace });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4}>
          <Title order={1}>{t('Disputes')}</Title>
          <Text c="dimmed">{t('Case files for every dispute, from first grumbles to the settlement.')}</Text>
        </Stack>
        {canEdit && (
          <ButtonLink to="/groups/$groupId/disputes/new" params={{ groupId }}>
            {t('New dispute')}
          </ButtonLink>
        )}
      </Group>

      <Stack gap="sm">
        <SegmentedControl
          aria-label={t('Show disputes as')}
          value={view}
          onChange={(value) =>
            void navigate({ search: (prev) => ({ ...prev, view: value === 'list' ? 'list' : undefined }) })
          }
          data={[
            { value: 'board', label: t('Board by status') },
            { value: 'list', label: t('List') },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
        <FilterPanel
          active={[search.q, search.workplace, search.union, view === 'list' ? search.status : undefined].filter(Boolean).length}
        >
          <Filters
            search={search}
            view={view}
            workplaceOptions={(workplaces.data ?? []).map((w) => ({ value: w.id, label: w.name }))}
            unionOptions={Array.from(new Set((workplaces.data ?? []).flatMap((w) => w.unions))).sort()}
            onChange={setSearch}
          />
        </FilterPanel>
      </Stack>

      {view === 'board' ? (
        <Board groupId={groupId} search={search} workplaceNames={workplaceNames} canEdit={canEdit} />
      ) : (
        <List groupId={groupId} search={search} workplaceNames={workplaceNames} canEdit={canEdit} />
      )}
    </Stack>
  );
}

interface FiltersProps {
  search: DisputeSearch;
  view: 'board' | 'list';
  workplaceOptions: { value: string; label: string }[];
  unionOptions: string[];
  onChange: (change: Partial<DisputeSearch>, replace?: boolean) => void;
}

function Filters({ search, view, workplaceOptions, unionOptions, onChange }: FiltersProps) {
  const { t } = useTranslation();
  const unions = search.union && !unionOptions.includes(search.union) ? [...unionOptions, search.union] : unionOptions;

  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: view === 'list' ? 5 : 3 }} spacing="sm">
      <SearchField label={t('Search')} placeholder={t('Title or summary')} value={search.q} onSearch={(q) => onChange({ q }, true)} />
      <Select
        label={t('Workplace')}
        placeholder={t('All workplaces')}
        data={workplaceOptions}
        value={search.workplace ?? null}
        onChange={(value) => onChange({ workplace: value ?? undefined })}
        searchable
        clearable
      />
      <Select
        label={t('Union')}
        placeholder={t('All unions')}
        data={unions}
        value={search.union ?? null}
        onChange={(value) => onChange({ union: value ?? undefined })}
        searchable
        clearable
      />
      {view === 'list' && (
        <>
          <MultiSelect
            label={t('Status')}
            placeholder={search.status ? undefined : t('Any status')}
            data={ALL_STATUSES.map((status) => ({ value: status, label: DISPUTE_STATUS_LABELS[status] }))}
            value={search.status ?? []}
            onChange={(value) => onChange({ status: value.length > 0 ? (value as DisputeStatus[]) : undefined })}
            clearable
          />
          <Select
            label={t('Sort by')}
            data={DISPUTE_SORTS.map((sort) => ({ value: sort, label: disputeSortLabel(sort) }))}
            value={search.sort ?? '-updated_at'}
            onChange={(value) =>
              onChange({ sort: value === null || value === '-updated_at' ? undefined : (value as DisputeSort) })
            }
            allowDeselect={false}
          />
        </>
      )}
    </SimpleGrid>
  );
}

interface ViewProps {
  groupId: string;
  search: DisputeSearch;
  workplaceNames: Map<string, string>;
  canEdit: boolean;
}

function filtered(search: DisputeSearch): boolean {
  return Boolean(search.q ?? search.workplace ?? search.union ?? search.status);
}

function EmptyState({ groupId, search, canEdit }: { groupId: string; search: DisputeSearch; canEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm" align="flex-start">
        {filtered(search) ? (
          <Text>{t('No dispute matches these filters. Clear a filter to see more.')}</Text>
        ) : (
          <Text>
            {t(
              'No disputes yet. When a grievance starts to bring people together, open a case file to track its demands, people, timeline and ballots.',
            )}
          </Text>
        )}
        {canEdit && !filtered(search) && (
          <ButtonLink to="/groups/$groupId/disputes/new" params={{ groupId }}>
            {t('Open the first dispute')}
          </ButtonLink>
        )}
      </Stack>
    </Paper>
  );
}

function Board({ groupId, search, workplaceNames, canEdit }: ViewProps) {
  const { t } = useTranslation();
  const filters = {
    ...(search.q ? { q: search.q } : {}),
    ...(search.workplace ? { workplace: search.workplace } : {}),
    ...(search.union ? { union: search.union } : {}),
  };
  const board = useQuery(disputeBoardQuery(groupId, filters));

  if (board.isPending) {
    return (
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" aria-busy="true">
        {ACTIVE_STATUSES.map((status) => (
          <Skeleton key={status} height={180} />
        ))}
      </SimpleGrid>
    );
  }
  if (board.isError) return <FormAlert message={errorMessage(board.error)} />;
  if (board.data.length === 0) return <EmptyState groupId={groupId} search={search} canEdit={canEdit} />;

  const byStatus = new Map<DisputeStatus, DisputeSummary[]>();
  for (const dispute of board.data) {
    byStatus.set(dispute.status, [...(byStatus.get(dispute.status) ?? []), dispute]);
  }
  const closed = CLOSED_STATUSES.flatMap((status) => byStatus.get(status) ?? []);

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        {ACTIVE_STATUSES.map((status) => {
          const items = byStatus.get(status) ?? [];
          const headingId = `column-${status}`;
          return (
            <Paper
              key={status}
              withBorder
              p="xs"
              bg="gray.0"
              component="section"
              aria-labelledby={headingId}
              data-testid={`board-column-${status}`}
            >
              <Title order={2} size="h5" id={headingId} mb="xs">
                {DISPUTE_STATUS_LABELS[status]}{' '}
                <Text span c="dimmed" fw={400} size="sm">
                  ({formatCount(items.length)})
                </Text>
              </Title>
              <Stack gap="xs">
                {items.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('None')}
                  </Text>
                ) : (
                  items.map((dispute) => (
                    <DisputeCard
                      key={dispute.id}
                      groupId={groupId}
                      dispute={dispute}
                      workplaceNames={workplaceNames}
                      canMove={canEdit}
                    />
                  ))
                )}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
      <Accordion variant="contained" chevronPosition="left">
        <Accordion.Item value="closed">
          <Accordion.Control>
            {t('Settled and dropped ({disputes})', { disputes: formatCount(closed.length) })}
          </Accordion.Control>
          <Accordion.Panel>
            {closed.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('No dispute has been settled or dropped yet.')}
              </Text>
            ) : (
              <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
                {closed.map((dispute) => (
                  <DisputeCard
                    key={dispute.id}
                    groupId={groupId}
                    dispute={dispute}
                    workplaceNames={workplaceNames}
                    showStatus
                    canMove={canEdit}
                  />
                ))}
              </SimpleGrid>
            )}
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}

function List({ groupId, search, workplaceNames, canEdit }: ViewProps) {
  const { t } = useTranslation();
  const filters = {
    ...(search.status ? { status: search.status } : {}),
    ...(search.q ? { q: search.q } : {}),
    ...(search.workplace ? { workplace: search.workplace } : {}),
    ...(search.union ? { union: search.union } : {}),
    ...(search.sort ? { sort: search.sort } : {}),
  };
  const list = useInfiniteQuery(disputeListQuery(groupId, filters));

  if (list.isPending) {
    return (
      <Stack gap="sm" aria-busy="true">
        <Skeleton height={90} />
        <Skeleton height={90} />
        <Skeleton height={90} />
      </Stack>
    );
  }
  if (list.isError) return <FormAlert message={errorMessage(list.error)} />;
  const items = list.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <EmptyState groupId={groupId} search={search} canEdit={canEdit} />;

  return (
    <Stack gap="sm">
      <VisuallyHidden role="status">
        {t('{disputes, plural, one {# dispute shown} other {# disputes shown}}', { disputes: items.length })}
      </VisuallyHidden>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Disputes')}>
        {items.map((dispute) => (
          <li key={dispute.id}>
            <DisputeCard
              groupId={groupId}
              dispute={dispute}
              workplaceNames={workplaceNames}
              showStatus
              canMove={canEdit}
            />
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
          {t('Show more disputes')}
        </Button>
      )}
    </Stack>
  );
}
