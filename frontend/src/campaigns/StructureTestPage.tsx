import i18next from 'i18next';
import { Badge, Button, Group, Paper, Select, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupQuery } from '../api/groups';
import {
  campaignKeys,
  recordResponse,
  structureTestQuery,
  type SignatureMethod,
  testResultsQuery,
  testWorkersQuery,
  type Participation,
  type ScopedWorker,
  type Tally,
  type TestResults,
} from '../api/campaigns';
import { FormAlert } from '../app/FormAlert';
import { errorMessage } from '../api/errors';

import { usePageTitle } from '../app/usePageTitle';
import { can } from '../shared/permissions';
import { translatedLabels } from '../lib/labels';
import { formatCount, formatDay, formatPercent } from '../lib/format';
import { today } from '../lib/days';
import { AnchorLink } from '../app/links';
import { DayInput } from '../shared/DayInput';
import { hasConditions, useFilterWords } from '../shared/filterWords';
import { PETITION_KINDS, testKindName } from './labels';

const errorText = (error: Error | null) => (error === null ? null : errorMessage(error));
const route = getRouteApi('/_app/groups/$groupId/structure-tests/$testId');

const STATUS_LABELS = translatedLabels<Participation>({
  not_asked: () => i18next.t('Not asked'),
  took_part: () => i18next.t('Took part'),
  refused: () => i18next.t('Refused'),
  unreachable: () => i18next.t('Unreachable'),
});
const STATUS_COLORS: Record<Participation, string> = {
  not_asked: 'gray.8',
  took_part: 'teal.9',
  refused: 'red.9',
  unreachable: 'grape.9',
};
const RECORDABLE: Participation[] = ['took_part', 'refused', 'unreachable'];

function TallyCells({ tally }: { tally: Tally }) {
  const { t } = useTranslation();
  return (
    <>
      <Table.Td>
        {t('{took} of {total}', { took: formatCount(tally.took_part), total: formatCount(tally.in_scope) })}
      </Table.Td>
      <Table.Td>{formatPercent(tally.took_part_percent)}</Table.Td>
      <Table.Td>
        {tally.target_met ? (
          <Badge color="teal.9" variant="filled">{t('Target met')}</Badge>
        ) : (
          <Badge color="red.9" variant="filled">{t('{more, plural, one {# more needed} other {# more needed}}', { more: tally.more_needed })}</Badge>
        )}
      </Table.Td>
    </>
  );
}

function Results({ results }: { results: TestResults }) {
  const { t } = useTranslation();
  const rows = [
    { key: 'total', label: t('Everyone in scope'), tally: results.total },
    ...results.by_department.map((row) => ({ key: `d-${row.id ?? ''}`, label: row.name ?? t('No department'), tally: row.tally })),
    ...results.by_shift.map((row) => ({ key: `s-${row.id ?? ''}`, label: row.name ?? t('No shift'), tally: row.tally })),
  ];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Paper withBorder p="md" data-testid="test-results">
        <Title order={2} size="h3" mb="xs">
          {t('Results against the {target} target', { target: formatPercent(results.total.target_percent) })}
        </Title>
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('Where')}</Table.Th>
                <Table.Th>{t('Took part')}</Table.Th>
                <Table.Th>{t('Share')}</Table.Th>
                <Table.Th>{t('Target')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>{row.label}</Table.Td>
                  <TallyCells tally={row.tally} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
      </Paper>
      <Paper withBorder p="md" data-testid="predicted-vs-actual">
        <Title order={2} size="h3" mb="xs">
          {t('Where the chart was wrong')}
        </Title>
        <Text size="sm" fw={600}>
          {t('Assessed leader or supporter (1–2) but refused')}
        </Text>
        <SurpriseList workers={results.supportive_not_taking_part} />
        <Text size="sm" fw={600} mt="sm">
          {t('Assessed not interested or hostile (4–5) but took part')}
        </Text>
        <SurpriseList workers={results.unsupportive_taking_part} />
      </Paper>
    </SimpleGrid>
  );
}

function SurpriseList({ workers }: { workers: TestResults['supportive_not_taking_part'] }) {
  const { t } = useTranslation();
  if (workers.length === 0) return <Text size="sm" c="dimmed">{t('Nobody.')}</Text>;
  return (
    <Stack gap={2} component="ul" m={0} ps="md">
      {workers.map((worker) => (
        <Text component="li" size="sm" key={worker.contact_id}>
          {t('{name} ({level}) · {place}', {
            name: worker.full_name,
            level: worker.assessment_level,
            place: [worker.department_name, worker.shift_name].filter(Boolean).join(' · '),
          })}
        </Text>
      ))}
    </Stack>
  );
}

