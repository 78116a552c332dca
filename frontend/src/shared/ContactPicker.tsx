import { useState } from 'react';
import {
  Combobox,
  Group,
  Loader,
  MultiSelect,
  Select,
  Text,
  TextInput,
  useCombobox,
  type ComboboxItem,
  type OptionsFilter,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { contactKeys, contactSearchQuery, findDuplicates, scaleQuery, type Contact } from '../api/contacts';
import { errorMessage } from '../api/errors';
import { allWorkplacesQuery } from '../api/workplaces';
import { LevelBadge } from './LevelBadge';
import { useWorkplaceNames } from './workplaceLookups';
import { useTranslation } from 'react-i18next';

// The server already matched the search (names, phones, emails); keep its answer.
const keepAll: OptionsFilter = ({ options }) => options;

interface ChooseProps {
  groupId: string;
  label: string;
  value: string | null;
  onChange: (contactId: string | null, name: string | null) => void;
  error?: string | null;
  description?: string;
  /** Contacts not to offer (already linked). */
  exclude?: ReadonlySet<string>;
}

/** A contact found by search or as a likely match: enough to show and to pick. */
type Found = Pick<Contact, 'id' | 'full_name' | 'workplace_id' | 'phone'> & { assessment_level?: number | null };

interface FindOrAddProps {
  groupId: string;
  /** A contact from the results. */
  onPick: (contact: Found) => void;
  /** Someone not in the results: to be created with this name. */
  onCreate: (name: string) => void;
  error?: string;
}

/**
 * The one way to choose a contact. Given `value` and `onChange`, it is a
 * field that holds one of the group's contacts (linking someone to a
 * dispute); given `onPick` and `onCreate`, it finds someone by name, phone
 * or workplace, or offers to add them (the quick log).
 */
export function ContactPicker(props: ChooseProps | FindOrAddProps) {
  return 'onCreate' in props ? <FindOrAddContact {...props} /> : <ChooseContact {...props} />;
}

/** Choose one of the group's contacts, searching as you type. */
function ChooseContact({ groupId, label, value, onChange, error, description, exclude }: ChooseProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [chosen, setChosen] = useState<ComboboxItem | null>(null);
  const results = useQuery(contactSearchQuery(groupId, debounced));
  const data: ComboboxItem[] = (results.data ?? [])
    .filter((contact) => !exclude?.has(contact.id))
    .map((contact) => ({ value: contact.id, label: contact.full_name }));
  if (chosen && !data.some((item) => item.value === chosen.value)) data.unshift(chosen);

  return (
    <Select
      label={label}
      description={description}
      placeholder={t('Search by name, phone or email')}
      searchable
      clearable
      data={data}
      filter={keepAll}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id, option) => {
        setChosen(id === null ? null : option);
        onChange(id, id === null ? null : option.label);
      }}
      nothingFoundMessage={results.isFetching ? t('Searching…') : t('No contact matches')}
      error={error}
    />
  );
}

interface MultiProps {
  groupId: string;
  label: string;
  description?: string;
  /** Chosen contacts with their names, so they show before any search. */
  value: { id: string; name: string }[];
  onChange: (value: { id: string; name: string }[]) => void;
  error?: string | null;
}

/** Choose several contacts, searching as you type. */
export function ContactsPicker({ groupId, label, description, value, onChange, error }: MultiProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const results = useQuery(contactSearchQuery(groupId, debounced));
  const names = new Map(value.map((item) => [item.id, item.name]));
  for (const contact of results.data ?? []) {
    if (!names.has(contact.id)) names.set(contact.id, contact.full_name);
  }
  const data = Array.from(names, ([id, name]) => ({ value: id, label: name }));

  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length === 0 ? t('Search by name, phone or email') : undefined}
      searchable
      clearable
      data={data}
      filter={keepAll}
      value={value.map((item) => item.id)}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(ids) => onChange(ids.map((id) => ({ id, name: names.get(id) ?? t('Contact') })))}
      nothingFoundMessage={results.isFetching ? t('Searching…') : t('No contact matches')}
      error={error}
    />
  );
}

const NEW = '__new__';

/**
 * Contacts matching the text: by name, phone or email (the API's search, which
 * ignores accents, case and word order), people with a similar name (the
 * duplicate check: "Jon Smith" for "John Smith"), and everyone at a workplace
 * whose name matches.
 */
