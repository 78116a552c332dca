import { useState } from 'react';
import { MultiSelect, Select, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { contactSearchQuery } from './api';

// The server already matched the search (names, phones, emails); keep its answer.
const keepAll: OptionsFilter = ({ options }) => options;

interface SingleProps {
  groupId: string;
  label: string;
  value: string | null;
  onChange: (contactId: string | null, name: string | null) => void;
  error?: string | null;
  description?: string;
  /** Contacts not to offer (already linked). */
  exclude?: ReadonlySet<string>;
}

/** Choose one of the group's contacts, searching as you type. */
export function ContactPicker({ groupId, label, value, onChange, error, description, exclude }: SingleProps) {
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
      placeholder="Search by name, phone or email"
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
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'No contact matches'}
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
      placeholder={value.length === 0 ? 'Search by name, phone or email' : undefined}
      searchable
      clearable
      data={data}
      filter={keepAll}
      value={value.map((item) => item.id)}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(ids) => onChange(ids.map((id) => ({ id, name: names.get(id) ?? 'Contact' })))}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'No contact matches'}
      error={error}
    />
  );
}
