import { Button, Checkbox, Group, Paper, Select, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ContactFilters, SpokenLanguageCode } from '../api/contacts';
import {
  callListKeys,
  createSavedFilter,
  savedFiltersQuery,
  type ContactFilterSpec,
  type SavedFilter,
} from '../api/callLists';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { useIdempotencyKey } from '../shared/idempotency';
import { useApiForm } from '../shared/useApiForm';

/** The contacts page's filters (its URL names) as the API's filter. */
export function specFromFilters(filters: ContactFilters): ContactFilterSpec {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.workplace ? { workplace_id: filters.workplace } : {}),
    ...(filters.department ? { department_id: filters.department } : {}),
    ...(filters.shift ? { shift_id: filters.shift } : {}),
    ...(filters.level !== undefined ? { assessment_level: String(filters.level) } : {}),
    ...(filters.membership ? { membership_status: filters.membership } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.organiser ? { organiser_id: filters.organiser } : {}),
    ...(filters.quiet !== undefined ? { not_contacted_days: filters.quiet } : {}),
    ...(filters.speaks ? { speaks: filters.speaks.split(',') as SpokenLanguageCode[] } : {}),
  };
}

/** A saved filter as the contacts page's filters (every condition it can hold has a place). */
export function filtersFromSpec(spec: ContactFilterSpec): ContactFilters {
  const level = spec.assessment_level;
  return {
    q: spec.q ?? undefined,
    workplace: spec.workplace_id ?? undefined,
    department: spec.department_id ?? undefined,
    shift: spec.shift_id ?? undefined,
    level: level === undefined || level === null ? undefined : level === 'unassessed' ? level : Number(level),
    membership: spec.membership_status ?? undefined,
    tag: spec.tag ?? undefined,
    organiser: spec.organiser_id ?? undefined,
    quiet: spec.not_contacted_days ?? undefined,
    speaks: spec.speaks && spec.speaks.length > 0 ? spec.speaks.join(',') : undefined,
  };
}

interface SaveValues {
  name: string;
  shared: boolean;
}

function SaveFilterForm({ groupId, filters, onSaved }: { groupId: string; filters: ContactFilters; onSaved: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const api = useApiForm<SaveValues>({
    mode: 'uncontrolled',
    initialValues: { name: '', shared: false },
    validate: { name: (value) => (value.trim() === '' ? t('Give the filter a name') : null) },
  });
  const mutation = useMutation({
    mutationFn: (values: SaveValues) => {
      const body = { name: values.name, shared: values.shared, filter: specFromFilters(filters) };
      return createSavedFilter(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: (saved) => {
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: callListKeys.savedFilters(groupId) });
      notify({ message: t('Filter “{name}” saved.', { name: saved.name }) });
      onSaved();
    },
    onError: api.showError,
  });
  return (
    <Paper withBorder p="sm">
      <form noValidate onSubmit={api.onSubmit((values) => mutation.mutate(values))}>
        <Stack gap="xs">
          <FormAlert message={api.formError} />
          <TextInput label={t('Filter name')} required key={api.form.key('name')} {...api.form.getInputProps('name')} />
          <Checkbox
            label={t('Share with the group')}
            description={t('Otherwise only you see it. This cannot be changed later.')}
            key={api.form.key('shared')}
            {...api.form.getInputProps('shared', { type: 'checkbox' })}
          />
          <Group gap="xs">
            <Button type="submit" loading={mutation.isPending}>
              {t('Save filter')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Apply one of the group's (or your own) saved filters, or save the filters shown. */
export function SavedFilterControls({
  groupId,
  filters,
  canSave,
  onApply,
}: {
  groupId: string;
  filters: ContactFilters;
  canSave: boolean;
  onApply: (filters: ContactFilters) => void;
}) {
  const { t } = useTranslation();
  const saved = useQuery(savedFiltersQuery(groupId));
  const [saving, saveToggle] = useDisclosure(false);
  const items: SavedFilter[] = saved.data?.items ?? [];
  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('Saved filters')}
          placeholder={items.length === 0 ? t('No saved filters yet') : t('Apply a saved filter')}
          disabled={items.length === 0}
          data={items.map((item) => ({
            value: item.id,
            label: item.shared ? item.name : t('{name} (only you)', { name: item.name }),
          }))}
          value={null}
          onChange={(value) => {
            const chosen = items.find((item) => item.id === value);
            if (chosen) onApply(filtersFromSpec(chosen.filter));
          }}
          w={260}
          comboboxProps={{ withinPortal: true }}
        />
        {canSave && (
          <Button variant="default" onClick={saveToggle.toggle} aria-expanded={saving}>
            {t('Save these filters')}
          </Button>
        )}
      </Group>
      {saving && canSave && <SaveFilterForm groupId={groupId} filters={filters} onSaved={saveToggle.close} />}
    </Stack>
  );
}