function WorkerRow({ worker, canRecord, onRecord }: { worker: ScopedWorker; canRecord: boolean; onRecord: (status: Participation) => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" component="li" data-testid="worker">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs">
          <Text fw={600} className="break-anywhere">
            {worker.full_name}
          </Text>
          <Badge color={STATUS_COLORS[worker.status]} variant="filled">{STATUS_LABELS[worker.status]}</Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {[worker.department_name, worker.shift_name].filter(Boolean).join(' · ')}
        </Text>
        {canRecord && (
          <Group gap="xs" grow>
            {RECORDABLE.map((status) => (
              <Button
                key={status}
                size="md"
                variant={worker.status === status ? 'filled' : 'default'}
                color={STATUS_COLORS[status]}
                aria-pressed={worker.status === status}
                aria-label={t('{status}: {name}', { status: STATUS_LABELS[status], name: worker.full_name })}
                onClick={() => onRecord(worker.status === status ? 'not_asked' : status)}
              >
                {STATUS_LABELS[status]}
              </Button>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

export function StructureTestPage() {
  const { t } = useTranslation();
  const { groupId, testId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: test } = useSuspenseQuery(structureTestQuery(groupId, testId));
  usePageTitle(t('{test} · {group}', { test: test.title, group: group.name }));
  const [mine, setMine] = useState<'all' | 'mine'>('all');
  const [status, setStatus] = useState<Participation | null>(null);
  const [department, setDepartment] = useState<string | null>(null);
  const results = useQuery(testResultsQuery(groupId, testId));
  const workers = useQuery(
    testWorkersQuery(groupId, testId, { mine: mine === 'mine', status: status ?? undefined, department: department ?? undefined }),
  );
  const queryClient = useQueryClient();
  const petition = PETITION_KINDS.includes(test.kind);
  // A petition's signatures are recorded as taking part, with the day and how they signed.
  const [signedOn, setSignedOn] = useState(today());
  const [method, setMethod] = useState<SignatureMethod>('paper');
  const record = useMutation({
    mutationFn: ({ contactId, next }: { contactId: string; next: Participation }) =>
      recordResponse(groupId, testId, contactId, next, petition ? { signedOn: signedOn || today(), method } : null),
    onSettled: () => queryClient.invalidateQueries({ queryKey: campaignKeys.test(groupId, testId) }),
  });
  const departments = (results.data?.by_department ?? []).filter((row) => row.id !== null);
  const { describe } = useFilterWords(groupId, test.contact_filter ? [test.contact_filter] : []);

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/groups/$groupId/campaigns/$campaignId" params={{ groupId, campaignId: test.campaign_id }} size="sm">
          ← {t('The campaign')}
        </AnchorLink>
        <Title order={1} className="break-anywhere">
          {test.title}
        </Title>
        <Text size="sm">{testKindName(test)}</Text>
        <Text c="dimmed">
          {test.deadline
            ? t('Target {target} by {deadline}', { target: formatPercent(test.target_percent), deadline: formatDay(test.deadline) })
            : t('Target {target}', { target: formatPercent(test.target_percent) })}
        </Text>
        {hasConditions(test.contact_filter) && (
          <Text size="sm">{t('Only workers matching: {conditions}', { conditions: describe(test.contact_filter) })}</Text>
        )}
        {test.petition_text && (
          <Paper withBorder p="sm">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {test.petition_text}
            </Text>
            {test.demands.length > 0 && (
              <Stack gap={2} component="ul" m={0} mt="xs" ps="md">
                {test.demands.map((demand) => (
                  <Text component="li" size="sm" key={demand}>
                    {demand}
                  </Text>
                ))}
              </Stack>
            )}
          </Paper>
        )}
      </Stack>
      <FormAlert message={errorText(record.error)} />
      {results.data && <Results results={results.data} />}
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('Tick-list')}
        </Title>
        {petition && can(group, 'campaigns:record') && (
          <Paper withBorder p="sm" data-testid="signature-entry">
            <Text size="sm" fw={600} id="signature-heading">
              {t('Signatures recorded as “took part”')}
            </Text>
            <Group gap="sm" align="flex-end" mt={4}>
              <SegmentedControl
                value={method}
                onChange={(value) => setMethod(value as SignatureMethod)}
                data={[
                  { value: 'paper', label: t('On paper') },
                  { value: 'online', label: t('Online') },
                ]}
                aria-label={t('How they signed')}
              />
              <DayInput label={t('Signed on')} value={signedOn} onChange={setSignedOn} maw={180} />
            </Group>
          </Paper>
        )}
        <Group gap="sm" align="flex-end">
          <SegmentedControl
            value={mine}
            onChange={(value) => setMine(value as 'all' | 'mine')}
            data={[
              { value: 'all', label: t('Everyone') },
              { value: 'mine', label: t('My people') },
            ]}
            aria-label={t('Show')}
          />
          <Select
            label={t('Department')}
            placeholder={t('All departments')}
            clearable
            clearButtonProps={{ 'aria-label': t('Clear the choice') }}
            value={department}
            onChange={setDepartment}
            data={departments.map((row) => ({ value: row.id ?? '', label: row.name ?? '' }))}
          />
          <Select
            label={t('Status')}
            placeholder={t('Any status')}
            clearable
            clearButtonProps={{ 'aria-label': t('Clear the choice') }}
            value={status}
            onChange={(value) => setStatus(value as Participation | null)}
            data={(Object.keys(STATUS_LABELS) as Participation[]).map((value) => ({ value, label: STATUS_LABELS[value] }))}
          />
        </Group>
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {workers.data?.items.map((worker) => (
            <WorkerRow
              key={worker.contact_id}
              worker={worker}
              canRecord={can(group, 'campaigns:record')}
              onRecord={(next) => record.mutate({ contactId: worker.contact_id, next })}
            />
          ))}
        </Stack>
        {workers.data?.items.length === 0 && <Text c="dimmed">{t('Nobody here.')}</Text>}
      </Stack>
    </Stack>
  );
}
