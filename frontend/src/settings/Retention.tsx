import { useState } from 'react';
import {
  Button,
  Card,
  Group,
  List,
  Modal,
  NumberInput,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { UseFormReturnType } from '@mantine/form';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import {
  removedLabel,
  retentionKeys,
  retentionPreviewQuery,
  retentionQuery,
  runRetention,
  saveRetention,
  type RetentionKind,
  type RetentionRule,
  type RetentionUpdate,
} from '../api/privacy';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { useApiForm } from '../shared/useApiForm';
import { formatCount, formatDate, formatDateTime } from '../lib/format';

function ruleTitle(kind: RetentionKind): string {
  switch (kind) {
    case 'conversation_notes':
      return i18next.t('Clear old conversation notes');
    case 'inactive_contacts':
      return i18next.t('Erase people nobody talks to any more');
  }
}

type Draft = Record<RetentionKind, { enabled: boolean; months: number }>;

function draftOf(rules: RetentionRule[]): Draft {
  const draft = {} as Draft;
  for (const rule of rules) draft[rule.kind] = { enabled: rule.enabled, months: rule.months };
  return draft;
}

/** What a run removed, e.g. "contacts: 3, conversations: 12"; null when it removed nothing. */
function removedSummary(removed: Record<string, number>): string | null {
  const parts = Object.entries(removed)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => i18next.t('{kind}: {number}', { kind: removedLabel(kind), number: formatCount(count) }));
  return parts.length ? parts.join(', ') : null;
}

function Preview({ groupId, kind, months }: { groupId: string; kind: RetentionKind; months: number }) {
  const { t } = useTranslation();
  const preview = useInfiniteQuery(retentionPreviewQuery(groupId, kind, months));
  if (preview.isPending) return <Skeleton height={40} />;
  if (preview.isError) return <FormAlert message={errorMessage(preview.error)} />;
  const [first] = preview.data.pages;
  const items = preview.data.pages.flatMap((page) => page.items);
  return (
    <Stack gap="xs" role="region" aria-label={t('Preview: {title}', { title: ruleTitle(kind) })}>
      <Text size="sm" fw={600} role="status">
        {first?.total === 0
          ? t('Nothing would go now.')
          : kind === 'inactive_contacts'
            ? t(
                '{people, plural, one {# person would be erased} other {# people would be erased}} if it ran now (older than {cutoff}).',
                { people: first?.total ?? 0, cutoff: formatDate(first?.cutoff ?? '') },
              )
            : t(
                '{conversations, plural, one {# conversation would lose its notes} other {# conversations would lose their notes}} if it ran now (older than {cutoff}).',
                { conversations: first?.total ?? 0, cutoff: formatDate(first?.cutoff ?? '') },
              )}
      </Text>
      {items.length > 0 && (
        <List size="sm" spacing={2}>
          {items.map((item) => (
            <List.Item key={item.id} className="break-anywhere">
              {item.type === 'contact'
                ? t('{name} · last talked to or added {date}', { name: item.contact_name, date: formatDate(item.at) })
                : t('{name} · conversation of {date}', { name: item.contact_name, date: formatDate(item.at) })}
            </List.Item>
          ))}
        </List>
      )}
      {preview.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          style={{ alignSelf: 'flex-start' }}
          loading={preview.isFetchingNextPage}
          onClick={() => void preview.fetchNextPage()}
        >
          {t('Show more')}
        </Button>
      )}
    </Stack>
  );
}

function validMonths(months: unknown): months is number {
  return typeof months === 'number' && Number.isInteger(months) && months >= 1 && months <= MAX_MONTHS;
}

const MAX_MONTHS = 600;

function RuleCard({
  groupId,
  rule,
  form,
}: {
  groupId: string;
  rule: RetentionRule;
  form: UseFormReturnType<Draft>;
}) {
  const { t } = useTranslation();
  const [previewing, setPreviewing] = useState(false);
  const lastRemoved = removedSummary(rule.last_removed);
  const headingId = `retention-${rule.kind}`;
  const months = form.values[rule.kind].months;
  const previewable = validMonths(months);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {ruleTitle(rule.kind)}
        </Title>
        <Text size="sm" c="dimmed">
          {rule.description}.
        </Text>
        <Switch
          label={t('Turned on (runs every day)')}
          {...form.getInputProps(`${rule.kind}.enabled`, { type: 'checkbox' })}
        />
        <NumberInput
          label={t('Older than (months)')}
          min={1}
          max={MAX_MONTHS}
          allowDecimal={false}
          {...form.getInputProps(`${rule.kind}.months`)}
          maw={220}
        />
        <Text size="sm">
          {rule.last_run_at === null
            ? t('Has not run yet.')
            : lastRemoved === null
              ? t('Last ran {when} and removed nothing.', { when: formatDateTime(rule.last_run_at) })
              : t('Last ran {when} and removed {removed}.', { when: formatDateTime(rule.last_run_at), removed: lastRemoved })}
        </Text>
        <Button
          variant="default"
          style={{ alignSelf: 'flex-start' }}
          disabled={!previewable}
          aria-expanded={previewing}
          onClick={() => setPreviewing((shown) => !shown)}
        >
          {previewing ? t('Hide preview') : t('Preview what would go')}
        </Button>
        {previewing && previewable && <Preview groupId={groupId} kind={rule.kind} months={months} />}
      </Stack>
    </Card>
  );
}

