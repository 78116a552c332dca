import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { CHANNEL_LABELS } from '../levels';
import type { ConversationEntry, OutboxEntry } from './outbox';
import { apiSender, outbox } from './sender';
import { entryContactName, entrySummary, notifySent, refreshAfterSend, useOutbox } from './useOutbox';
import { notify } from '../../app/notify';
import { AnchorLink } from '../../app/links';
import { formatDateTime } from '../../lib/format';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';

function EntryText({ entry }: { entry: ConversationEntry }) {
  const { t } = useTranslation();
  const c = entry.conversation;
  const lines: [string, string][] = [
    [t('Channel'), CHANNEL_LABELS[c.channel]],
    ...(c.notes ? [[t('What they said'), c.notes] as [string, string]] : []),
    ...(c.issues && c.issues.length > 0 ? [[t('Issues'), c.issues.join(', ')] as [string, string]] : []),
    ...(c.outcome ? [[t('Outcome'), c.outcome] as [string, string]] : []),
    ...(c.next_step ? [[t('Next step'), c.next_step] as [string, string]] : []),
    ...(c.assessment
      ? [[t('Assessment'), c.assessment.level === null ? t('Unassessed') : String(c.assessment.level)] as [string, string]]
      : []),
    ...(c.follow_up ? [[t('Follow-up'), c.follow_up.title] as [string, string]] : []),
  ];
  return (
    <Stack gap={4}>
      {lines.map(([label, value]) => (
        <Text size="sm" key={label} className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
          <Text span fw={600} inherit>
            {t('{field}:', { field: label })}
          </Text>{' '}
          {value}
        </Text>
      ))}
    </Stack>
  );
}

interface Props {
  groupId: string;
  /** Loads a refused conversation back into the form so it can be corrected. */
  onFix?: (entry: ConversationEntry) => void;
}

function discardWarning(entry: OutboxEntry): string {
  switch (entry.kind) {
    case 'conversation':
      return i18next.t(
        'It has not reached the server. If you discard it, what you wrote about {name} is deleted from this device and cannot be recovered.',
        { name: entryContactName(entry) },
      );
    case 'contact-edit':
      return i18next.t('Your changes to {name} have not reached the server. If you discard them, they are deleted from this device.', {
        name: entry.name,
      });
    case 'contact-create':
      return i18next.t('{name} has not reached the server. If you discard it, what you wrote about them is deleted from this device.', {
        name: entry.body.full_name,
      });
    case 'follow-up-done':
      return i18next.t('“{title}” stays as it is on the server.', { title: entry.followUp.title });
  }
}

/**
 * Writes kept on this device until the server has them (conversations,
 * ticked follow-ups, contacts added or changed): waiting to send, or refused
 * by the server. Nothing is discarded without asking.
 */
