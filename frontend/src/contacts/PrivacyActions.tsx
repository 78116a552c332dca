import { useState } from 'react';
import { Button, Group, List, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
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

const FORMATS: { format: BundleFormat; label: string }[] = [
  { format: 'zip', label: 'Download bundle (ZIP)' },
  { format: 'html', label: 'Readable document (HTML)' },
  { format: 'json', label: 'Data (JSON)' },
];

/** Subject access: everything held about the person, as files to give them. */
export function SubjectAccess({ groupId, contact }: { groupId: string; contact: Contact }) {
  const mutation = useMutation({
    mutationFn: (format: BundleFormat) => downloadSubjectAccess(groupId, contact.id, format),
    onSuccess: (file) => {
      saveFile(file);
      notify({ message: `Downloaded ${file.filename}. It holds personal data: keep it safe.` });
    },
  });
  return (
    <Stack gap="xs">
      <Text size="sm">
        Everything the group holds about {contact.full_name}: their record, assessments, conversations, follow-ups,
        disputes, actions, imports, webhook events and who has exported or requested their data. The ZIP holds the data
        (JSON) and a readable, printable document (HTML). Each download is recorded in the audit trail.
      </Text>
      {mutation.isError && <FormAlert message={errorMessage(mutation.error)} />}
      <Group gap="sm" wrap="wrap">
        {FORMATS.map(({ format, label }) => (
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
  const rows = Object.entries(report.removed).filter(([, count]) => count > 0);
  return (
    <Table aria-label="What was removed" withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">What</Table.Th>
          <Table.Th scope="col" ta="right">
            Removed
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([kind, count]) => (
          <Table.Tr key={kind}>
            <Table.Td>{removedLabel(kind)}</Table.Td>
            <Table.Td ta="right">{count}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Th scope="row">Total</Table.Th>
          <Table.Td ta="right" fw={700}>
            {report.total}
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** Erasure: the person and every copy of them, after their name is typed out. */
export function EraseContact({ groupId, contact }: { groupId: string; contact: Contact }) {
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
        Erase this person…
      </Button>
      <Modal
        opened={opened}
        onClose={mutation.isSuccess ? () => void finish() : modal.close}
        title={mutation.isSuccess ? 'Erased' : `Erase ${contact.full_name}?`}
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {mutation.isSuccess ? (
          <Stack gap="md" role="status">
            <Title order={2} size="h4">
              What was removed
            </Title>
            <RemovedTable report={mutation.data} />
            <Text size="sm">
              Only a tombstone (an id and the time) remains. This report, without the name, is kept in the audit trail.
            </Text>
            <Group justify="flex-end">
              <Button onClick={() => void finish()}>Back to contacts</Button>
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
              <Text>This removes {contact.full_name} and every copy the app holds of them, for good:</Text>
              <List size="sm" spacing={4}>
                <List.Item>their record, assessments, conversations, follow-ups and links to disputes and actions;</List.Item>
                <List.Item>import files that hold them (the imports keep their counts);</List.Item>
                <List.Item>webhook events about them and stored answers that show them.</List.Item>
              </List>
              <Text size="sm">Download their subject access bundle first if they asked for a copy.</Text>
              {mutation.isError && <FormAlert message={errorMessage(mutation.error)} />}
              <TextInput
                label={`Type their full name (${contact.full_name}) to confirm`}
                value={typed}
                onChange={(event) => setTyped(event.currentTarget.value)}
                autoComplete="off"
                data-autofocus
              />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={modal.close}>
                  Keep
                </Button>
                <Button type="submit" color="red.9" disabled={!confirmed} loading={mutation.isPending}>
                  Erase for good
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
