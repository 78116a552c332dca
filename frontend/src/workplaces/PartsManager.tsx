import { useState } from 'react';
import { Box, Button, Card, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { CountInput, validateCount } from '../shared/NumberInputs';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { formatCount } from '../lib/format';
import { useApiForm } from '../shared/useApiForm';
import { newIdempotencyKey } from '../shared/idempotency';
import { ConflictResolver } from '../shared/ConflictResolver';
import { withChanges } from '../shared/forms';
import { sameValue } from '../shared/merge';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';
import {
  createDepartment,
  createShift,
  deleteDepartment,
  deleteShift,
  updateDepartment,
  updateShift,
  workplaceKeys,
  type Department,
  type Shift,
} from '../api/workplaces';

type Kind = 'department' | 'shift';

interface PartText {
  plural: string;
  add: string;
  name: string;
  extra: string;
  empty: string;
  afterDelete: string;
}

function partText(kind: Kind): PartText {
  switch (kind) {
    case 'department':
      return {
        plural: i18next.t('Departments'),
        add: i18next.t('Add department'),
        name: i18next.t('Department name'),
        extra: i18next.t('Estimated headcount'),
        empty: i18next.t('No departments yet: add the wards, lines, floors or teams people work in.'),
        afterDelete: i18next.t('Its contacts stay at the workplace with no department.'),
      };
    case 'shift':
      return {
        plural: i18next.t('Shifts'),
        add: i18next.t('Add shift'),
        name: i18next.t('Shift name'),
        extra: i18next.t('Pattern'),
        empty: i18next.t('No shifts yet: add them to see who works when.'),
        afterDelete: i18next.t('Its contacts stay at the workplace with no shift.'),
      };
  }
}

function AddPart({ groupId, workplaceId, kind }: { groupId: string; workplaceId: string; kind: Kind }) {
  const { t } = useTranslation();
  const text = partText(kind);
  const queryClient = useQueryClient();
  const [key, setKey] = useState(newIdempotencyKey);
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'controlled',
    initialValues: { name: '', estimated_headcount: '' as number | string, pattern: '' },
    validate: {
      name: (value) =>
        value.trim() === ''
          ? i18next.t('Enter a name')
          : value.trim().length > (kind === 'shift' ? 100 : 200)
            ? i18next.t('Too long')
            : null,
      estimated_headcount: (value) => (kind === 'department' ? validateCount(value) : null),
    },
  });
  const mutation = useMutation({
    mutationFn: (values: typeof form.values): Promise<Department | Shift> =>
      kind === 'department'
        ? createDepartment(
            groupId,
            workplaceId,
            {
              name: values.name.trim(),
              estimated_headcount: values.estimated_headcount === '' ? null : Number(values.estimated_headcount),
            },
            key,
          )
        : createShift(groupId, workplaceId, { name: values.name.trim(), pattern: values.pattern.trim() || null }, key),
    onSuccess: async (part) => {
      form.reset();
      setKey(newIdempotencyKey());
      notify({ message: t('{name} added.', { name: part.name }) });
      await queryClient.invalidateQueries({ queryKey: workplaceKeys.one(groupId, workplaceId) });
    },
    onError: showError,
  });
  return (
    <Box
      component="form"
      noValidate
      aria-label={text.add}
      onSubmit={onSubmit((values) => {
        mutation.mutate(values);
      })}
    >
      <Stack gap="xs">
        <FormAlert message={formError} />
        <Group gap="xs" align="flex-start" wrap="wrap">
          <TextInput label={text.name} style={{ flex: '2 1 10rem' }} {...form.getInputProps('name')} />
          {kind === 'department' ? (
            <CountInput
              label={text.extra}
              style={{ flex: '1 1 7rem' }}
              {...form.getInputProps('estimated_headcount')}
            />
          ) : (
            <TextInput
              label={text.extra}
              placeholder={t('e.g. 22:00–06:00')}
              style={{ flex: '1 1 7rem' }}
              {...form.getInputProps('pattern')}
            />
          )}
        </Group>
        <Button type="submit" variant="light" loading={mutation.isPending} style={{ alignSelf: 'flex-start' }}>
          {text.add}
        </Button>
      </Stack>
    </Box>
  );
}

const PART_FIELDS = ['name', 'extra'] as const;
type PartField = (typeof PART_FIELDS)[number];
type PartValues = Record<PartField, unknown>;

function partValues(part: Department | Shift): PartValues {
  return 'pattern' in part
    ? { name: part.name, extra: part.pattern }
    : { name: part.name, extra: part.estimated_headcount };
}

