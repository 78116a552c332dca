import { useState } from 'react';
import { Button, NumberInput, Paper, SegmentedControl, Skeleton, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import { readAlertQuery, readKeys, saveReadAlert, topReadersQuery, type ReadAlertSettings } from '../api/reads';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { applyApiError } from '../lib/form-errors';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';

const route = getRouteApi('/_app/groups/$groupId/read-audit');

const WINDOWS = [
  { value: '1', label: 'Today' },
  { value: '7', label: 'This week' },
  { value: '30', label: '30 days' },
];

export function ReadAuditPage() {
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  useDocumentTitle(`Read audit · ${group.name} · Shopfloor`);
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>Read audit</Title>
        <Text c="dimmed">
          Who has read the group’s records of people. Every opened contact, timeline and conversation is recorded, and so
          are list pages after the first, exports, subject access bundles and every read through an API token. Searched
          text is never kept.
        </Text>
      </Stack>
      {can(group, 'reads:audit') ? (
        <>
          <TopReaders groupId={groupId} />
          <AlertSetting groupId={groupId} />
        </>
      ) : (
        <NoPermission title="Only owners can see the read audit">
          Ask one of the group’s owners if you are worried about who has read what.
        </NoPermission>
      )}
    </Stack>
  );
}

function TopReaders({ groupId }: { groupId: string }) {
  const [days, setDays] = useState('7');
  const top = useQuery(topReadersQuery(groupId, Number(days)));
  const windowLabel = WINDOWS.find((w) => w.value === days)?.label.toLowerCase() ?? '';
  return (
    <section aria-labelledby="top-readers-heading">
      <Title order={2} size="h3" id="top-readers-heading" mb="xs">
        Who has read the most
      </Title>
      <Stack gap="sm">
        <SegmentedControl
          aria-label="Over which period"
          data={WINDOWS}
          value={days}
          onChange={setDays}
          style={{ alignSelf: 'flex-start' }}
        />
        {top.isPending ? (
          <Skeleton height={120} aria-busy="true" />
        ) : top.isError ? (
          <FormAlert message={errorMessage(top.error)} />
        ) : top.data.readers.length === 0 ? (
          <Text c="dimmed">No reads recorded {windowLabel === 'today' ? 'today' : `over ${windowLabel}`}.</Text>
        ) : (
          <Table.ScrollContainer minWidth={320}>
            <Table striped withTableBorder>
              <Table.Caption>
                People’s records shown (repeats counted), reads and exports per account,{' '}
                {windowLabel === 'today' ? 'in the last day' : `over ${windowLabel}`}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Who</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Records read
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Reads
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Exports
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {top.data.readers.map((reader) => (
                  <Table.Tr key={reader.user_id}>
                    <Table.Th scope="row" fw={500}>
                      {reader.name}
                    </Table.Th>
                    <Table.Td ta="right">{reader.contacts_read}</Table.Td>
                    <Table.Td ta="right">{reader.reads}</Table.Td>
                    <Table.Td ta="right">{reader.exports}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </section>
  );
}

function AlertSetting({ groupId }: { groupId: string }) {
  const settings = useQuery(readAlertQuery(groupId));
  return (
    <section aria-labelledby="alert-heading">
      <Title order={2} size="h3" id="alert-heading" mb={4}>
        Read alert
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Email the owners when one account reads more people’s records than this within an hour. The email says who and how
        many, never whose records, and comes at most once an hour per account.
      </Text>
      {settings.isPending ? (
        <Skeleton height={120} aria-busy="true" />
      ) : settings.isError ? (
        <FormAlert message={errorMessage(settings.error)} />
      ) : (
        <AlertForm groupId={groupId} saved={settings.data} />
      )}
    </section>
  );
}

function AlertForm({ groupId, saved }: { groupId: string; saved: ReadAlertSettings }) {
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      enabled: saved.alert_contacts_per_hour != null,
      alert_contacts_per_hour: saved.alert_contacts_per_hour ?? 100,
    },
    validate: {
      alert_contacts_per_hour: (value, values) =>
        values.enabled && (typeof value !== 'number' || value < 1 || value > 1_000_000)
          ? 'Enter a number from 1 to 1,000,000'
          : null,
    },
  });
  const mutation = useMutation({
    mutationFn: (body: ReadAlertSettings) => saveReadAlert(groupId, body),
    onSuccess: async (result) => {
      queryClient.setQueryData(readAlertQuery(groupId).queryKey, result);
      await queryClient.invalidateQueries({ queryKey: readKeys.all(groupId) });
      notify({
        message:
          result.alert_contacts_per_hour == null
            ? 'The read alert is off.'
            : `Owners will be told when someone reads more than ${result.alert_contacts_per_hour} records in an hour.`,
      });
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });
  return (
    <Paper withBorder p="md">
      <form
        noValidate
        aria-labelledby="alert-heading"
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          mutation.mutate({ alert_contacts_per_hour: values.enabled ? values.alert_contacts_per_hour : null });
        })}
      >
        <Stack gap="sm">
          <FormAlert message={formError} />
          <Switch label="Alert the owners" {...form.getInputProps('enabled', { type: 'checkbox' })} />
          <NumberInput
            label="More than this many records in an hour"
            min={1}
            max={1_000_000}
            allowDecimal={false}
            allowNegative={false}
            disabled={!form.values.enabled}
            {...form.getInputProps('alert_contacts_per_hour')}
          />
          <Button type="submit" loading={mutation.isPending} style={{ alignSelf: 'flex-start' }}>
            Save alert
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