async function searchContacts(
  groupId: string,
  text: string,
  workplaces: { id: string; name: string }[],
  signal: AbortSignal,
): Promise<Found[]> {
  const needle = text.toLocaleLowerCase();
  const matchingWorkplaces = workplaces
    .filter((workplace) => workplace.name.toLocaleLowerCase().includes(needle))
    .slice(0, 2);
  const searches = [
    unwrap(
      api.GET('/api/v1/groups/{group_id}/contacts', {
        params: { path: { group_id: groupId }, query: { q: text, limit: 8 } },
        signal,
      }),
    ),
    ...matchingWorkplaces.map((workplace) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/contacts', {
          params: {
            path: { group_id: groupId },
            query: { workplace_id: workplace.id, limit: 8, sort: '-last_conversation_at' },
          },
          signal,
        }),
      ),
    ),
  ];
  const similar = /\p{L}/u.test(text) && text.length >= 3 ? findDuplicates(groupId, { full_name: text }, signal) : Promise.resolve([]);
  const [pages, likely] = await Promise.all([Promise.all(searches), similar]);
  const seen = new Set<string>();
  const result: Found[] = [];
  const [named, ...atWorkplaces] = pages;
  for (const contact of [...(named?.items ?? []), ...likely, ...atWorkplaces.flatMap((page) => page.items)]) {
    if (seen.has(contact.id)) continue;
    seen.add(contact.id);
    result.push(contact);
  }
  return result.slice(0, 12);
}

/** "Who did you talk to?": search as you type, or add someone new. */
function FindOrAddContact({ groupId, onPick, onCreate, error }: FindOrAddProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 250);
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const workplaceNames = useWorkplaceNames(groupId);
  const scale = useQuery(scaleQuery(groupId));
  const enabled = debounced.length >= 2;
  const results = useQuery({
    queryKey: [...contactKeys.all(groupId), 'search', debounced],
    queryFn: ({ signal }) => searchContacts(groupId, debounced, workplaces.data ?? [], signal),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const items = enabled ? (results.data ?? []) : [];
  const typed = text.trim();

  const pick = (value: string) => {
    if (value === NEW) {
      onCreate(typed);
    } else {
      const contact = items.find((item) => item.id === value);
      if (contact) {
        if ('version' in contact) queryClient.setQueryData([...contactKeys.one(groupId, contact.id), 'detail'], contact);
        onPick(contact);
      }
    }
    combobox.closeDropdown();
  };

  return (
    <Combobox store={combobox} onOptionSubmit={pick} withinPortal={false}>
      <Combobox.Target>
        <TextInput
          label={t('Who did you talk to?')}
          description={t('Search by name, phone or workplace, or add someone new')}
          placeholder={t('Start typing a name')}
          size="md"
          value={text}
          error={error}
          autoComplete="off"
          rightSection={results.isFetching ? <Loader size="xs" aria-hidden="true" /> : null}
          onChange={(event) => {
            setText(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => combobox.openDropdown()}
          onClick={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={typed === ''}>
        <Combobox.Options aria-label={t('Matching contacts')} mah={320} style={{ overflowY: 'auto' }}>
          {items.map((contact) => (
            <Combobox.Option value={contact.id} key={contact.id}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} className="break-anywhere">
                    {contact.full_name}
                  </Text>
                  <Text size="xs" c="dimmed" className="break-anywhere">
                    {[
                      contact.workplace_id ? workplaceNames.get(contact.workplace_id) : null,
                      contact.phone,
                    ]
                      .filter(Boolean)
                      .join(' · ') || t('No workplace recorded')}
                  </Text>
                </div>
                {contact.assessment_level !== undefined && (
                  <LevelBadge level={contact.assessment_level} scale={scale.data} size="sm" />
                )}
              </Group>
            </Combobox.Option>
          ))}
          {enabled && results.isError && (
            <Combobox.Empty>
              {t('Cannot search right now ({reason}).', { reason: errorMessage(results.error) })}
            </Combobox.Empty>
          )}
          {enabled && results.isSuccess && items.length === 0 && (
            <Combobox.Empty>{t('Nobody by that name, phone or workplace.')}</Combobox.Empty>
          )}
          {typed !== '' && (
            <Combobox.Option value={NEW}>
              <Text size="sm" fw={600} c="indigo.9">
                {t('Add “{name}” as a new contact', { name: typed })}
              </Text>
            </Combobox.Option>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