/** The group's retention rules (owners): what goes once it is old enough. */
export function Retention({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const rules = useQuery(retentionQuery(groupId));
  return (
    <section aria-labelledby="retention-heading">
      <Title order={2} size="h3" id="retention-heading" mb={4}>
        {t('Retention')}
      </Title>
      <Text c="dimmed" mb="sm">
        {t(
          'Keep personal data no longer than the group needs it. Rules are off until you turn them on; turned-on rules run once a day. Preview first: it lists exactly what would go.',
        )}
      </Text>
      {rules.isError && <FormAlert message={errorMessage(rules.error)} />}
      {rules.isPending && <Skeleton height={200} />}
      {rules.isSuccess && <RetentionForm groupId={groupId} rules={rules.data.rules} />}
    </section>
  );
}

function RetentionForm({ groupId, rules }: { groupId: string; rules: RetentionRule[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const monthsRule = (value: unknown) => (validMonths(value) ? null : t('Between 1 and 600 months'));
  const { form, formError, onSubmit, showError } = useApiForm<Draft>(
    {
      initialValues: draftOf(rules),
      // A month count out of range is said at once, as the preview needs a valid one.
      validateInputOnChange: rules.map((rule) => `${rule.kind}.months`),
      validate: {
        conversation_notes: { months: monthsRule },
        inactive_contacts: { months: monthsRule },
      },
    },
    {
      // The API names a rule's fields by their path, as the form does.
      rename: Object.fromEntries(
        rules.flatMap((rule) => [`${rule.kind}.months`, `${rule.kind}.enabled`].map((name) => [name, name])),
      ),
    },
  );
  const [confirming, confirm] = useDisclosure(false);

  const save = useMutation({
    mutationFn: (body: RetentionUpdate) => saveRetention(groupId, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(retentionKeys.all(groupId), saved);
      form.setValues(draftOf(saved.rules));
      notify({ message: t('Retention rules saved.') });
    },
    onError: showError,
  });
  const run = useMutation({
    mutationFn: () => runRetention(groupId),
    onSuccess: async (result) => {
      confirm.close();
      await queryClient.invalidateQueries({ queryKey: ['groups', groupId] });
      const removed = result.outcomes
        .map((outcome) => removedSummary(outcome.removed))
        .filter((summary) => summary !== null);
      notify({
        message:
          result.outcomes.length === 0
            ? t('No rule is turned on.')
            : removed.length === 0
              ? t('Retention ran and removed nothing.')
              : t('Retention ran: {removed}.', { removed: removed.join('; ') }),
      });
    },
  });

  return (
    <>
      <form
        noValidate
        aria-labelledby="retention-heading"
        onSubmit={onSubmit((values) => {
          save.mutate(values);
        })}
      >
        <Stack gap="md">
          <FormAlert message={formError} />
          {rules.map((rule) => (
            <RuleCard key={rule.kind} groupId={groupId} rule={rule} form={form} />
          ))}
          <Group gap="sm" wrap="wrap">
            <Button type="submit" loading={save.isPending}>
              {t('Save retention rules')}
            </Button>
            <Button variant="default" color="red.9" onClick={confirm.open}>
              {t('Run turned-on rules now…')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal
        opened={confirming}
        onClose={confirm.close}
        title={t('Run the retention rules now?')}
        closeButtonProps={{ 'aria-label': t('Close') }}
      >
        <Stack gap="md">
          <Text>
            {t('The saved rules that are turned on run now, as they would tonight. What they remove cannot be brought back.')}
          </Text>
          {run.isError && <FormAlert message={errorMessage(run.error)} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close}>
              {t('Cancel')}
            </Button>
            <Button color="red.9" loading={run.isPending} onClick={() => run.mutate()}>
              {t('Run now')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
