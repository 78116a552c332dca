import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ContactFilters } from '../api/contacts';
import { errorMessage } from '../api/errors';
import { auditQuery, exportContacts, exportKeys, type AuditEvent, type ExportFormat } from '../api/exports';
import { saveFile } from '../api/files';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { formatDateTime } from '../lib/format';
import { specFromFilters, useFilterWords } from '../shared/filterWords';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';
import { PagedList } from '../shared/PagedList';

const route = getRouteApi('/_app/groups/$groupId/export');

/** Contacts to a file, with the contacts list's filters (the same URL), and the group's past exports. */
export function ExportPage() {
  const { groupId } = route.useParams();
  const filters = route.useSearch();
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Export · {group}', { group: group.name }));
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('Export contacts')}</Title>
        <Text c="dimmed">{t('A spreadsheet of the contacts, with columns named so it can be imported again.')}</Text>
      </Stack>
      {can(group, 'records:export') ? (
        <ExportForm groupId={groupId} filters={filters} />
      ) : (
        <NoPermission title={t('Only organisers and owners can export')}>
          {t('Exports hold personal data, so only organisers and owners can make them.')}
        </NoPermission>
      )}
      {can(group, 'audit:read') && <PastExports groupId={groupId} />}
    </Stack>
  );
}

function ExportForm({ groupId, filters }: { groupId: string; filters: ContactFilters }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [error, setError] = useState<string | null>(null);
  const described = useFilterDescriptions(groupId, filters);
  const mutation = useMutation({
    mutationFn: () => exportContacts(groupId, filters, format),
    onSuccess: (file) => {
      setError(null);
      saveFile(file);
      notify({ message: t('The file {name} is downloading.', { name: file.filename }) });
      void queryClient.invalidateQueries({ queryKey: exportKeys.audit(groupId) });
    },
    onError: (failure) => setError(errorMessage(failure)),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="export-heading">
      <Stack gap="md">
        <Title order={2} size="h3" id="export-heading">
          {t('Which contacts')}
        </Title>
        {described.length === 0 ? (
          <Text>{t('Every contact in the group.')}</Text>
        ) : (
          <Stack gap={4}>
            <Text>{t('The contacts that match these filters:')}</Text>
            <Group gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Filters')}>
              {described.map((filter) => (
                <Badge key={filter} component="li" variant="light" color="indigo" style={{ textTransform: 'none' }}>
                  {filter}
                </Badge>
              ))}
            </Group>
          </Stack>
        )}
        <Text size="sm">
          <AnchorLink to="/groups/$groupId/contacts" params={{ groupId }} search={filters} underline="always">
            {t('Choose the filters on the contacts list')}
          </AnchorLink>
        </Text>
        <Stack gap={4}>
          <Text fw={500} id="export-format-label">
            {t('File type')}
          </Text>
          <SegmentedControl
            aria-labelledby="export-format-label"
            value={format}
            onChange={(value) => setFormat(value === 'csv' ? 'csv' : 'xlsx')}
            data={[
              { value: 'xlsx', label: t('Excel (.xlsx)') },
              { value: 'csv', label: t('CSV (.csv)') },
            ]}
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
        <Alert color="orange" variant="light">
          <Text fw={700} mb={4}>
            {t('This file holds personal data')}
          </Text>
          {t(
            'Union membership and how supportive someone is are special-category data: an employer must never see them. Keep the file on a device only you use, share it with no one who should not see it, and delete it when you are done. The export is recorded in the group’s audit trail with your name.',
          )}
        </Alert>
        <FormAlert message={error} />
        <Button onClick={() => mutation.mutate()} loading={mutation.isPending} w="fit-content">
          {t('Download the file')}
        </Button>
      </Stack>
    </Paper>
  );
}

/** The contacts list's active filters, in words: the saved filters' wording. */
function useFilterDescriptions(groupId: string, filters: ContactFilters): string[] {
  const spec = specFromFilters(filters);
  return useFilterWords(groupId, [spec]).conditions(spec);
}

function PastExports({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const audit = useInfiniteQuery(auditQuery(groupId));
  return (
    <section aria-labelledby="past-exports-heading">
      <Title order={2} size="h3" id="past-exports-heading" mb={4}>
        {t('Past exports')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('Every export of the group’s records, newest first, with who made it, the filters and how many rows.')}
      </Text>
      <PagedList
        query={audit}
        label={t('Past exports')}
        empty={t('Nothing has been exported yet.')}
        renderItem={(event) => <AuditRow key={event.id} event={event} />}
      />
    </section>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const who = event.actor_name ?? t('A removed account');
  return (
    <Paper component="li" withBorder p="sm">
      <Text size="sm" c="dimmed">
        {formatDateTime(event.at)}
      </Text>
      <Text className="break-anywhere">
        {event.action === 'export'
          ? t(
              '{who} exported {records, select, contacts {contacts} conversations {conversations} disputes {disputes} actions {solidarity actions} other {records}} to {format}: {rows, plural, one {# row} other {# rows}}',
              { who, records: event.record_type, format: (event.file_format ?? '').toUpperCase(), rows: event.row_count },
            )
          : t(
              '{who}: {action, select, subject_access {a subject access request} erasure {an erasure} retention {a retention run} other {another audited act}}',
              { who, action: event.action },
            )}
      </Text>
      {event.action === 'export' && (
        <Text size="sm" c="dimmed">
          {t('{filters, plural, =0 {No filters} one {# filter} other {# filters}}', {
            filters: Object.keys(event.filters).length,
          })}
        </Text>
      )}
    </Paper>
  );
}
