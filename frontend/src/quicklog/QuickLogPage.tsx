import { useState } from 'react';
import { Alert, Button, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { useAuth } from '../shared/session';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import type { DuplicateMatch } from '../api/contacts';
import { fromEntry, type PickedContact, type QuickLogValues } from './form';
import { duplicateReason } from '../shared/duplicates';
import type { ConversationEntry } from '../shared/outbox/outbox';
import { OutboxList } from '../shared/outbox/OutboxList';
import { QuickLogForm, type LogResult } from './QuickLogForm';
import { outbox } from '../shared/outbox/sender';
import { useOutbox } from '../shared/outbox/useOutbox';
import { formatList } from '../lib/format';

const route = getRouteApi('/_app/groups/$groupId/log');

function Duplicates({ groupId, newContactId, matches }: { groupId: string; newContactId: string; matches: DuplicateMatch[] }) {
  const { t } = useTranslation();
  if (matches.length === 0) return null;
  return (
    <Alert color="orange" variant="light">
      <Stack gap={4}>
        <Text fw={700}>{t('Is this someone already on the map?')}</Text>
        <Text size="sm">{t('The new contact may be the same person as:')}</Text>
        {matches.map((match) => (
          <Text size="sm" key={match.id}>
            <ButtonLink
              to="/groups/$groupId/contacts/$contactId"
              params={{ groupId, contactId: match.id }}
              variant="subtle"
              size="compact-sm"
            >
              {match.full_name}
            </ButtonLink>{' '}
            ({duplicateReason(match.reason)}){' '}
            <ButtonLink
              to="/groups/$groupId/contacts/$contactId/merge"
              params={{ groupId, contactId: match.id }}
              search={{ with: newContactId }}
              variant="light"
              size="compact-sm"
            >
              {t('Merge…')}
            </ButtonLink>
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

/** What happened to the last conversation logged: saved, or queued on this device. */
function ResultPanel({
  groupId,
  result,
  onAnother,
  callList,
}: {
  groupId: string;
  result: LogResult;
  onAnother: () => void;
  callList?: string;
}) {
  const { t } = useTranslation();
  // Re-render when the queue changes, to follow a queued entry until it is sent.
  useOutbox(groupId);
  let saved: { contactId: string; contactName: string } | null = null;
  if (result.kind === 'sent') saved = { contactId: result.contactId, contactName: result.contactName };
  else {
    const delivered = outbox.delivered(result.entryId);
    if (delivered) saved = { contactId: delivered.contact_id, contactName: delivered.contact_name };
  }
  const queued = result.kind === 'queued' ? outbox.get(result.entryId) : undefined;

  return (
    <Stack gap="md">
      {saved !== null ? (
        <Alert color="teal" variant="light" role="status">
          <Text fw={700}>{t('Saved')}</Text>
          <Text>
            {result.kind === 'sent' && result.followUp
              ? t('Your conversation with {name} is saved, with the follow-up.', { name: saved.contactName })
              : t('Your conversation with {name} is saved.', { name: saved.contactName })}
          </Text>
        </Alert>
      ) : queued !== undefined ? (
        <Alert color="yellow" variant="light" role="status">
          <Text fw={700}>{t('Saved on this device: waiting to send')}</Text>
          <Text>
            {t(
              'The server cannot be reached right now. Your conversation with {name} is kept on this device and will be sent as soon as the connection is back. You can close the app.',
              { name: result.contactName },
            )}
          </Text>
        </Alert>
      ) : (
        <Alert color="gray" variant="light" role="status">
          {t('This conversation is no longer waiting on this device.')}
        </Alert>
      )}
      {result.kind === 'sent' && result.closed.length > 0 && (
        <Text role="status">
          {t('Closed: {titles}', { titles: formatList(result.closed) })}
        </Text>
      )}
      {result.kind === 'sent' && result.notClosed.length > 0 && (
        <Alert color="orange" variant="light">
          {t('Not closed, because the server would not allow it or they were deleted: {titles}', {
            titles: formatList(result.notClosed),
          })}
        </Alert>
      )}
      {result.kind === 'sent' && (
        <Duplicates groupId={groupId} newContactId={result.contactId} matches={result.duplicates} />
      )}
      {/* One above the other on a phone, so a long name is never cut off. */}
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        {saved !== null && (
          <ButtonLink
            to="/groups/$groupId/contacts/$contactId"
            params={{ groupId, contactId: saved.contactId }}
            variant="default"
            size="md"
            h="auto"
            mih={42}
            styles={{ label: { whiteSpace: 'normal', overflowWrap: 'anywhere' } }}
          >
            {t('Open {name}', { name: saved.contactName })}
          </ButtonLink>
        )}
        {callList === undefined ? (
          <Button size="md" onClick={onAnother}>
            {t('Log another')}
          </Button>
        ) : (
          <ButtonLink to="/groups/$groupId/call-lists/$listId" params={{ groupId, listId: callList }} size="md">
            {t('Back to the call list')}
          </ButtonLink>
        )}
      </SimpleGrid>
    </Stack>
  );
}

export function QuickLogPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const search = route.useSearch();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const auth = useAuth();
  const userId = auth.user?.id ?? '';
  usePageTitle(t('Log a conversation · {group}', { group: group.name }));
  const [result, setResult] = useState<LogResult | null>(null);
  const [seed, setSeed] = useState<{ values: QuickLogValues; picked: PickedContact | null } | null>(null);
  const [formKey, setFormKey] = useState(0);

  const fix = (entry: ConversationEntry) => {
    // The form keeps it as a draft from here on, so removing it loses nothing.
    setSeed(fromEntry(entry, userId));
    outbox.remove(entry.id);
    setResult(null);
    setFormKey((key) => key + 1);
  };

  if (!can(group, 'conversations:write')) {
    return (
      <Stack gap="md">
        <Title order={1}>{t('Log a conversation')}</Title>
        <Alert color="gray" variant="light">
          {t(
            'Observers can read the group’s records but not log conversations. Ask an organiser to make you a member.',
          )}
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <Title order={1}>{t('Log a conversation')}</Title>
      <OutboxList groupId={groupId} onFix={fix} />
      {result !== null ? (
        <ResultPanel
          groupId={groupId}
          result={result}
          callList={search.list}
          onAnother={() => {
            setSeed(null);
            setResult(null);
            setFormKey((key) => key + 1);
          }}
        />
      ) : (
        <QuickLogForm
          key={formKey}
          groupId={groupId}
          userId={userId}
          contactId={seed === null ? search.contact : undefined}
          seed={seed}
          onDone={setResult}
        />
      )}
    </Stack>
  );
}
