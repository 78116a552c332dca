import { useState } from 'react';
import { Button, Group, List, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { contactKeys, type Contact } from '../api/contacts';
import {
  downloadSubjectAccess,
  eraseContact,
  removedLabel,
  saveFile,
  type BundleFormat,
  type ErasureReport,
} from '../api/privacy';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { formatCount } from '../lib/format';

function bundleFormats(): { format: BundleFormat; label: string }[] {
  return [
    { format: 'zip', label: i18next.t('Download bundle (ZIP)') },
    { format: 'html', label: i18next.t('Readable document (HTML)') },
    { format: 'json', label: i18next.t('Data (JSON)') },
  ];
}

/** Subject access: everything held about the person, as files to give them. */
export function SubjectAccess({ groupId, contact }: { groupId: string; contact: Contact }) {
  const { t } = useTranslation();
  const mutation = useMutation({
    mutationFn: (format: BundleFormat) => downloadSubjectAccess(groupId, contact.id, format),
    onSuccess: (file) => {
      saveFile(file);
      notify({ message: t('Downloaded {filename}. It holds personal data: keep it safe.', { filename: file.filename }) });
    },
  });
  return (
    <Stack gap="xs">
      <Text size="sm">
        {t(
          'Everything the group holds about {name}: their record, assessments, conversations, follow-ups, disputes, actions, imports, webhook events and who has exported or requested their data. The ZIP holds the data (JSON) and a readable, printable document (HTML). Each download is recorded in the audit trail.',
          { name: contact.full_name },
        )}
      </Text>
      {mutation.isError && <FormAlert message={errorMessage(mutation.error)} />}
      <Group gap="sm" wrap="wrap">
        {bundleFormats().map(({ format, label }) => (
          <Button
            key={format}
            variant={format === 'zip' ? 'filled' : 'default'}
            loading={mutation.isPending && mutation.variables === format}
            disabled={mutation.isPending && mutation.variables !== format}
            onClick={() => mutation.mutate(format)}
          >
            {label}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

function RemovedTable({ report }: { report: ErasureReport }) {
  const { t } = useTranslation();
  const rows = Object.entries(report.removed).filter(([, count]) => count > 0);
  return (
    <Table aria-label={t('What was removed')} withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('What')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('Removed')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([kind, count]) => (
          <Table.Tr key={kind}>
            <Table.Td>{removedLabel(kind)}</Table.Td>
            <Table.Td ta="right">{formatCount(count)}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Th scope="row">{t('Total')}</Table.Th>
          <Table.Td ta="right" fw={700}>
            {formatCount(report.total)}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** Erasure: the person and every copy of them, after their name is typed out. */
export function EraseContact({ groupId, contact }: { groupId: string; contact: Contact }) {
  const { t } = useTranslation();
  const [opened, modal] = useDisclosure(false);
  const [typed, setTyped] = useState('');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const confirmed = typed.trim().toLocaleLowerCase() === contact.full_name.toLocaleLowerCase();
  const mutation = useMutation({ mutationFn: () => eraseContact(groupId, contact.id, typed.trim()) });

  const finish = async () => {
    modal.close();
    await navigate({ to: '/groups/$groupId/contacts', params: { groupId }, search: {} });
    queryClient.removeQueries({ queryKey: contactKeys.one(groupId, contact.id) });
    void queryClient.invalidateQueries({ queryKey: ['groups', groupId] });
  };

  return (
    <>
      <Button variant="outline" color="red.9" onClick={modal.open}>
        {t('Erase this person…')}
      </Button>
      <Modal
        opened={opened}
        onClose={mutation.isSuccess ? () => void finish() : modal.close}
        title={mutation.isSuccess ? t('Erased') : t('Erase {name}?', { name: contact.full_name })}
        closeButtonProps={{ 'aria-label': t('Close') }}
      >
        {mutation.isSuccess ? (
          <Stack gap="md" role="status">
            <Title order={2} size="h4">
              {t('What was removed')}
            </Title>
            <RemovedTable report={mutation.data} />
            <Text size="sm">
              {t('Only a tombstone (an id and the time) remains. This report, without the name, is kept in the audit trail.')}
            </Text>
            <Group justify="flex-end">
              <Button onClick={() => void finish()}>{t('Back to contacts')}</Button>
            </Group>
          </Stack>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (confirmed) mutation.mutate();
            }}
          >
            <Stack gap="md">
              <Text>
                {t('This removes {name} and every copy the app holds of them, for good:', { name: contact.full_name })}
              </Text>
              <List size="sm" spacing={4}>
                <List.Item>
                  {t('their record, assessments, conversations, follow-ups and links to disputes and actions;')}
                </List.Item>
                <List.Item>{t('import files that hold them (the imports keep their counts);')}</List.Item>
                <List.Item>{t('webhook events about them and stored answers that show them.')}</List.Item>
              </List>
              <Text size="sm">{t('Download their subject access bundle first if they asked for a copy.')}</Text>
              {mutation.isError && <FormAlert message={errorMessage(mutation.error)} />}
              <TextInput
                label={t('Type their full name ({name}) to confirm', { name: contact.full_name })}
                value={typed}
                onChange={(event) => setTyped(event.currentTarget.value)}
                autoComplete="off"
                data-autofocus
              />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={modal.close}>
                  {t('Keep')}
                </Button>
                <Button type="submit" color="red.9" disabled={!confirmed} loading={mutation.isPending}>
                  {t('Erase for good')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
