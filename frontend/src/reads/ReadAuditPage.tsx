import { useState } from 'react';
import { Button, NumberInput, Paper, SegmentedControl, Skeleton, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import { readAlertQuery, readKeys, saveReadAlert, topReadersQuery, type ReadAlertSettings } from '../api/reads';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { formatCount } from '../lib/format';
import { useApiForm } from '../shared/useApiForm';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';

const route = getRouteApi('/_app/groups/$groupId/read-audit');

/** The periods the top readers can be counted over, as days (the API's `days`). */
function periods(): { value: string; label: string }[] {
  return [
    { value: '1', label: i18next.t('Today') },
    { value: '7', label: i18next.t('This week') },
    { value: '30', label: i18next.t('30 days') },
  ];
}

function noReadsMessage(days: string): string {
  switch (days) {
    case '1':
      return i18next.t('No reads recorded today.');
    case '7':
      return i18next.t('No reads recorded over this week.');
    default:
      return i18next.t('No reads recorded over 30 days.');
  }
}

function tableCaption(days: string): string {
  switch (days) {
    case '1':
      return i18next.t('People’s records shown (repeats counted), reads and exports per account, in the last day');
    case '7':
      return i18next.t('People’s records shown (repeats counted), reads and exports per account, over this week');
    default:
      return i18next.t('People’s records shown (repeats counted), reads and exports per account, over 30 days');
  }
}

export function ReadAuditPage() {
  const { groupId } = route.useParams();
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Read audit · {group}', { group: group.name }));
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('Read audit')}</Title>
        <Text c="dimmed">
          {t(
            'Who has read the group’s records of people. Every opened contact, timeline and conversation is recorded, and so are list pages after the first, exports, subject access bundles and every read through an API token. Searched text is never kept.',
          )}
        </Text>
      </Stack>
      {can(group, 'reads:audit') ? (
        <>
          <TopReaders groupId={groupId} />
          <AlertSetting groupId={groupId} />
        </>
      ) : (
        <NoPermission title={t('Only owners can see the read audit')}>
          {t('Ask one of the group’s owners if you are worried about who has read what.')}
        </NoPermission>
      )}
    </Stack>
  );
}

function TopReaders({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const [days, setDays] = useState('7');
  const top = useQuery(topReadersQuery(groupId, Number(days)));
  return (
    <section aria-labelledby="top-readers-heading">
      <Title order={2} size="h3" id="top-readers-heading" mb="xs">
        {t('Who has read the most')}
      </Title>
      <Stack gap="sm">
        <SegmentedControl
          aria-label={t('Over which period')}
          data={periods()}
          value={days}
          onChange={setDays}
          style={{ alignSelf: 'flex-start' }}
        />
        {top.isPending ? (
          <Skeleton height={120} aria-busy="true" />
        ) : top.isError ? (
          <FormAlert message={errorMessage(top.error)} />
        ) : top.data.readers.length === 0 ? (
          <Text c="dimmed">{noReadsMessage(days)}</Text>
        ) : (
          <Table.ScrollContainer minWidth={320}>
            <Table striped withTableBorder>
              <Table.Caption>{tableCaption(days)}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('Who')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('Records read')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('Reads')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('Exports')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {top.data.readers.map((reader) => (
                  <Table.Tr key={reader.user_id}>
                    <Table.Th scope="row" fw={500}>
                      {reader.name}
                    </Table.Th>
                    <Table.Td ta="right">{formatCount(reader.contacts_read)}</Table.Td>
                    <Table.Td ta="right">{formatCount(reader.reads)}</Table.Td>
                    <Table.Td ta="right">{formatCount(reader.exports)}</Table.Td>
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
  const { t } = useTranslation();
  const settings = useQuery(readAlertQuery(groupId));
  return (
    <section aria-labelledby="alert-heading">
      <Title order={2} size="h3" id="alert-heading" mb={4}>
        {t('Read alert')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t(
          'Email the owners when one account reads more people’s records than this within an hour. The email says who and how many, never whose records, and comes at most once an hour per account.',
        )}
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
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'controlled',
    initialValues: {
      enabled: saved.alert_contacts_per_hour != null,
      alert_contacts_per_hour: saved.alert_contacts_per_hour ?? 100,
    },
    validate: {
      alert_contacts_per_hour: (value, values) =>
        values.enabled && (typeof value !== 'number' || value < 1 || value > 1_000_000)
          ? t('Enter a number from {min} to {max}', { min: formatCount(1), max: formatCount(1_000_000) })
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
            ? t('The read alert is off.')
            : t(
                'Owners will be told when someone reads more than {records, plural, one {# record} other {# records}} in an hour.',
                { records: result.alert_contacts_per_hour },
              ),
      });
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md">
      <form
        noValidate
        aria-labelledby="alert-heading"
        onSubmit={onSubmit((values) => {
          mutation.mutate({ alert_contacts_per_hour: values.enabled ? values.alert_contacts_per_hour : null });
        })}
      >
        <Stack gap="sm">
          <FormAlert message={formError} />
          <Switch label={t('Alert the owners')} {...form.getInputProps('enabled', { type: 'checkbox' })} />
          <NumberInput
            label={t('More than this many records in an hour')}
            min={1}
            max={1_000_000}
            allowDecimal={false}
            allowNegative={false}
            disabled={!form.values.enabled}
            {...form.getInputProps('alert_contacts_per_hour')}
          />
          <Button type="submit" loading={mutation.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('Save alert')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
