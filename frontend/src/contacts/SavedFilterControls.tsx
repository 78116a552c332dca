import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Paper, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ContactFilters } from '../api/contacts';
import {
  callListKeys,
  createSavedFilter,
  deleteSavedFilter,
  savedFiltersQuery,
  updateSavedFilter,
  type ContactFilterSpec,
  type SavedFilter,
} from '../api/callLists';
import { VersionConflict } from '../api/conflict';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { newIdempotencyKey, useIdempotencyKey } from '../shared/idempotency';
import { can } from '../shared/permissions';
import { RecordConflict } from '../shared/RecordConflict';
import { useAuth } from '../shared/session';
import { useApiForm } from '../shared/useApiForm';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';
import { filtersFromSpec, specFromFilters, useFilterWords } from '../shared/filterWords';


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
            description={t('Otherwise only you see it.')}
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


/** A filter as text that is equal whenever the filters are: its conditions in a fixed order. */
function canonical(spec: ContactFilterSpec): string {
  const given = Object.entries(spec as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(given));
}

/** A saved filter's fields as an edit compares them with someone else's. */
interface FilterRecordValues {
  name: string;
  /** `canonical()` of its conditions. */
  filter: string;
}

const FILTER_FIELDS = ['name', 'filter'] as const satisfies readonly (keyof FilterRecordValues)[];

function recordValues(saved: SavedFilter): FilterRecordValues {
  return { name: saved.name, filter: canonical(saved.filter) };
}

interface EditValues {
  name: string;
  /** Replace its conditions with the filters the contacts page shows now. */
  use_shown: boolean;
  shared: boolean;
}

/** Who may change a filter: whoever saved it, and organisers a shared one (as the API says). */
function mayChange(saved: SavedFilter, userId: string | undefined, organiser: boolean): boolean {
  return saved.owner_id === userId || (saved.shared && organiser);
}

function filterLabel(item: SavedFilter): string {
  return item.shared ? item.name : i18next.t('{name} (only you)', { name: item.name });
}

