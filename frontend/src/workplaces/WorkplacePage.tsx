import { Badge, Box, Button, Card, Group, Modal, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { BulletinReach } from '../shared/BulletinReach';
import { contactsQuery, scaleQuery } from '../api/contacts';
import { ContactRow } from '../shared/ContactRow';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import {
  chartQuery,
  departmentsQuery,
  shiftsQuery,
  workplaceQuery,
  type ChartPerson,
  type Shift,
  type Workplace,
  type WorkplaceChart,
} from '../api/workplaces';
import type { Contact } from '../api/contacts';
import { LevelBadge } from '../shared/LevelBadge';
import { LanguageBadge } from '../shared/LanguageBadge';
import { formatCount, relativeTime } from '../lib/format';
import { cellKey, peopleByCell } from './chart';
import type { GridSelection } from './ChartGrid';
import { PartsManager } from './PartsManager';
import { WallChart } from './WallChart';
import { WorkplaceForm } from './WorkplaceForm';
import { LanguageSummary } from './LanguageSummary';
import { languageName } from '../lib/spokenLanguages';
import type { SpokenLanguageCode } from '../api/contacts';

const route = getRouteApi('/_app/groups/$groupId/workplaces/$workplaceId');

function Section({ id, title, children, action }: { id: string; title: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <Box component="section" aria-labelledby={id}>
      <Group justify="space-between" gap="xs" mb="xs" align="baseline">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Box>
  );
}

/** Names for the grid: the workplace's contacts, a page of 200 at a time. */
const NAMES_PAGE = 200;

function Chart({ groupId, workplace, shifts }: { groupId: string; workplace: Workplace; shifts: Shift[] }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { t } = useTranslation();
  const shift = search.shift;
  const language = search.language as SpokenLanguageCode | undefined;
  const chart = useQuery(chartQuery(groupId, workplace.id, shift, language));
  const scale = useQuery(scaleQuery(groupId));
  const departments = useQuery(departmentsQuery(groupId, workplace.id));
  // One shift's names come filtered by the API; "no shift" needs everyone, sorted here.
  const names = useInfiniteQuery(
    contactsQuery(
      groupId,
      {
        workplace: workplace.id,
        sort: 'full_name',
        ...(shift !== undefined && shift !== 'none' ? { shift } : {}),
        ...(language ? { speaks: language } : {}),
      },
      NAMES_PAGE,
    ),
  );
  const [open, setOpen] = useState<GridSelection | null>(null);
  if (chart.isPending) {
    return (
      <Stack gap="xs" aria-busy="true">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={92} />
          ))}
        </SimpleGrid>
        <Skeleton height={180} />
      </Stack>
    );
  }
  if (chart.isError) return <FormAlert message={errorMessage(chart.error)} />;
  const languages = (
    <LanguageSummary
      languages={chart.data.languages}
      selected={language}
      onSelect={(chosen) => void navigate({ search: (prev) => ({ ...prev, language: chosen }), replace: true })}
    />
  );
  if (chart.data.totals.contacts === 0 && shift === undefined) {
    return (
      <Stack gap="md">
        {language !== undefined && languages}
        <Card withBorder padding="md">
          <Text>
            {language !== undefined
              ? t('Nobody on the map here speaks {language}.', { language: languageName(language) })
              : t(
                  'Nobody is on the map here yet. Log a conversation with someone who works here, or add contacts, and the chart fills in.',
                )}
          </Text>
        </Card>
      </Stack>
    );
  }
  const loaded: Contact[] = names.data?.pages.flatMap((page) => page.items) ?? [];
  const people = peopleByCell(
    loaded,
    new Set((departments.data ?? []).map((d) => d.id)),
    new Set(shifts.map((s) => s.id)),
  );
  const selected = open === null ? [] : peopleIn(open, people, chart.data);
  return (
    <Stack gap="xl">
      {languages}
      <WallChart
        chart={chart.data}
        scale={scale.data}
        shifts={shifts}
        shift={shift}
        onShiftChange={(value) => void navigate({ search: (prev) => ({ ...prev, shift: value }) })}
        people={people}
        onOpen={setOpen}
        namesNote={
          names.hasNextPage ? (
            <Group gap="sm" mt={4} data-print="hide">
              <Text size="xs" c="dimmed">
                {t('Showing the names of {shown} of {people, plural, one {# person} other {# people}}.', {
                  shown: formatCount(loaded.length),
                  people: chart.data.totals.contacts,
                })}
              </Text>
              <Button size="xs" variant="default" loading={names.isFetchingNextPage} onClick={() => void names.fetchNextPage()}>
                {t('Show more names')}
              </Button>
            </Group>
          ) : null
        }
        staleLink={
          <AnchorLink
            to="/groups/$groupId/contacts"
            params={{ groupId }}
            search={{ workplace: workplace.id, sort: 'last_conversation_at', ...(language ? { speaks: language } : {}) }}
            size="xs"
            data-print="hide"
          >
            {t('Least recently talked to')}
          </AnchorLink>
        }
      />
      <Box data-print="hide">
        <Section id="next-heading" title={t('Talk to next')}>
          <TalkToNext groupId={groupId} workplace={workplace} chart={chart.data} shift={shift} shifts={shifts} />
        </Section>
      </Box>
      <Modal
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={
          open === null
            ? ''
            : open.shiftName === undefined
              ? open.departmentName
              : t('{department} · {shift}', { department: open.departmentName, shift: open.shiftName })
        }
        size="lg"
        closeButtonProps={{ 'aria-label': t('Close') }}
      >
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t('{people, plural, one {# person} other {# people}}, leaders first', { people: selected.length })}
          </Text>
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('People in this part of the chart')}>
            {selected.map((contact) => (
              <ContactRow
                key={contact.id}
                groupId={groupId}
                contact={contact}
                workplaceName={workplace.name}
                showWorkplace={false}
                scale={scale.data}
              />
            ))}
          </Stack>
          {names.hasNextPage && (
            <Button variant="default" loading={names.isFetchingNextPage} onClick={() => void names.fetchNextPage()}>
              {t('Show more names')}
            </Button>
          )}
        </Stack>
      </Modal>
    </Stack>
  );
}

