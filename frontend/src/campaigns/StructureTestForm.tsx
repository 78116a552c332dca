import { Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ContactFilterSpec } from '../api/callLists';
import { savedFiltersQuery } from '../api/callLists';
import type { StructureTest, StructureTestCreate, TestKind } from '../api/campaigns';
import { workplaceOptionsQuery } from '../api/disputes';
import { departmentsQuery, shiftsQuery } from '../api/workplaces';
import { FormAlert } from '../app/FormAlert';
import { DayInput } from '../shared/DayInput';
import { hasConditions, sameFilter, useFilterWords } from '../shared/filterWords';
import { blankToNull } from '../shared/forms';
import { useApiForm } from '../shared/useApiForm';
import { PETITION_KINDS, TEST_KINDS, TEST_KIND_LABELS } from './labels';

export interface TestValues {
  kind: TestKind;
  own_kind: string;
  title: string;
  target_percent: number | string;
  deadline: string;
  workplace_ids: string[];
  department_ids: string[];
  shift_ids: string[];
  contact_filter: ContactFilterSpec | null;
  petition_text: string;
  demands: string;
  notes: string;
}

export const EMPTY_TEST: TestValues = {
  kind: 'majority_petition',
  own_kind: '',
  title: '',
  target_percent: 65,
  deadline: '',
  workplace_ids: [],
  department_ids: [],
  shift_ids: [],
  contact_filter: null,
  petition_text: '',
  demands: '',
  notes: '',
};

export function testValues(test: StructureTest): TestValues {
  return {
    kind: test.kind,
    own_kind: test.own_kind ?? '',
    title: test.title,
    target_percent: test.target_percent,
    deadline: test.deadline ?? '',
    workplace_ids: test.workplace_ids,
    department_ids: test.department_ids,
    shift_ids: test.shift_ids,
    contact_filter: test.contact_filter ?? null,
    petition_text: test.petition_text ?? '',
    demands: test.demands.join('\n'),
    notes: test.notes ?? '',
  };
}

/** The body the API takes; only a petition carries its text and demands, one demand a line. */
export function testBody(values: TestValues): Omit<StructureTestCreate, 'position'> {
  const petition = PETITION_KINDS.includes(values.kind);
  return {
    kind: values.kind,
    own_kind: values.kind === 'own' ? blankToNull(values.own_kind) : null,
    title: values.title.trim(),
    target_percent: Number(values.target_percent),
    deadline: values.deadline === '' ? null : values.deadline,
    workplace_ids: values.workplace_ids,
    department_ids: values.department_ids,
    shift_ids: values.shift_ids,
    contact_filter: values.contact_filter,
    petition_text: petition ? blankToNull(values.petition_text) : null,
    demands: petition
      ? values.demands
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '')
      : [],
    notes: blankToNull(values.notes),
  };
}

export function useTestForm(initial: TestValues) {
  return useApiForm<TestValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      title: (value) =>
        value.trim() === ''
          ? i18next.t('Give the test a title')
          : value.length > 200
            ? i18next.t('At most 200 characters')
            : null,
      own_kind: (value, values) =>
        values.kind === 'own' && value.trim() === '' ? i18next.t('Name your own kind of test') : null,
      target_percent: (value) => {
        const number = Number(value);
        return value === '' || !Number.isInteger(number) || number < 1 || number > 100
          ? i18next.t('A whole number from 1 to 100')
          : null;
      },
      demands: (value, values) =>
        PETITION_KINDS.includes(values.kind) && value.split('\n').some((line) => line.trim().length > 500)
          ? i18next.t('Each demand at most 500 characters')
          : null,
    },
  });
}

/** Departments and shifts of the workplaces in scope, as select options. */
function useScopeParts(groupId: string, workplaceIds: string[]) {
  const departments = useQueries({ queries: workplaceIds.map((id) => departmentsQuery(groupId, id)) });
  const shifts = useQueries({ queries: workplaceIds.map((id) => shiftsQuery(groupId, id)) });
  return {
    departmentOptions: departments.flatMap((query) => (query.data ?? []).map((d) => ({ value: d.id, label: d.name }))),
    shiftOptions: shifts.flatMap((query) => (query.data ?? []).map((s) => ({ value: s.id, label: s.name }))),
  };
}

/** The value shown for a test's contact filter that no saved filter now holds. */
const KEPT = 'kept';