function EditSavedFilter({
  groupId,
  saved,
  shown,
  mayShare,
  onDone,
}: {
  groupId: string;
  saved: SavedFilter;
  shown: ContactFilterSpec;
  /** Whoever saved it may share it, or keep it to themselves again. */
  mayShare: boolean;
  /** Closes the dialog, naming the filter to keep chosen. */
  onDone: (filterId: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const words = useFilterWords(groupId, [saved.filter, shown]);
  const [copyKey] = useState(newIdempotencyKey);
  const [resaveError, setResaveError] = useState<string | null>(null);
  const [leftBehind, setLeftBehind] = useState<SavedFilter | null>(null);
  const edit = useVersionedEdit({
    initial: () => ({ values: recordValues(saved), version: saved.version }),
    fields: FILTER_FIELDS,
    valuesOf: recordValues,
  });
  const { form, onSubmit, applyError } = useApiForm<EditValues>({
    mode: 'controlled',
    initialValues: { name: saved.name, use_shown: false, shared: saved.shared },
    validate: { name: (value) => (value.trim() === '' ? t('Give the filter a name') : null) },
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: callListKeys.savedFilters(groupId) });
  const describe = (filter: string) => words.describe(JSON.parse(filter) as ContactFilterSpec);

  const update = useMutation({
    mutationFn: ({ values, version }: VersionedSave<FilterRecordValues>) =>
      updateSavedFilter(groupId, saved.id, {
        name: values.name.trim(),
        filter: JSON.parse(values.filter) as ContactFilterSpec,
        version,
      }),
    onSuccess: (result) => {
      void refresh();
      notify({ message: t('Filter “{name}” saved.', { name: result.name }) });
      onDone(result.id);
    },
    onError: (error, save) => {
      edit.fail(error, save, applyError);
      if (error instanceof VersionConflict) void refresh();
    },
  });

  // Whether a filter is shared is fixed once saved, so that the change feed never shows a
  // private filter to others: sharing it (or keeping it to oneself) saves it again that way,
  // then deletes the one it replaces, as long as nobody changed that meanwhile.
  const resave = useMutation({
    mutationFn: async (values: FilterRecordValues & { shared: boolean }) => {
      const body = { name: values.name.trim(), shared: values.shared, filter: JSON.parse(values.filter) as ContactFilterSpec };
      const copy = await createSavedFilter(groupId, body, copyKey);
      try {
        await deleteSavedFilter(groupId, saved.id, edit.base.version);
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        setLeftBehind(copy);
        return null;
      }
      return copy;
    },
    onSuccess: (copy) => {
      void refresh();
      if (copy === null) return;
      notify({
        message: copy.shared
          ? t('“{name}” is now shared with the group.', { name: copy.name })
          : t('“{name}” is now seen by you alone.', { name: copy.name }),
      });
      onDone(copy.id);
    },
    onError: (error) => setResaveError(applyError(error)),
  });

  if (leftBehind) {
    return (
      <Stack gap="md">
        <Alert color="orange" variant="light" role="alert">
          <Text fw={700} size="sm">
            {t('Saved as “{name}”, but the old filter was kept', { name: leftBehind.name })}
          </Text>
          <Text size="sm">
            {t(
              'Someone changed the old filter while you were editing, so it was not deleted. Both are now among the saved filters: delete the one you no longer need.',
            )}
          </Text>
        </Alert>
        <Group justify="flex-end">
          <Button onClick={() => onDone(leftBehind.id)}>{t('Close')}</Button>
        </Group>
      </Stack>
    );
  }

  if (edit.conflict) {
    return (
      <RecordConflict
        groupId={groupId}
        noun="saved_filter"
        state={edit.conflict}
        labels={{ name: t('Filter name'), filter: t('Who it finds') }}
        show={(field, value) => {
          const text = typeof value === 'string' ? value : '';
          return field === 'filter' ? describe(text) : text;
        }}
        saving={update.isPending}
        onSave={(values, version, unchanged) => {
          form.setFieldValue('name', values.name);
          const save = edit.resolve(values, version, unchanged);
          if (save) {
            update.mutate(save);
          } else {
            notify({ message: t('The saved version was kept.') });
            onDone(saved.id);
          }
        }}
        onCancel={() => edit.cancel()}
      />
    );
  }

  const sameAsShown = canonical(shown) === canonical(saved.filter);
  return (
    <form
      noValidate
      aria-label={t('Edit the saved filter')}
      onSubmit={onSubmit((values) => {
        setResaveError(null);
        const record = { name: values.name, filter: canonical(values.use_shown ? shown : saved.filter) };
        if (values.shared !== saved.shared) resave.mutate({ ...record, shared: values.shared });
        else update.mutate(edit.submit(record));
      })}
    >
      <Stack gap="md">
        <FormAlert message={edit.formError ?? resaveError} />
        <TextInput label={t('Filter name')} required maxLength={200} {...form.getInputProps('name')} />
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('Who it finds')}
          </Text>
          <Text size="sm" className="break-anywhere" data-testid="saved-filter-conditions">
            {words.describe(saved.filter)}
          </Text>
        </Stack>
        <Checkbox
          label={t('Use the filters shown on the contacts page instead')}
          description={
            sameAsShown
              ? t('The filters shown are this filter’s own.')
              : t('Shown now: {conditions}', { conditions: words.describe(shown) })
          }
          disabled={sameAsShown}
          {...form.getInputProps('use_shown', { type: 'checkbox' })}
        />
        {mayShare ? (
          <Switch
            label={t('Shared with the group')}
            description={t(
              'Changing this saves the filter again, for the group or for you alone, and deletes this one. Call lists made from it keep their people.',
            )}
            {...form.getInputProps('shared', { type: 'checkbox' })}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {saved.shared ? t('Shared with the group.') : t('Only you see it.')}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => onDone(saved.id)}>
            {t('Cancel')}
          </Button>
          <Button type="submit" loading={update.isPending || resave.isPending}>
            {t('Save the filter')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteSavedFilter({
  groupId,
  saved,
  onKeep,
  onDeleted,
}: {
  groupId: string;
  saved: SavedFilter;
  onKeep: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: callListKeys.savedFilters(groupId) });
  const remove = useMutation({
    mutationFn: () => deleteSavedFilter(groupId, saved.id, saved.version),
    onSuccess: () => {
      void refresh();
      notify({ message: t('Filter “{name}” deleted.', { name: saved.name }) });
      onDeleted();
    },
    onError: (error) => {
      if (error instanceof VersionConflict) void refresh();
    },
  });
  return (
    <Stack gap="md">
      <Text>
        {saved.shared
          ? t('Nobody in the group will be able to apply it or make a list from it.')
          : t('Only you could see it; you will no longer be able to apply it or make a list from it.')}
      </Text>
      <Text>
        {t('Call lists made from it keep the people on them; they no longer say which filter they came from. No contact is touched.')}
      </Text>
      {remove.isError &&
        (remove.error instanceof VersionConflict ? (
          <Alert color="orange" variant="light" role="alert">
            {t('Someone else changed this filter since you opened it. Check it again, and delete it again if you still want to.')}
          </Alert>
        ) : (
          <FormAlert message={errorMessage(remove.error)} />
        ))}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onKeep}>
          {t('Keep it')}
        </Button>
        <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
          {t('Delete the filter')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Apply one of the group's (or your own) saved filters, save the filters shown, and change
 * or delete the filter applied (whoever saved it, and organisers a shared one).
 */
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
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const auth = useAuth();
  // eslint-disable-next-line i18next/no-literal-string -- a media query (Mantine's `xs`), not words
  const phone = useMediaQuery('(max-width: 36em)');
  const saved = useQuery(savedFiltersQuery(groupId));
  const [saving, saveToggle] = useDisclosure(false);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const items: SavedFilter[] = saved.data?.items ?? [];
  const chosen = items.find((item) => item.id === chosenId) ?? null;
  const changeable = chosen !== null && canSave && mayChange(chosen, auth.user?.id, can(group, 'campaigns:write'));
  const close = () => setDialog(null);
  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('Saved filters')}
          placeholder={items.length === 0 ? t('No saved filters yet') : t('Apply a saved filter')}
          disabled={items.length === 0}
          data={items.map((item) => ({ value: item.id, label: filterLabel(item) }))}
          value={chosen?.id ?? null}
          onChange={(value) => {
            const picked = items.find((item) => item.id === value) ?? null;
            setChosenId(picked?.id ?? null);
            if (picked) onApply(filtersFromSpec(picked.filter));
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('Clear the choice') }}
          w={260}
          comboboxProps={{ withinPortal: true }}
        />
        {changeable && (
          <>
            <Button variant="default" onClick={() => setDialog('edit')}>
              {t('Edit the filter')}
            </Button>
            <Button variant="subtle" color="red.9" onClick={() => setDialog('delete')}>
              {t('Delete the filter')}
            </Button>
          </>
        )}
        {canSave && (
          <Button variant="default" onClick={saveToggle.toggle} aria-expanded={saving}>
            {t('Save these filters')}
          </Button>
        )}
      </Group>
      {saving && canSave && <SaveFilterForm groupId={groupId} filters={filters} onSaved={saveToggle.close} />}
      <Modal
        opened={chosen !== null && dialog !== null}
        onClose={close}
        fullScreen={phone}
        size="lg"
        closeButtonProps={{ 'aria-label': t('Close') }}
        title={
          chosen === null
            ? null
            : dialog === 'delete'
              ? t('Delete the filter “{name}”?', { name: chosen.name })
              : t('Edit the filter “{name}”', { name: chosen.name })
        }
      >
        {chosen !== null && dialog === 'edit' && (
          <EditSavedFilter
            groupId={groupId}
            saved={chosen}
            shown={specFromFilters(filters)}
            mayShare={chosen.owner_id === auth.user?.id}
            onDone={(filterId) => {
              setChosenId(filterId);
              close();
            }}
          />
        )}
        {chosen !== null && dialog === 'delete' && (
          <DeleteSavedFilter
            groupId={groupId}
            saved={chosen}
            onKeep={close}
            onDeleted={() => {
              setChosenId(null);
              close();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
