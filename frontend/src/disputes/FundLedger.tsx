import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Modal, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { createFundEntry, disputeKeys, fundEntriesQuery, reverseFundEntry } from '../api/disputes';
import { actionListQuery } from '../api/solidarity';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { blankToNull } from '../shared/forms';
import { useApiForm } from '../shared/useApiForm';
import { ContactPicker } from '../shared/ContactPicker';
import { DayInput } from '../shared/DayInput';
import { FUND_ENTRY_KIND_LABELS } from '../shared/disputeLabels';
import { useIdempotencyKey } from '../shared/idempotency';
import { MoneyInput, numberOrNull, validateMoney } from '../shared/NumberInputs';
import { useMembers } from '../shared/useMembers';
import { today } from '../lib/days';
import { formatDay, formatMoney } from '../lib/format';
import {
  MONEY_IN_KINDS,
  MONEY_OUT_KINDS,
  PAID_TO_PEOPLE,
  type FundEntry,
  type FundEntryCreate,
  type FundEntryKind,
} from '../api/disputeTypes';

interface EntryValues {
  kind: FundEntryKind;
  amount: number | string;
  entry_on: string;
  description: string;
  recipient_id: string | null;
  action_id: string | null;
  allow_future_date: boolean;
}

function emptyEntry(): EntryValues {
  return {
    kind: 'donation',
    amount: '',
    entry_on: today(),
    description: '',
    recipient_id: null,
    action_id: null,
    allow_future_date: false,
  };
}

function entryBody(values: EntryValues): FundEntryCreate {
  const future = values.entry_on > today();
  return {
    kind: values.kind,
    amount: numberOrNull(values.amount) ?? 0,
    entry_on: values.entry_on,
    description: blankToNull(values.description),
    recipient_id: PAID_TO_PEOPLE.includes(values.kind) ? values.recipient_id : null,
    action_id: values.kind === 'solidarity_collection' ? values.action_id : null,
    allow_future_date: future && values.allow_future_date,
  };
}

function kindOptions() {
  return [
    {
      group: i18next.t('Money in'),
      items: MONEY_IN_KINDS.map((kind) => ({ value: kind, label: FUND_ENTRY_KIND_LABELS[kind] })),
    },
    {
      group: i18next.t('Money out'),
      items: MONEY_OUT_KINDS.map((kind) => ({ value: kind, label: FUND_ENTRY_KIND_LABELS[kind] })),
    },
  ];
}

/** Adds an entry to the strike fund: short enough to fill in on a phone at a collection. */
function NewEntryForm({ groupId, disputeId, onSaved }: { groupId: string; disputeId: string; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<EntryValues>({
    mode: 'controlled',
    initialValues: emptyEntry(),
    validate: {
      amount: (value) => validateMoney(value, true),
      entry_on: (value) => (value === '' ? i18next.t('Choose the day') : null),
      description: (value) => (value.trim().length > 500 ? i18next.t('At most 500 characters') : null),
      allow_future_date: (value, values) =>
        values.entry_on > today() && !value ? i18next.t('This day has not come yet: tick to record it anyway') : null,
    },
  });
  const values = form.getValues();
  const actionPages = useInfiniteQuery({
    ...actionListQuery(groupId, { dispute: disputeId }),
    enabled: values.kind === 'solidarity_collection',
  });
  const actions = actionPages.data?.pages.flatMap((page) => page.items) ?? [];

  const save = useMutation({
    mutationFn: (entry: EntryValues) => {
      const body = entryBody(entry);
      return createFundEntry(groupId, disputeId, body, idempotency.keyFor(body));
    },
    onSuccess: async (entry) => {
      idempotency.reset();
      form.setValues({ ...emptyEntry(), kind: entry.kind });
      notify({
        message: t('{kind} of {amount} recorded.', {
          kind: FUND_ENTRY_KIND_LABELS[entry.kind],
          amount: formatMoney(entry.amount),
        }),
      });
      await onSaved();
    },
    onError: showError,
  });

  return (
    <form
      noValidate
      aria-label={t('Add to the strike fund')}
      onSubmit={onSubmit((entry) => save.mutate(entry))}
    >
      <Stack gap="sm">
        <FormAlert message={formError} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('What for')}
            data={kindOptions()}
            allowDeselect={false}
            required
            {...form.getInputProps('kind')}
          />
          <MoneyInput label={t('Amount')} required {...form.getInputProps('amount')} />
          <DayInput label={t('Date')} required {...form.getInputProps('entry_on')} />
          <TextInput label={t('Note')} maxLength={500} {...form.getInputProps('description')} />
        </SimpleGrid>
        {values.entry_on > today() && (
          <Checkbox
            label={t('Record money dated {day}, which has not come yet', { day: formatDay(values.entry_on) })}
            {...form.getInputProps('allow_future_date', { type: 'checkbox' })}
          />
        )}
        {PAID_TO_PEOPLE.includes(values.kind) && (
          <ContactPicker
            groupId={groupId}
            label={t('Paid to')}
            description={t('Only organisers and owners see who was paid.')}
            value={values.recipient_id}
            onChange={(id) => form.setFieldValue('recipient_id', id)}
            error={typeof form.errors.recipient_id === 'string' ? form.errors.recipient_id : null}
          />
        )}
        {values.kind === 'solidarity_collection' && (
          <Select
            label={t('Solidarity action')}
            description={t('The action for this dispute whose collection this is.')}
            data={actions.map((action) => ({ value: action.id, label: action.title }))}
            clearable
            searchable
            nothingFoundMessage={t('No solidarity action for this dispute yet')}
            value={values.action_id}
            onChange={(id) => {
              form.setFieldValue('action_id', id);
              const raised = actions.find((action) => action.id === id)?.money_raised;
              if (raised && values.amount === '') form.setFieldValue('amount', Number(raised));
            }}
            error={form.errors.action_id}
          />
        )}
        <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('Add to the fund')}
        </Button>
      </Stack>
    </form>
  );
}

