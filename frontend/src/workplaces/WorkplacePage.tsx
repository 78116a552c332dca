import { Badge, Box, Button, Card, Group, Modal, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { contactsQuery, scaleQuery } from '../api/contacts';
import { ContactRow } from '../shared/ContactRow';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import { chartQuery, departmentsQuery, shiftsQuery, workplaceQuery, type Workplace } from '../api/workplaces';
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

function Chart({ groupId, workplaceId }: { groupId: string; workplaceId: string }) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { t } = useTranslation();
  const language = search.language as SpokenLanguageCode | undefined;
  const chart = useQuery(chartQuery(groupId, workplaceId, language));
  const scale = useQuery(scaleQuery(groupId));
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
  if (chart.data.totals.contacts === 0) {
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
  return (
    <Stack gap="md">
      {languages}
      <WallChart
        chart={chart.data}
        scale={scale.data}
        shift={search.shift}
        onShiftChange={(shift) => void navigate({ search: (prev) => ({ ...prev, shift }) })}
        staleLink={
          <AnchorLink
            to="/groups/$groupId/contacts"
            params={{ groupId }}
            search={{ workplace: workplaceId, sort: 'last_conversation_at', ...(language ? { speaks: language } : {}) }}
            size="xs"
          >
            {t('Least recently talked to')}
          </AnchorLink>
        }
      />
    </Stack>
  );
}

function WorkplaceContacts({ groupId, workplace }: { groupId: string; workplace: Workplace }) {
  const { t } = useTranslation();
  const { language } = route.useSearch();
  const filters = { workplace: workplace.id, sort: 'last_conversation_at', ...(language ? { speaks: language } : {}) };
  const contacts = useInfiniteQuery(contactsQuery(groupId, filters, 10));
  const scale = useQuery(scaleQuery(groupId));
  if (contacts.isPending) return <Skeleton height={160} />;
  if (contacts.isError) return <FormAlert message={errorMessage(contacts.error)} />;
  const items = contacts.data.pages[0]?.items ?? [];
  if (items.length === 0) return <Text c="dimmed">{t('No contacts at {workplace} yet.', { workplace: workplace.name })}</Text>;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('Those not talked to for longest first.')}
      </Text>
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Contacts at {workplace}', { workplace: workplace.name })}>
        {items.map((contact) => (
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
        <AnchorLink to="/groups/$groupId/workplaces" params={{ groupId }} search={{}} size="sm">
          ← {t('Workplaces')}
        </AnchorLink>
        <Group justify="space-between" gap="sm" wrap="wrap" align="flex-start">
          <Title order={1} className="break-anywhere">
            {data.name}
          </Title>
          {canWrite && (
            <Button variant="default" onClick={edit.open}>
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
          <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
            {data.notes}
          </Text>
        )}
      </Stack>

      <Section id="chart-heading" title={t('Wall chart')}>
        <Chart groupId={groupId} workplaceId={workplaceId} />
      </Section>

      <Section id="structure-heading" title={t('Departments and shifts')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <PartsManager groupId={groupId} workplaceId={workplaceId} kind="department" items={departments.data ?? []} canWrite={canWrite} />
          <PartsManager groupId={groupId} workplaceId={workplaceId} kind="shift" items={shifts.data ?? []} canWrite={canWrite} />
        </SimpleGrid>
      </Section>

      <Section id="contacts-heading" title={t('Contacts')}>
        <WorkplaceContacts groupId={groupId} workplace={data} />
      </Section>

      <Modal opened={editing} onClose={edit.close} title={t('Edit {name}', { name: data.name })} size="lg">
        {editing && <WorkplaceForm groupId={groupId} workplace={data} onCancel={edit.close} onDone={edit.close} />}
      </Modal>
    </Stack>
  );
}