/** Renames a department or shift, or changes its headcount or pattern. */
function EditPart({
  groupId,
  workplaceId,
  kind,
  part,
  onDone,
}: {
  groupId: string;
  workplaceId: string;
  kind: Kind;
  part: Department | Shift;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const text = partText(kind);
  const queryClient = useQueryClient();
  const edit = useVersionedEdit({
    initial: () => ({ values: partValues(part), version: part.version }),
    fields: PART_FIELDS,
    valuesOf: (saved: Department | Shift) => partValues(saved),
  });
  const { conflict } = edit;
  const initial = partValues(part);
  const { form, onSubmit, applyError } = useApiForm({
    mode: 'controlled',
    initialValues: { name: part.name, extra: (initial.extra ?? '') as number | string },
    validate: {
      name: (value) => (value.trim() === '' ? i18next.t('Enter a name') : null),
      extra: (value) => (kind === 'department' ? validateCount(value) : null),
    },
  });
  const toBody = (values: Partial<PartValues>, version: number): Promise<Department | Shift> =>
    kind === 'department'
      ? updateDepartment(groupId, part.id, {
          ...('name' in values ? { name: values.name as string } : {}),
          ...('extra' in values
            ? { estimated_headcount: values.extra === '' || values.extra === null ? null : Number(values.extra) }
            : {}),
          version,
        })
      : updateShift(groupId, part.id, {
          ...('name' in values ? { name: values.name as string } : {}),
          ...('extra' in values ? { pattern: values.extra === '' ? null : (values.extra as string | null) } : {}),
          version,
        });
  const mutation = useMutation({
    mutationFn: (vars: VersionedSave<PartValues> & { changes: Partial<PartValues> }) =>
      toBody(vars.changes, vars.version),
    onSuccess: async (saved) => {
      notify({ message: t('{name} is saved.', { name: saved.name }) });
      await queryClient.invalidateQueries({ queryKey: workplaceKeys.one(groupId, workplaceId) });
      onDone();
    },
    onError: (error, vars) => {
      edit.fail(error, vars, applyError);
    },
  });
  const specs = [
    { name: 'name' as const, label: text.name },
    { name: 'extra' as const, label: text.extra },
  ];

  if (conflict !== null) {
    return (
      <ConflictResolver
        noun={kind}
        fields={specs}
        diff={conflict.diff}
        theirs={{ updatedAt: conflict.current.updated_at, updatedBy: null, version: conflict.current.version }}
        saving={mutation.isPending}
        onCancel={() => edit.cancel({ rebase: true })}
        onSave={({ changes, version }) => {
          const save = edit.resolve(withChanges(conflict.theirs, changes), version, Object.keys(changes).length === 0);
          if (save) mutation.mutate({ ...save, changes });
          else onDone();
        }}
      />
    );
  }

  return (
    <Box
      component="form"
      noValidate
      aria-label={t('Edit {name}', { name: part.name })}
      onSubmit={onSubmit((values) => {
        const mine: PartValues = {
          name: values.name.trim(),
          extra: kind === 'department' ? (values.extra === '' ? null : Number(values.extra)) : String(values.extra).trim() || null,
        };
        const before = edit.base.values;
        const changes: Partial<PartValues> = {};
        for (const field of PART_FIELDS) if (!sameValue(mine[field], before[field])) changes[field] = mine[field];
        if (Object.keys(changes).length === 0) onDone();
        else mutation.mutate({ ...edit.submit(mine), changes });
      })}
    >
      <Stack gap="sm">
        <FormAlert message={edit.formError} />
        <TextInput label={text.name} required {...form.getInputProps('name')} />
        {kind === 'department' ? (
          <CountInput label={text.extra} {...form.getInputProps('extra')} />
        ) : (
          <TextInput label={text.extra} {...form.getInputProps('extra')} />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('Cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('Save')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}

interface Props {
  groupId: string;
  workplaceId: string;
  kind: Kind;
  items: (Department | Shift)[];
  canWrite: boolean;
}

/** A workplace's departments or shifts: listed, added, removed. */
export function PartsManager({ groupId, workplaceId, kind, items, canWrite }: Props) {
  const { t } = useTranslation();
  const text = partText(kind);
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<Department | Shift | null>(null);
  const [editing, setEditing] = useState<Department | Shift | null>(null);
  const remove = useMutation({
    mutationFn: (part: Department | Shift) =>
      kind === 'department' ? deleteDepartment(groupId, part as Department) : deleteShift(groupId, part as Shift),
    onSuccess: async (_result, part) => {
      setRemoving(null);
      notify({ message: t('{name} removed.', { name: part.name }) });
      await queryClient.invalidateQueries({ queryKey: workplaceKeys.one(groupId, workplaceId) });
      void queryClient.invalidateQueries({ queryKey: ['groups', groupId, 'contacts'] });
    },
  });

  return (
    <Card withBorder padding="sm">
      <Stack gap="sm">
        <Text fw={700}>{text.plural}</Text>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {text.empty}
          </Text>
        ) : (
          <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }} aria-label={text.plural}>
            {items.map((part) => (
              <Group component="li" key={part.id} justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" className="break-anywhere">
                  {part.name}
                  <Text span c="dimmed" inherit>
                    {'estimated_headcount' in part &&
                      part.estimated_headcount !== null &&
                      ` · ${t('about {headcount}', { headcount: formatCount(part.estimated_headcount) })}`}
                    {'pattern' in part && part.pattern && ` · ${part.pattern}`}
                  </Text>
                </Text>
                {canWrite && (
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-sm" variant="subtle" aria-label={t('Edit {name}', { name: part.name })}
                      onClick={() => setEditing(part)}>
                      {t('Edit')}
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red.9"
                      aria-label={t('Remove {name}', { name: part.name })}
                      onClick={() => {
                        remove.reset();
                        setRemoving(part);
                      }}
                    >
                      {t('Remove')}
                    </Button>
                  </Group>
                )}
              </Group>
            ))}
          </Stack>
        )}
        {canWrite && <AddPart groupId={groupId} workplaceId={workplaceId} kind={kind} />}
      </Stack>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('Edit {name}', { name: editing?.name ?? '' })}>
        {editing && (
          <EditPart groupId={groupId} workplaceId={workplaceId} kind={kind} part={editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t('Remove {name}?', { name: removing?.name ?? '' })}>
        <Stack gap="md">
          <Text>{text.afterDelete}</Text>
          {remove.isError && <FormAlert message={errorMessage(remove.error)} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('Keep')}
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => removing && remove.mutate(removing)}>
              {t('Remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
