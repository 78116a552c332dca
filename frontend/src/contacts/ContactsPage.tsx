import {
  Badge,
  Button,
  Card,
  CloseButton,
  Collapse,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import i18next from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { formatCount } from '../lib/format';
import { useAuth } from '../shared/session';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import { useMembers } from '../shared/useMembers';
import { allWorkplacesQuery } from '../api/workplaces';
import { useWorkplaceNames, useWorkplaceParts } from '../shared/workplaceLookups';
import { contactsQuery, scaleQuery, type ContactFilters, type MembershipStatus } from '../api/contacts';
import { ContactRow } from '../shared/ContactRow';
import { LEVELS, MEMBERSHIP_LABELS, levelLabel } from '../shared/levels';
import { useUrlText } from '../shared/useUrlText';
import { LanguagesMultiSelect } from '../shared/LanguageSelect';
import { SavedFilterControls } from './SavedFilterControls';

const route = getRouteApi('/_app/groups/$groupId/contacts');

function sortOptions(): { value: string; label: string }[] {
  return [
    { value: 'full_name', label: i18next.t('Name, A to Z') },
    { value: '-full_name', label: i18next.t('Name, Z to A') },
    { value: 'assessment_level', label: i18next.t('Most supportive first') },
    { value: '-assessment_level', label: i18next.t('Least supportive first') },
    { value: 'last_conversation_at', label: i18next.t('Not talked to for longest') },
    { value: '-last_conversation_at', label: i18next.t('Talked to most recently') },
    { value: '-updated_at', label: i18next.t('Recently changed') },
    { value: '-created_at', label: i18next.t('Recently added') },
  ];
}

const FILTER_KEYS = ['workplace', 'department', 'shift', 'level', 'membership', 'tag', 'organiser', 'speaks', 'quiet'] as const;

export function ContactsPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const filters = route.useSearch();
  const navigate = route.useNavigate();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const auth = useAuth();
  usePageTitle(t('Contacts · {group}', { group: group.name }));
  const scale = useQuery(scaleQuery(groupId));
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const workplaceNames = useWorkplaceNames(groupId);
  const parts = useWorkplaceParts(groupId, filters.workplace);
  const members = useMembers(groupId);
  const contacts = useInfiniteQuery(contactsQuery(groupId, filters));
  const activeFilters = FILTER_KEYS.filter((key) => filters[key] !== undefined).length;
  const [filtersOpen, filtersToggle] = useDisclosure(activeFilters > 0);

  const setFilters = (change: Partial<ContactFilters>, replace = false) =>
    void navigate({
      search: (prev) => {
        const next: Record<string, unknown> = { ...prev, ...change };
        return Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== ''));
      },
      replace,
    });

  const search = useUrlText(filters.q, (q) => setFilters({ q }, true));
  const tag = useUrlText(filters.tag, (value) => setFilters({ tag: value }, true), 500);
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];

  const filterSelect = (key: 'workplace' | 'department' | 'shift' | 'level' | 'membership' | 'organiser') => ({
    value: filters[key] === undefined ? null : String(filters[key]),
    onChange: (value: string | null) => {
      const parsed = key === 'level' && value !== null && value !== 'unassessed' ? Number(value) : value;
      const change: Partial<ContactFilters> = { [key]: parsed ?? undefined };
      if (key === 'workplace') Object.assign(change, { department: undefined, shift: undefined });
      setFilters(change);
    },
    clearable: true,
    comboboxProps: { withinPortal: true },
  });

  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Title order={1}>{t('Contacts')}</Title>
        <Group gap="xs">
          {can(group, 'records:export') && (
            <ButtonLink variant="default" to="/groups/$groupId/export" params={{ groupId }} search={filters}>
              {t('Export')}
            </ButtonLink>
          )}
          {can(group, 'contacts:write') && (
            <ButtonLink to="/groups/$groupId/contacts/new" params={{ groupId }}>
              {t('Add contact')}
            </ButtonLink>
          )}
        </Group>
      </Group>

      <Stack gap="sm" role="search" aria-label={t('Find contacts')}>
        <TextInput
          label={t('Search')}
          placeholder={t('Name, phone, email or notes')}
          type="search"
          value={search.value}
          onChange={(event) => search.onChange(event.currentTarget.value)}
          rightSection={
            search.value !== '' ? <CloseButton aria-label={t('Clear search')} onClick={() => search.onChange('')} /> : null
          }
        />
        <Group gap="sm" wrap="wrap" align="flex-end">
          <Select
            label={t('Sort')}
            data={sortOptions()}
            value={filters.sort ?? 'full_name'}
            allowDeselect={false}
            onChange={(value) => setFilters({ sort: value === 'full_name' || value === null ? undefined : value })}
            w={240}
            comboboxProps={{ withinPortal: true }}
          />
          <Button variant="default" onClick={filtersToggle.toggle} aria-expanded={filtersOpen} aria-controls="contact-filters">
            {activeFilters > 0 ? t('Filters ({filters})', { filters: formatCount(activeFilters) }) : t('Filters')}
          </Button>
          {activeFilters > 0 && (
            <Button
              variant="subtle"
              onClick={() =>
                setFilters(Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined])))
              }
            >
              {t('Clear filters')}
            </Button>
          )}
        </Group>
        <SavedFilterControls
          groupId={groupId}
          filters={filters}
          canSave={can(group, 'contacts:write')}
          onApply={(chosen) => setFilters({ ...Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined])), q: undefined, ...chosen })}
        />
        <Collapse in={filtersOpen}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" id="contact-filters">
            <Select
              label={t('Workplace')}
              data={(workplaces.data ?? []).map((w) => ({ value: w.id, label: w.name }))}
              searchable
              placeholder={t('Any')}
              {...filterSelect('workplace')}
            />
            <Select
              label={t('Department')}
              data={parts.departmentOptions}
              disabled={filters.workplace === undefined}
              placeholder={filters.workplace === undefined ? t('Choose a workplace first') : t('Any')}
              {...filterSelect('department')}
            />
            <Select
              label={t('Shift')}
              data={parts.shiftOptions}
              disabled={filters.workplace === undefined}
              placeholder={filters.workplace === undefined ? t('Choose a workplace first') : t('Any')}
              {...filterSelect('shift')}
            />
            <Select
              label={t('Assessment')}
              data={[
                ...LEVELS.map((level) => ({ value: String(level), label: `${level} ${levelLabel(scale.data, level)}` })),
                { value: 'unassessed', label: levelLabel(scale.data, null) },
              ]}
              placeholder={t('Any')}
              {...filterSelect('level')}
            />
            <Select
              label={t('Membership')}
              data={(Object.keys(MEMBERSHIP_LABELS) as MembershipStatus[]).map((value) => ({
                value,
                label: MEMBERSHIP_LABELS[value],
              }))}
              placeholder={t('Any')}
              {...filterSelect('membership')}
            />
            <Select
              label={t('Organiser')}
              data={members.options.map((option) =>
                option.value === auth.user?.id ? { ...option, label: t('{name} (you)', { name: option.label }) } : option,
              )}
              searchable
              placeholder={t('Anyone')}
              {...filterSelect('organiser')}
            />
            <TextInput
              label={t('Tag')}
              placeholder={t('Any')} value={tag.value} onChange={(e) => tag.onChange(e.currentTarget.value)} />
            <NumberInput
              label={t('Not talked to in (days)')}
              placeholder={t('Any')}
              min={1}
              max={3650}
              allowDecimal={false}
              allowNegative={false}
              value={filters.quiet ?? ''}
              onChange={(value) => setFilters({ quiet: typeof value === 'number' && value >= 1 ? value : undefined }, true)}
            />
            <LanguagesMultiSelect
              label={t('Speaks')}
              description={t('Their preferred or another language')}
              placeholder={filters.speaks ? undefined : t('Any language')}
              value={filters.speaks ? filters.speaks.split(',') : []}
              onChange={(codes) => setFilters({ speaks: codes.length > 0 ? codes.join(',') : undefined })}
              maxValues={20}
              clearable
            />
          </SimpleGrid>
        </Collapse>
      </Stack>

      {contacts.isPending ? (
        <Stack gap="xs" aria-busy="true">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height={78} />
          ))}
        </Stack>
      ) : contacts.isError ? (
        <FormAlert message={errorMessage(contacts.error)} />
      ) : items.length === 0 ? (
        <Card withBorder padding="md">
          {filters.q !== undefined || activeFilters > 0 ? (
            <Text>{t('Nobody matches. Try fewer filters or another search.')}</Text>
          ) : (
            <Text>
              <Trans
                i18nKey="No contacts yet. Add the people you work with, or <anchor>log a conversation</anchor> and add them as you go."
                components={{ anchor: <AnchorLink to="/groups/$groupId/log" params={{ groupId }} search={{}} /> }}
              />
            </Text>
          )}
        </Card>
      ) : (
        <Stack gap="xs" style={{ opacity: contacts.isPlaceholderData ? 0.6 : 1 }} aria-busy={contacts.isFetching}>
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Contacts')}>
            {items.map((contact) => (
              <ContactRow
                key={contact.id}
                groupId={groupId}
                contact={contact}
                workplaceName={contact.workplace_id ? workplaceNames.get(contact.workplace_id) : undefined}
                scale={scale.data}
              />
            ))}
          </Stack>
          {contacts.hasNextPage ? (
            <Button
              variant="default"
              loading={contacts.isFetchingNextPage}
              onClick={() => void contacts.fetchNextPage()}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('Show more contacts')}
            </Button>
          ) : (
            <Badge variant="outline" color="gray.8" style={{ alignSelf: 'flex-start', textTransform: 'none' }}>
              {t('{contacts, plural, one {# contact} other {# contacts}}', { contacts: items.length })}
            </Badge>
          )}
        </Stack>
      )}
    </Stack>
  );
}
