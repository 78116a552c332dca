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
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
import { formatDate, formatDateTime } from '../lib/format';

const TITLES: Record<RetentionKind, string> = {
  conversation_notes: 'Clear old conversation notes',
  inactive_contacts: 'Erase people nobody talks to any more',
};

type Draft = Record<RetentionKind, { enabled: boolean; months: number }>;

function draftOf(rules: RetentionRule[]): Draft {
  const draft = {} as Draft;
  for (const rule of rules) draft[rule.kind] = { enabled: rule.enabled, months: rule.months };
  return draft;
}

function removedSummary(removed: Record<string, number>): string {
  const parts = Object.entries(removed)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${removedLabel(kind)}: ${count}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

function Preview({ groupId, kind, months }: { groupId: string; kind: RetentionKind; months: number }) {
  const preview = useInfiniteQuery(retentionPreviewQuery(groupId, kind, months));
  if (preview.isPending) return <Skeleton height={40} />;
  if (preview.isError) return <FormAlert message={errorMessage(preview.error)} />;
  const [first] = preview.data.pages;
  const items = preview.data.pages.flatMap((page) => page.items);
  return (
    <Stack gap="xs" role="region" aria-label={`Preview: ${TITLES[kind]}`}>
      <Text size="sm" fw={600} role="status">
        {first?.total === 0
          ? 'Nothing would go now.'
          : `${first?.total ?? 0} ${kind === 'inactive_contacts' ? 'people would be erased' : 'conversations would lose their notes'} if it ran now (older than ${formatDate(first?.cutoff ?? '')}).`}
      </Text>
      {items.length > 0 && (
        <List size="sm" spacing={2}>
          {items.map((item) => (
            <List.Item key={item.id} className="break-anywhere">
              {item.contact_name} · {item.type === 'contact' ? 'last talked to or added' : 'conversation of'}{' '}
              {formatDate(item.at)}
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
          Show more
        </Button>
      )}
    </Stack>
  );
}

function RuleCard({
  groupId,
  rule,
  value,
  onChange,
}: {
  groupId: string;
  rule: RetentionRule;
  value: { enabled: boolean; months: number };
  onChange: (next: { enabled: boolean; months: number }) => void;
}) {
  const [previewing, setPreviewing] = useState(false);
  const headingId = `retention-${rule.kind}`;
  const validMonths = Number.isInteger(value.months) && value.months >= 1 && value.months <= 600;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {TITLES[rule.kind]}
        </Title>
        <Text size="sm" c="dimmed">
          {rule.description}.
        </Text>
        <Switch
          label="Turned on (runs every day)"
          checked={value.enabled}
          onChange={(event) => onChange({ ...value, enabled: event.currentTarget.checked })}
        />
        <NumberInput
          label="Older than (months)"
          min={1}
          max={600}
          allowDecimal={false}
          value={value.months}
          onChange={(next) => onChange({ ...value, months: typeof next === 'number' ? next : Number(next) })}
          error={validMonths ? null : 'Between 1 and 600 months'}
          maw={220}
        />
        <Text size="sm">
          {rule.last_run_at
            ? `Last ran ${formatDateTime(rule.last_run_at)} and removed ${removedSummary(rule.last_removed)}.`
            : 'Has not run yet.'}
        </Text>
        <Button
          variant="default"
          style={{ alignSelf: 'flex-start' }}
          disabled={!validMonths}
          aria-expanded={previewing}
          onClick={() => setPreviewing((shown) => !shown)}
        >
          {previewing ? 'Hide preview' : 'Preview what would go'}
        </Button>
        {previewing && validMonths && <Preview groupId={groupId} kind={rule.kind} months={value.months} />}
      </Stack>
    </Card>
  );
}

/** The group's retention rules (owners): what goes once it is old enough. */
export function Retention({ groupId }: { groupId: string }) {
  const rules = useQuery(retentionQuery(groupId));
  return (
    <section aria-labelledby="retention-heading">
      <Title order={2} size="h3" id="retention-heading" mb={4}>
        Retention
      </Title>
      <Text c="dimmed" mb="sm">
        Keep personal data no longer than the group needs it. Rules are off until you turn them on; turned-on rules
        run once a day. Preview first: it lists exactly what would go.
      </Text>
      {rules.isError && <FormAlert message={errorMessage(rules.error)} />}
      {rules.isPending && <Skeleton height={200} />}
      {rules.isSuccess && <RetentionForm groupId={groupId} rules={rules.data.rules} />}
    </section>
  );
}

function RetentionForm({ groupId, rules }: { groupId: string; rules: RetentionRule[] }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(rules));
  const [confirming, confirm] = useDisclosure(false);

  const save = useMutation({
    mutationFn: (body: RetentionUpdate) => saveRetention(groupId, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(retentionKeys.all(groupId), saved);
      setDraft(draftOf(saved.rules));
      notify({ message: 'Retention rules saved.' });
    },
  });
  const run = useMutation({
    mutationFn: () => runRetention(groupId),
    onSuccess: async (result) => {
      confirm.close();
      await queryClient.invalidateQueries({ queryKey: ['groups', groupId] });
      const summary = result.outcomes.map((outcome) => removedSummary(outcome.removed)).join('; ');
      notify({ message: result.outcomes.length ? `Retention ran: ${summary}.` : 'No rule is turned on.' });
    },
  });

  return (
    <>
      <form
        noValidate
        aria-labelledby="retention-heading"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(draft);
        }}
      >
        <Stack gap="md">
          {save.isError && <FormAlert message={errorMessage(save.error)} />}
          {rules.map((rule) => (
            <RuleCard
              key={rule.kind}
              groupId={groupId}
              rule={rule}
              value={draft[rule.kind]}
              onChange={(next) => setDraft({ ...draft, [rule.kind]: next })}
            />
          ))}
          <Group gap="sm" wrap="wrap">
            <Button type="submit" loading={save.isPending}>
              Save retention rules
            </Button>
            <Button variant="default" color="red.9" onClick={confirm.open}>
              Run turned-on rules now…
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal
        opened={confirming}
        onClose={confirm.close}
        title="Run the retention rules now?"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack gap="md">
          <Text>
            The saved rules that are turned on run now, as they would tonight. What they remove cannot be brought back.
          </Text>
          {run.isError && <FormAlert message={errorMessage(run.error)} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button color="red.9" loading={run.isPending} onClick={() => run.mutate()}>
              Run now
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