/**
 * Narrows the scope with a saved filter's conditions. The test keeps a copy of them, so the
 * choice shows the saved filter that still says the same, or the copy in words.
 */
function ContactFilterChoice({
  groupId,
  value,
  onChange,
}: {
  groupId: string;
  value: ContactFilterSpec | null;
  onChange: (spec: ContactFilterSpec | null) => void;
}) {
  const { t } = useTranslation();
  const saved = useQuery(savedFiltersQuery(groupId));
  const filters = saved.data?.items ?? [];
  const { describe } = useFilterWords(groupId, value ? [value] : []);
  const matching = value ? filters.find((filter) => sameFilter(filter.filter, value)) : undefined;
  const options = filters.map((filter) => ({ value: filter.id, label: filter.name }));
  if (value && !matching) options.unshift({ value: KEPT, label: t('As set: {conditions}', { conditions: describe(value) }) });
  return (
    <Select
      label={t('Only workers matching a saved filter')}
      description={value ? describe(value) : t('None chosen: everyone in scope')}
      placeholder={t('Everyone in scope')}
      clearable
      searchable
      data={options}
      value={value ? (matching?.id ?? KEPT) : null}
      onChange={(id) => {
        if (id === KEPT) return;
        // A saved filter without conditions matches everyone: it narrows nothing.
        const spec = filters.find((filter) => filter.id === id)?.filter;
        onChange(hasConditions(spec) ? spec : null);
      }}
    />
  );
}

export function StructureTestForm({
  groupId,
  campaignWorkplaceId,
  api,
  saving,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  groupId: string;
  campaignWorkplaceId: string;
  api: ReturnType<typeof useTestForm>;
  saving: boolean;
  submitLabel: string;
  onSubmit: (values: TestValues) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { form } = api;
  const values = form.values;
  const workplaces = useQuery(workplaceOptionsQuery(groupId));
  const inScope = values.workplace_ids.length > 0 ? values.workplace_ids : [campaignWorkplaceId];
  const parts = useScopeParts(groupId, inScope);
  const petition = PETITION_KINDS.includes(values.kind);
  return (
    <form noValidate onSubmit={api.onSubmit(onSubmit)} aria-label={t('Structure test details')}>
      <Stack gap="md">
        <FormAlert message={api.formError} />
        <TextInput label={t('Title')} required maxLength={200} {...form.getInputProps('title')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Select
            label={t('Kind')}
            required
            allowDeselect={false}
            data={TEST_KINDS.map((kind) => ({ value: kind, label: TEST_KIND_LABELS[kind] }))}
            {...form.getInputProps('kind')}
          />
          {values.kind === 'own' && (
            <TextInput label={t('Your name for it')} required maxLength={100} {...form.getInputProps('own_kind')} />
          )}
          <NumberInput
            label={t('Target share (%)')}
            description={t('Of the workers in scope, who should take part')}
            required
            min={1}
            max={100}
            allowDecimal={false}
            {...form.getInputProps('target_percent')}
          />
          <DayInput label={t('Deadline')} {...form.getInputProps('deadline')} onChange={(day) => form.setFieldValue('deadline', day)} />
        </SimpleGrid>
        <MultiSelect
          label={t('Workplaces')}
          description={t('None chosen: the campaign’s workplace')}
          searchable
          data={(workplaces.data ?? []).map((workplace) => ({ value: workplace.id, label: workplace.name }))}
          {...form.getInputProps('workplace_ids')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <MultiSelect
            label={t('Departments')}
            description={t('None chosen: every department')}
            searchable
            data={parts.departmentOptions}
            {...form.getInputProps('department_ids')}
          />
          <MultiSelect
            label={t('Shifts')}
            description={t('None chosen: every shift')}
            searchable
            data={parts.shiftOptions}
            {...form.getInputProps('shift_ids')}
          />
        </SimpleGrid>
        <ContactFilterChoice
          groupId={groupId}
          value={values.contact_filter}
          onChange={(spec) => form.setFieldValue('contact_filter', spec)}
        />
        {petition && (
          <>
            <Textarea label={t('Petition text')} autosize minRows={3} {...form.getInputProps('petition_text')} />
            <Textarea
              label={t('Demands')}
              description={t('One demand a line')}
              autosize
              minRows={2}
              {...form.getInputProps('demands')}
            />
          </>
        )}
        <Textarea label={t('Notes')} autosize minRows={2} {...form.getInputProps('notes')} />
        <Group gap="sm">
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('Cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