export function OutboxList({ groupId, onFix }: Props) {
  const { t } = useTranslation();
  const entries = useOutbox(groupId);
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState<OutboxEntry | null>(null);
  if (entries.length === 0) return null;

  const sendNow = async (entry: OutboxEntry) => {
    if (entry.state === 'failed') outbox.retry(entry.id);
    const outcome = await outbox.send(entry.id, apiSender);
    if (outcome.kind === 'sent') {
      refreshAfterSend(queryClient, groupId);
      notifySent(outcome.conversation.contact_name);
    } else if (outcome.kind === 'ticked' || outcome.kind === 'edited' || outcome.kind === 'created') {
      refreshAfterSend(queryClient, groupId);
      notify({ color: 'teal', title: t('Sent'), message: entrySummary(outcome.entry) });
    } else if (outcome.kind === 'waiting') {
      notify({
        color: 'orange',
        message: t('Still cannot reach the server. It will be sent when the connection is back.'),
      });
    }
  };

  return (
    <section aria-labelledby="outbox-heading" id="outbox">
      <Title order={2} size="h4" id="outbox-heading" mb="xs">
        {t('On this device, not sent yet')}
      </Title>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Not sent yet')}>
        {entries.map((entry) => {
          const sending = outbox.isSending(entry.id);
          const conflict = entry.kind === 'contact-edit' && entry.current !== undefined;
          return (
            <Card component="li" key={entry.id} withBorder padding="sm" data-testid="outbox-entry">
              <Stack gap="xs">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text fw={600} className="break-anywhere">
                      {entrySummary(entry)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {entry.attempts > 0
                        ? t('Made {when} · tried {attempts, plural, one {# time} other {# times}}', {
                            when: formatDateTime(entry.queuedAt),
                            attempts: entry.attempts,
                          })
                        : t('Made {when}', { when: formatDateTime(entry.queuedAt) })}
                    </Text>
                  </div>
                  {sending ? (
                    <Badge color="indigo.9" variant="light" style={{ textTransform: 'none' }}>{t('Sending…')}</Badge>
                  ) : entry.state === 'failed' ? (
                    <Badge color="red.9" variant="filled" style={{ textTransform: 'none' }}>{t('Not sent')}</Badge>
                  ) : (
                    <Badge color="yellow.4" variant="filled" style={{ textTransform: 'none' }}>{t('Waiting to send')}</Badge>
                  )}
                </Group>
                {conflict ? (
                  <Alert color="orange" variant="light">
                    <Text size="sm" fw={700}>
                      {t('Someone else changed {name} meanwhile', { name: entry.name })}
                    </Text>
                    <Text size="sm">{t('Choose what to keep: nothing you wrote is lost.')}</Text>
                  </Alert>
                ) : entry.state === 'failed' && entry.error && (
                  <Alert color="red" variant="light">
                    <Text size="sm" fw={700}>
                      {t('The server refused it')}
                    </Text>
                    <Text size="sm">{entry.error.detail}</Text>
                    {entry.error.fields.length > 0 && (
                      <List size="sm">
                        {entry.error.fields.map((field, i) => (
                          <List.Item key={i}>{field.message}</List.Item>
                        ))}
                      </List>
                    )}
                  </Alert>
                )}
                {open === entry.id && entry.kind === 'conversation' && <EntryText entry={entry} />}
                <Group gap="xs" wrap="wrap">
                  {entry.kind === 'conversation' && (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setOpen(open === entry.id ? null : entry.id)}
                      aria-expanded={open === entry.id}
                    >
                      {open === entry.id ? t('Hide what you wrote') : t('Show what you wrote')}
                    </Button>
                  )}
                  {entry.kind === 'contact-edit' && (
                    <AnchorLink
                      size="sm"
                      to="/groups/$groupId/contacts/$contactId/edit"
                      params={{ groupId, contactId: entry.contactId }}
                      search={conflict ? { queued: entry.id } : {}}
                    >
                      {conflict ? t('Choose what to keep') : t('Open the changes')}
                    </AnchorLink>
                  )}
                  {!conflict && (
                    <Button size="xs" variant="light" loading={sending} onClick={() => void sendNow(entry)}>
                      {entry.state === 'failed' ? t('Try again') : t('Send now')}
                    </Button>
                  )}
                  {entry.state === 'failed' && entry.kind === 'conversation' && onFix && (
                    <Button size="xs" variant="light" disabled={sending} onClick={() => onFix(entry)}>
                      {t('Correct it in the form')}
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red.9"
                    disabled={sending}
                    onClick={() => setDiscarding(entry)}
                  >
                    {t('Discard…')}
                  </Button>
                </Group>
              </Stack>
            </Card>
          );
        })}
      </Stack>
      <Modal
        opened={discarding !== null}
        onClose={() => setDiscarding(null)}
        title={discarding?.kind === 'conversation' || discarding === null ? t('Discard this conversation?') : t('Discard “{what}”?', { what: entrySummary(discarding) })}
      >
        {discarding && (
          <Stack gap="md">
            <Text>{discardWarning(discarding)}</Text>
            {discarding.kind === 'conversation' && (
              <Card withBorder padding="sm">
                <EntryText entry={discarding} />
              </Card>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setDiscarding(null)}>
                {t('Keep it')}
              </Button>
              <Button
                color="red.9"
                onClick={() => {
                  outbox.remove(discarding.id);
                  setDiscarding(null);
                  notify({
                    message:
                      discarding.kind === 'conversation' ? t('The conversation was discarded.') : t('Discarded: {what}', { what: entrySummary(discarding) }),
                  });
                }}
              >
                {t('Discard it')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </section>
  );
}
