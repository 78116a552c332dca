import { useState } from 'react';
import { Box, Button, Group,  SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { CountInput, validateCount } from '../shared/NumberInputs';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { ConflictResolver, type FieldSpec } from '../shared/ConflictResolver';
import { withChanges } from '../shared/forms';
import { sameValue } from '../shared/merge';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';
import { useApiForm } from '../shared/useApiForm';
import { useMembers } from '../shared/useMembers';
import { newIdempotencyKey } from '../shared/idempotency';
import { createWorkplace, updateWorkplace, workplaceKeys, type Workplace } from '../api/workplaces';

const FIELDS = ['name', 'employer', 'sector', 'address', 'postcode', 'unions', 'estimated_headcount', 'notes'] as const;
type Field = (typeof FIELDS)[number];

function fieldLabel(field: Field): string {
  switch (field) {
    case 'name':
      return i18next.t('Name');
    case 'employer':
      return i18next.t('Employer');
    case 'sector':
      return i18next.t('Sector');
    case 'address':
      return i18next.t('Address');
    case 'postcode':
      return i18next.t('Postcode');
    case 'unions':
      return i18next.t('Recognised unions');
    case 'estimated_headcount':
      return i18next.t('Estimated headcount');
    case 'notes':
      return i18next.t('Notes');
  }
}

function atMost(characters: number): string {
  return i18next.t('Use at most {characters, plural, one {# character} other {# characters}}', { characters });
}

interface Values {
  name: string;
  employer: string;
  sector: string;
  address: string;
  postcode: string;
  unions: string[];
  estimated_headcount: number | string;
  notes: string;
}

type Body = Record<Field, unknown>;

function toValues(workplace?: Workplace): Values {
  return {
    name: workplace?.name ?? '',
    employer: workplace?.employer ?? '',
    sector: workplace?.sector ?? '',
    address: workplace?.address ?? '',
    postcode: workplace?.postcode ?? '',
    unions: workplace?.unions ?? [],
    estimated_headcount: workplace?.estimated_headcount ?? '',
    notes: workplace?.notes ?? '',
  };
}

function toBody(values: Values) {
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    name: values.name.trim(),
    employer: text(values.employer),
    sector: text(values.sector),
    address: text(values.address),
    postcode: text(values.postcode),
    unions: values.unions,
    estimated_headcount: values.estimated_headcount === '' ? null : Number(values.estimated_headcount),
    notes: text(values.notes),
  };
}

interface Props {
  groupId: string;
  /** The workplace to edit; without it a new one is added. */
  workplace?: Workplace;
  onDone: (workplace: Workplace) => void;
  onCancel: () => void;
}

/** Adds or edits a workplace; an edit that crosses someone else's shows both versions. */
export function WorkplaceForm({ groupId, workplace, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const members = useMembers(groupId);
  const [key] = useState(newIdempotencyKey);
  const edit = useVersionedEdit({
    initial: () => ({ values: toBody(toValues(workplace)), version: workplace?.version ?? 0 }),
    fields: FIELDS,
    valuesOf: (saved: Workplace) => toBody(toValues(saved)) as Body,
  });
  const { conflict } = edit;
  const { form, onSubmit, applyError } = useApiForm<Values>({
    mode: 'controlled',
    initialValues: toValues(workplace),
    validate: {
      name: (value) => (value.trim() === '' ? i18next.t('Enter a name') : value.trim().length > 200 ? atMost(200) : null),
      estimated_headcount: (value) => validateCount(value),
      postcode: (value) => (value.trim().length > 16 ? atMost(16) : null),
    },
  });

  const finish = (result: Workplace) => {
    void queryClient.invalidateQueries({ queryKey: workplaceKeys.all(groupId) });
    notify({ color: 'teal', message: t('{name} is saved.', { name: result.name }) });
    onDone(result);
  };

  const mutation = useMutation({
    mutationFn: (vars: VersionedSave<Body> & { changes: Partial<Body> }) =>
      workplace === undefined
        ? createWorkplace(groupId, toBody(form.getValues()), key)
        : updateWorkplace(groupId, workplace.id, { ...vars.changes, version: vars.version } as Parameters<typeof updateWorkplace>[2]),
    onSuccess: finish,
    onError: (error, vars) => {
      edit.fail(error, vars, applyError);
    },
  });

  if (conflict !== null) {
    return (
      <ConflictResolver
        noun="workplace"
        fields={FIELDS.map((name): FieldSpec<Field> => ({ name, label: fieldLabel(name) }))}
        diff={conflict.diff}
        theirs={{
          updatedAt: conflict.current.updated_at,
          updatedBy: conflict.current.updated_by ? (members.names.get(conflict.current.updated_by) ?? null) : null,
          version: conflict.current.version,
        }}
        saving={mutation.isPending}
        onCancel={() => edit.cancel({ rebase: true })}
        onSave={({ changes, version }) => {
          const save = edit.resolve(withChanges(conflict.theirs, changes), version, Object.keys(changes).length === 0);
          if (save) mutation.mutate({ ...save, changes });
          else finish(conflict.current);
        }}
      />
    );
  }

  return (
    <Box
      component="form"
      noValidate
      aria-label={workplace ? t('Edit {name}', { name: workplace.name }) : t('New workplace')}
      onSubmit={onSubmit((values) => {
        const mine = toBody(values) as Body;
        if (workplace === undefined) {
          mutation.mutate({ ...edit.submit(mine), changes: {} });
          return;
        }
        const before = edit.base.values;
        const changes: Partial<Body> = {};
        for (const field of FIELDS) if (!sameValue(mine[field], before[field])) changes[field] = mine[field];
        if (Object.keys(changes).length === 0) onCancel();
        else mutation.mutate({ ...edit.submit(mine), changes });
      })}
    >
      <Stack gap="sm">
        <FormAlert message={edit.formError} />
        <TextInput label={fieldLabel('name')} required {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={fieldLabel('employer')} {...form.getInputProps('employer')} />
          <TextInput label={fieldLabel('sector')} placeholder={t('e.g. health, logistics')} {...form.getInputProps('sector')} />
          <CountInput
            label={fieldLabel('estimated_headcount')}
            description={t('For coverage on the wall chart')}
            {...form.getInputProps('estimated_headcount')}
          />
          <TextInput label={fieldLabel('postcode')} {...form.getInputProps('postcode')} />
        </SimpleGrid>
        <Textarea label={fieldLabel('address')} autosize minRows={2} {...form.getInputProps('address')} />
        <TagsInput
          label={fieldLabel('unions')}
          description={t('Press Enter after each one')} {...form.getInputProps('unions')} />
        <Textarea label={fieldLabel('notes')} autosize minRows={2} {...form.getInputProps('notes')} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('Cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {workplace ? t('Save changes') : t('Add workplace')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}
