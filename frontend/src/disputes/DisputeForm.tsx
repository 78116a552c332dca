import { useMemo } from 'react';
import {
  Button,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { useApiForm } from '../shared/useApiForm';
import { FormAlert } from '../app/FormAlert';
import { workplaceOptionsQuery } from '../api/disputes';
import { asText, blankToNull } from '../shared/forms';
import { ALL_STATUSES, DISPUTE_STATUS_LABELS } from '../shared/disputeLabels';
import type { Dispute, DisputeCreate, DisputeStatus } from '../api/disputeTypes';
import { formatDay, formatMoney } from '../lib/format';
import { DayInput } from '../shared/DayInput';
import { MoneyInput, numberOrNull, validateMoney } from '../shared/NumberInputs';

export interface DisputeValues {
  title: string;
  summary: string;
  status: DisputeStatus;
  workplace_ids: string[];
  unions: string[];
  started_on: string;
  strike_fund_target: number | string;
}

export const DISPUTE_FIELDS = [
  'title',
  'summary',
  'status',
  'workplace_ids',
  'unions',
  'started_on',
  'strike_fund_target',
] as const satisfies readonly (keyof DisputeValues)[];

export function disputeFieldLabels(): Record<keyof DisputeValues, string> {
  return {
    title: i18next.t('Title'),
    summary: i18next.t('Summary'),
    status: i18next.t('Status'),
    workplace_ids: i18next.t('Workplaces'),
    unions: i18next.t('Unions'),
    started_on: i18next.t('Started on'),
    strike_fund_target: i18next.t('Strike fund target'),
  };
}

export const EMPTY_DISPUTE: DisputeValues = {
  title: '',
  summary: '',
  status: 'brewing',
  workplace_ids: [],
  unions: [],
  started_on: '',
  strike_fund_target: '',
};

function money(value: string | null): number | string {
  return value === null ? '' : Number(value);
}

export function disputeValues(dispute: Dispute): DisputeValues {
  return {
    title: dispute.title,
    summary: dispute.summary ?? '',
    status: dispute.status,
    workplace_ids: [...dispute.workplace_ids].sort(),
    unions: dispute.unions,
    started_on: dispute.started_on ?? '',
    strike_fund_target: money(dispute.strike_fund_target),
  };
}

/** The request body for these values (create and update take the same fields). */
export function disputeBody(values: DisputeValues): DisputeCreate {
  return {
    title: values.title.trim(),
    summary: blankToNull(values.summary),
    status: values.status,
    workplace_ids: values.workplace_ids,
    unions: values.unions,
    started_on: values.started_on === '' ? null : values.started_on,
    strike_fund_target: numberOrNull(values.strike_fund_target),
  };
}

/** A field's value in words, for the conflict screen. */
export function describeDisputeValue(
  field: keyof DisputeValues,
  value: unknown,
  workplaceNames: ReadonlyMap<string, string>,
): string {
  if (value === null || value === undefined || value === '') return i18next.t('(empty)');
  switch (field) {
    case 'status':
      return DISPUTE_STATUS_LABELS[value as DisputeStatus];
    case 'workplace_ids':
      return (
        (value as string[]).map((id) => workplaceNames.get(id) ?? i18next.t('a workplace')).join(', ') ||
        i18next.t('(none)')
      );
    case 'unions':
      return (value as string[]).join(', ') || i18next.t('(none)');
    case 'started_on':
      return formatDay(value as string);
    case 'strike_fund_target':
      return formatMoney(value as number);
    default:
      return asText(value);
  }
}

export function useDisputeForm(initial: DisputeValues) {
  return useApiForm<DisputeValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      title: (value) =>
        value.trim() === ''
          ? i18next.t('Enter a title')
          : value.trim().length > 200
            ? i18next.t('At most 200 characters')
            : null,
      summary: (value) => (value.length > 20_000 ? i18next.t('At most 20,000 characters') : null),
      workplace_ids: (value) => (value.length > 50 ? i18next.t('At most 50 workplaces') : null),
      unions: (value) =>
        value.length > 20
          ? i18next.t('At most 20 unions')
          : value.some((name) => name.trim().length > 100)
            ? i18next.t('Each name must be at most 100 characters')
            : null,
      strike_fund_target: (value) => validateMoney(value),
    },
  });
}

export type DisputeFormApi = ReturnType<typeof useDisputeForm>;

interface Props {
  groupId: string;
  api: DisputeFormApi;
  submitLabel: string;
  saving: boolean;
  formError: string | null;
  onSubmit: (values: DisputeValues) => void;
  onCancel: () => void;
}

export function DisputeForm({
  groupId,
  api,
  submitLabel,
  saving,
  formError,
  onSubmit,
  onCancel,
}: Props) {
  const { t } = useTranslation();
  const { form } = api;
  const workplaces = useQuery(workplaceOptionsQuery(groupId));
  const workplaceNames = useMemo(
    () => new Map((workplaces.data ?? []).map((w) => [w.id, w.name])),
    [workplaces.data],
  );
  const workplaceData = (workplaces.data ?? []).map((w) => ({ value: w.id, label: w.name }));
  // Keep workplaces already chosen selectable even before the list has loaded.
  for (const id of form.values.workplace_ids) {
    if (!workplaceNames.has(id)) workplaceData.push({ value: id, label: t('Workplace') });
  }
  const unionSuggestions = Array.from(
    new Set((workplaces.data ?? []).flatMap((w) => w.unions)),
  ).sort();

  return (
    <form noValidate onSubmit={api.onSubmit(onSubmit)} aria-label={t('Dispute details')}>
      <Stack gap="md">
        <FormAlert message={formError} />
        <TextInput
          label={t('Title')}
          description={t('A short name people will recognise, e.g. “Night shift pay cut”.')}
          required
          maxLength={200}
          {...form.getInputProps('title')}
        />
        <Textarea
          label={t('Summary')}
          description={t('What the dispute is about and where it stands.')}
          autosize
          minRows={3}
          maxRows={10}
          {...form.getInputProps('summary')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('Status')}
            data={ALL_STATUSES.map((status) => ({ value: status, label: DISPUTE_STATUS_LABELS[status] }))}
            allowDeselect={false}
            required
            {...form.getInputProps('status')}
          />
          <DayInput label={t('Started on')} {...form.getInputProps('started_on')} />
        </SimpleGrid>
        <MultiSelect
          label={t('Workplaces')}
          description={workplaces.isError ? t('The workplaces could not be loaded.') : t('Where the dispute is.')}
          placeholder={form.values.workplace_ids.length === 0 ? t('Choose workplaces') : undefined}
          data={workplaceData}
          searchable
          clearable
          nothingFoundMessage={t('No workplace by that name')}
          {...form.getInputProps('workplace_ids')}
        />
        <TagsInput
          label={t('Unions')}
          description={t("Type a union's name and press Enter.")}
          data={unionSuggestions}
          clearable
          {...form.getInputProps('unions')}
        />
        <MoneyInput
          label={t('Strike fund target')}
          description={t('Leave empty if there is no target. What is raised is counted from the strike fund’s entries.')}
          {...form.getInputProps('strike_fund_target')}
        />
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