/** Everyone loaded in one square of the grid, or in a department across the chart's shifts. */
function peopleIn(selection: GridSelection, people: Map<string, Contact[]>, chart: WorkplaceChart): Contact[] {
  if (selection.shiftId !== undefined) return people.get(cellKey(selection.departmentId, selection.shiftId)) ?? [];
  const all = chart.shifts.flatMap((column) => people.get(cellKey(selection.departmentId, column.id)) ?? []);
  const rank = (contact: Contact) => contact.assessment_level ?? 6;
  return all.sort((a, b) => rank(a) - rank(b) || a.full_name.localeCompare(b.full_name));
}

function TalkToNext({
  groupId,
  workplace,
  chart,
  shift,
  shifts,
}: {
  groupId: string;
  workplace: Workplace;
  chart: WorkplaceChart;
  shift: string | undefined;
  shifts: Shift[];
}) {
  const { t } = useTranslation();
  const scale = useQuery(scaleQuery(groupId));
  const departmentName = (person: ChartPerson) =>
    chart.rows.find((row) => row.department_id === person.department_id)?.department_name ?? t('No department recorded');
  const shiftName = (person: ChartPerson) =>
    shifts.find((s) => s.id === person.shift_id)?.name ?? t('No shift recorded');
  const { language } = route.useSearch();
  const filters = {
    workplace: workplace.id,
    sort: 'last_conversation_at',
    ...(shift !== undefined && shift !== 'none' ? { shift } : {}),
    ...(language ? { speaks: language } : {}),
  };
  if (chart.talk_to_next.length === 0) {
    return <Text c="dimmed">{t('Nobody on this shift yet.')}</Text>;
  }
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('Those never talked to first, then those not talked to for longest.')}
      </Text>
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Talk to next')} data-testid="talk-to-next">
        {chart.talk_to_next.map((person) => (
          <Card component="li" key={person.id} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <AnchorLink
                  to="/groups/$groupId/contacts/$contactId"
                  params={{ groupId, contactId: person.id }}
                  fw={600}
                  className="break-anywhere"
                >
                  {person.full_name}
                </AnchorLink>
                <Text size="sm" c="dimmed" className="break-anywhere">
                  {t('{department} · {shift}', { department: departmentName(person), shift: shiftName(person) })}
                </Text>
                <Text size="xs" c="dimmed">
                  {person.last_conversation_at
                    ? t('Talked to {when}', { when: relativeTime(person.last_conversation_at) })
                    : t('Never talked to')}
                </Text>
              </Stack>
              <Group gap={6} wrap="nowrap">
                {person.preferred_language && <LanguageBadge code={person.preferred_language} />}
                <LevelBadge level={person.assessment_level} scale={scale.data} />
              </Group>
            </Group>
          </Card>
        ))}
      </Stack>
      <ButtonLink
        to="/groups/$groupId/contacts"
        params={{ groupId }}
        search={filters}
        variant="default"
        style={{ alignSelf: 'flex-start' }}
      >
        {t('All contacts here')}
      </ButtonLink>
    </Stack>
  );
}