function EntryRow({
  entry,
  recorder,
  canEdit,
  onReverse,
}: {
  entry: FundEntry;
  recorder: string | null;
  canEdit: boolean;
  onReverse: (entry: FundEntry) => void;
}) {
  const { t } = useTranslation();
  const signed = Number(entry.signed_amount);
  const reversed = entry.reversed_by_id !== null;
  const details = [
    formatDay(entry.entry_on),
    entry.recipient_name !== null
      ? t('paid to {name}', { name: entry.recipient_name })
      : entry.recipient_hidden
        ? t('recipient shown to organisers only')
        : null,
    recorder !== null ? t('recorded by {name}', { name: recorder }) : null,
  ].filter((part): part is string => part !== null);
  return (
    <Paper component="li" withBorder p="xs" data-testid="fund-entry">
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text fw={600}>{FUND_ENTRY_KIND_LABELS[entry.kind]}</Text>
            {entry.reverses_id !== null && <Badge color="gray" variant="light">{t('Correction')}</Badge>}
            {reversed && <Badge color="orange" variant="light">{t('Reversed')}</Badge>}
          </Group>
          {entry.description && (
            <Text size="sm" className="break-anywhere">
              {entry.description}
            </Text>
          )}
          <Text size="xs" c="dimmed" className="break-anywhere">
            {details.join(' · ')}
          </Text>
        </Stack>
        <Stack gap={4} align="flex-end">
          <Text
            fw={700}
            c={signed < 0 ? 'red.9' : undefined}
            td={reversed ? 'line-through' : undefined}
            style={{ whiteSpace: 'nowrap' }}
          >
            {signed < 0 ? t('−{amount}', { amount: formatMoney(-signed) }) : t('+{amount}', { amount: formatMoney(signed) })}
          </Text>
          {canEdit && !reversed && entry.reverses_id === null && (
            <Button size="compact-xs" variant="subtle" onClick={() => onReverse(entry)}>
              {t('Reverse')}
            </Button>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}

/** The strike fund's ledger: every entry in and out, newest first, with who recorded it. */
export function FundLedger({ groupId, disputeId, canEdit }: { groupId: string; disputeId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const entries = useInfiniteQuery(fundEntriesQuery(groupId, disputeId));
  const members = useMembers(groupId);
  const [reversing, setReversing] = useState<FundEntry | null>(null);
  const [reason, setReason] = useState('');
  const idempotency = useIdempotencyKey();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: disputeKeys.fund(groupId, disputeId) }),
      queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, disputeId) }),
      queryClient.invalidateQueries({ queryKey: disputeKeys.board(groupId) }),
    ]);
  };
  const reverse = useMutation({
    mutationFn: (entry: FundEntry) => {
      const description = blankToNull(reason);
      return reverseFundEntry(groupId, entry.id, description, idempotency.keyFor({ entry: entry.id, description }));
    },
    onSuccess: async () => {
      idempotency.reset();
      setReversing(null);
      setReason('');
      notify({ message: t('Entry reversed: the ledger keeps both.') });
      await refresh();
    },
  });
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {t('Ledger')}
      </Title>
      {entries.isError && <FormAlert message={errorMessage(entries.error)} />}
      {entries.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('Nothing recorded yet.')}
        </Text>
      )}
      {items.length > 0 && (
        <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Ledger')}>
          {items.map((entry) => (
            <EntryRow
              key={entry.id}
              entry={entry}
              recorder={entry.created_by === null ? null : (members.names.get(entry.created_by) ?? null)}
              canEdit={canEdit}
              onReverse={setReversing}
            />
          ))}
        </Stack>
      )}
      {entries.hasNextPage && (
        <Button variant="default" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          {t('Show older entries')}
        </Button>
      )}
      {canEdit && (
        <>
          <Title order={3} size="h4" mt="sm">
            {t('Add to the strike fund')}
          </Title>
          <NewEntryForm groupId={groupId} disputeId={disputeId} onSaved={refresh} />
        </>
      )}
      <Modal
        opened={reversing !== null}
        onClose={() => setReversing(null)}
        title={t('Reverse this entry?')}
      >
        {reversing !== null && (
          <Stack gap="md">
            <Text size="sm">
              {t('An entry of {amount} dated today cancels it. Both stay in the ledger, so the history shows the correction.', {
                amount: formatMoney(reversing.amount),
              })}
            </Text>
            <TextInput label={t('Why')} maxLength={500} value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
            {reverse.isError && <FormAlert message={errorMessage(reverse.error)} />}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setReversing(null)}>
                {t('Keep it')}
              </Button>
              <Button color="orange.9" loading={reverse.isPending} onClick={() => reverse.mutate(reversing)}>
                {t('Reverse entry')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
