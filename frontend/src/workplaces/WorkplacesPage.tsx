import { Badge, Button, Card, CloseButton, Group, Modal, Progress, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useQueries, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { useUrlText } from '../shared/useUrlText';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import { coverageQuery, workplacesQuery, type WorkplaceCoverage } from '../api/workplaces';
import { formatCount } from '../lib/format';
import { percent } from './chart';
import { WorkplaceForm } from './WorkplaceForm';

const route = getRouteApi('/_app/groups/$groupId/workplaces');

/** How much of a workplace is on the map, as its wall chart counts it. */
function Coverage({ coverage, loading }: { coverage: WorkplaceCoverage | undefined; loading: boolean }) {
  const { t } = useTranslation();
  if (coverage === undefined) return loading ? <Skeleton height={34} width={220} /> : null;
  return (
    <Stack gap={2} data-testid="workplace-coverage" style={{ minWidth: 0 }}>
      <Text size="sm">
        {coverage.coverage === null
          ? t('{contacts, plural, one {# contact known} other {# contacts known}}', { contacts: coverage.contacts })
          : t('Coverage {percent}: {known} of about {headcount, plural, one {# worker} other {# workers}} known', {
              percent: percent(coverage.coverage),
              known: formatCount(coverage.contacts),
              headcount: coverage.headcount ?? 0,
            })}
      </Text>
      {coverage.coverage !== null && (
        <Progress value={Math.min(100, coverage.coverage * 100)} size="sm" color="indigo.8" aria-hidden="true" maw={280} />
      )}
      <Text size="xs" c="dimmed">
        {t('{assessed} assessed · {recent} talked to in the last 30 days', {
          assessed: formatCount(coverage.assessed),
          recent: formatCount(coverage.talked_to_30_days),
        })}
      </Text>
    </Stack>
  );
}

export function WorkplacesPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { q } = route.useSearch();
  const routeNavigate = route.useNavigate();
  const navigate = useNavigate();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Workplaces · {group}', { group: group.name }));
  const [adding, add] = useDisclosure(false);
  const search = useUrlText(q, (value) => void routeNavigate({ search: value ? { q: value } : {}, replace: true }));
  const workplaces = useInfiniteQuery(workplacesQuery(groupId, q ?? ''));
  const pages = workplaces.data?.pages ?? [];
  const items = pages.flatMap((page) => page.items);
  // One coverage request per page of workplaces, so it never asks for more than a page holds.
  const coverage = useQueries({
    queries: pages.map((page) => coverageQuery(groupId, page.items.map((workplace) => workplace.id))),
    combine: (results) => {
      const all = new Map<string, WorkplaceCoverage>();
      for (const result of results) for (const [id, item] of result.data ?? []) all.set(id, item);
      return { all, loading: results.some((result) => result.isPending) };
    },
  });
  const canWrite = can(group, 'workplaces:write');

  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Title order={1}>{t('Workplaces')}</Title>
        {canWrite && <Button onClick={add.open}>{t('Add workplace')}</Button>}
      </Group>
      <TextInput
        label={t('Search')}
        placeholder={t('Name, employer, address or postcode')}
        type="search"
        value={search.value}
        onChange={(event) => search.onChange(event.currentTarget.value)}
        rightSection={search.value !== '' ? <CloseButton aria-label={t('Clear search')} onClick={() => search.onChange('')} /> : null}
      />

      {workplaces.isPending ? (
        <Stack gap="xs" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={86} />
          ))}
        </Stack>
      ) : workplaces.isError ? (
        <FormAlert message={errorMessage(workplaces.error)} />
      ) : items.length === 0 ? (
        <Card withBorder padding="md">
          <Text>
            {q
              ? t('No workplace matches that search.')
              : canWrite
                ? t('No workplaces yet. Add the first one to start mapping who works where.')
                : t('No workplaces yet. An organiser can add them.')}
          </Text>
        </Card>
      ) : (
        <Stack gap="xs" style={{ opacity: workplaces.isPlaceholderData ? 0.6 : 1 }}>
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Workplaces')}>
            {items.map((workplace) => (
              <Card component="li" key={workplace.id} withBorder padding="sm">
                <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <AnchorLink
                      to="/groups/$groupId/workplaces/$workplaceId"
                      params={{ groupId, workplaceId: workplace.id }}
                      search={{}}
                      fw={600}
                      size="lg"
                      className="break-anywhere"
                    >
                      {workplace.name}
                    </AnchorLink>
                    <Text size="sm" c="dimmed" className="break-anywhere">
                      {[workplace.employer, workplace.sector, workplace.postcode].filter(Boolean).join(' · ') ||
                        t('No details yet')}
                    </Text>
                    <Coverage coverage={coverage.all.get(workplace.id)} loading={coverage.loading} />
                  </Stack>
                  <Group gap={6}>
                    {workplace.estimated_headcount !== null && (
                      <Badge color="gray.8" variant="outline" style={{ textTransform: 'none' }}>
                        {t('About {headcount, plural, one {# worker} other {# workers}}', {
                          headcount: workplace.estimated_headcount,
                        })}
                      </Badge>
                    )}
                    {workplace.unions.map((union) => (
                      <Badge key={union} color="indigo.9" variant="light" style={{ textTransform: 'none' }}>
                        {union}
                      </Badge>
                    ))}
                  </Group>
                </Group>
              </Card>
            ))}
          </Stack>
          {workplaces.hasNextPage && (
            <Button
              variant="default"
              loading={workplaces.isFetchingNextPage}
              onClick={() => void workplaces.fetchNextPage()}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('Show more workplaces')}
            </Button>
          )}
        </Stack>
      )}

      <Modal opened={adding} onClose={add.close} title={t('New workplace')} size="lg">
        {adding && (
          <WorkplaceForm
            groupId={groupId}
            onCancel={add.close}
            onDone={(workplace) => {
              add.close();
              void navigate({
                to: '/groups/$groupId/workplaces/$workplaceId',
                params: { groupId, workplaceId: workplace.id },
                search: {},
              });
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