export function WorkplacePage() {
  const { t } = useTranslation();
  const { groupId, workplaceId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const workplace = useQuery(workplaceQuery(groupId, workplaceId));
  const departments = useQuery(departmentsQuery(groupId, workplaceId));
  const shifts = useQuery(shiftsQuery(groupId, workplaceId));
  const [editing, edit] = useDisclosure(false);
  usePageTitle(t('{page} · {group}', { page: workplace.data?.name ?? t('Workplace'), group: group.name }));
  const canWrite = can(group, 'workplaces:write');

  if (workplace.isPending) {
    return (
      <Stack gap="md" aria-busy="true">
        <Skeleton height={44} width="60%" />
        <Skeleton height={20} width="40%" />
        <Skeleton height={300} />
      </Stack>
    );
  }
  if (workplace.isError) {
    return (
      <Stack gap="md">
        <Title order={1}>{t('Workplace')}</Title>
        <FormAlert message={errorMessage(workplace.error)} />
        <AnchorLink to="/groups/$groupId/workplaces" params={{ groupId }} search={{}}>
          {t('Back to workplaces')}
        </AnchorLink>
      </Stack>
    );
  }
  const data = workplace.data;

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <AnchorLink to="/groups/$groupId/workplaces" params={{ groupId }} search={{}} size="sm" data-print="hide">
          ← {t('Workplaces')}
        </AnchorLink>
        <Group justify="space-between" gap="sm" wrap="wrap" align="flex-start">
          <Title order={1} className="break-anywhere">
            {data.name}
          </Title>
          {canWrite && (
            <Button variant="default" onClick={edit.open} data-print="hide">
              {t('Edit workplace')}
            </Button>
          )}
        </Group>
        <Text c="dimmed" className="break-anywhere">
          {[data.employer, data.sector, data.address?.replace(/\n/g, ', '), data.postcode].filter(Boolean).join(' · ') ||
            t('No details yet')}
        </Text>
        <Group gap={6}>
          {data.estimated_headcount !== null && (
            <Badge color="gray.8" variant="outline" style={{ textTransform: 'none' }}>
              {t('About {headcount, plural, one {# worker} other {# workers}}', { headcount: data.estimated_headcount })}
            </Badge>
          )}
          {data.unions.map((union) => (
            <Badge key={union} color="indigo.9" variant="light" style={{ textTransform: 'none' }}>
              {union}
            </Badge>
          ))}
        </Group>
        {data.notes && (
          <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }} data-print="hide">
            {data.notes}
          </Text>
        )}
      </Stack>

      <Section id="chart-heading" title={t('Wall chart')}>
        <BulletinReach groupId={groupId} workplaceId={workplaceId} />
        <Chart groupId={groupId} workplace={data} shifts={shifts.data ?? []} />
      </Section>

      <Box data-print="hide">
      <Section id="structure-heading" title={t('Departments and shifts')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <PartsManager groupId={groupId} workplaceId={workplaceId} kind="department" items={departments.data ?? []} canWrite={canWrite} />
          <PartsManager groupId={groupId} workplaceId={workplaceId} kind="shift" items={shifts.data ?? []} canWrite={canWrite} />
        </SimpleGrid>
      </Section>
      </Box>

      <Modal opened={editing} onClose={edit.close} title={t('Edit {name}', { name: data.name })} size="lg">
        {editing && <WorkplaceForm groupId={groupId} workplace={data} onCancel={edit.close} onDone={edit.close} />}
      </Modal>
    </Stack>
  );
}
