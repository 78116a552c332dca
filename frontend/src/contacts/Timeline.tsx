import { Badge, Button, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { historyQuery, scaleQuery, type HistoryEntry } from '../api/contacts';
import { groupQuery } from '../api/groups';
import { storyFromConversation, storyKeys } from '../api/stories';
import { newIdempotencyKey } from '../shared/idempotency';
import { can } from '../shared/permissions';
import { CONTACT_FIELDS, contactFieldLabel, type ContactField } from './contactFields';
import { LevelBadge } from '../shared/LevelBadge';
import { CHANNEL_LABELS } from '../shared/levels';
import { formatDateTime, relativeTime } from '../lib/format';

function kindLabel(kind: HistoryEntry['kind']): string {
  switch (kind) {
    case 'conversation':
      return i18next.t('Conversation');
    case 'assessment':
      return i18next.t('Assessment');
    case 'edit':
      return i18next.t('Edit');
  }
}

function isContactField(field: string): field is ContactField {
  return (CONTACT_FIELDS as readonly string[]).includes(field);
}

function fieldLabel(field: string): string {
  // Kept with the call lists, not on the contact: asking not to be contacted, or clearing it.
  if (field === 'do_not_contact') return i18next.t('Do not contact');
  return isContactField(field) ? contactFieldLabel(field) : field.replace(/_/g, ' ');
}

/** "Added to the map" or "Changed: Phone, Email". */
function editSummary(operation: string, fields: string[]): string {
  const created = operation === 'create';
  if (fields.length === 0) return created ? i18next.t('Added to the map') : i18next.t('Changed');
  const list = fields.join(', ');
  return created ? i18next.t('Added to the map: {fields}', { fields: list }) : i18next.t('Changed: {fields}', { fields: list });
}

function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
      <Text span fw={600} inherit>
        {t('{label}:', { label })}
      </Text>{' '}
      {children}
    </Text>
  );
}

/** Starts a bulletin story from the conversation: its issues and notes become the draft. */
function TurnIntoStory({ groupId, conversationId }: { groupId: string; conversationId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const start = useMutation({
    mutationFn: () => storyFromConversation(groupId, conversationId, idempotencyKey),
    onSuccess: async (story) => {
      await queryClient.invalidateQueries({ queryKey: storyKeys.all(groupId) });
      await navigate({ to: '/groups/$groupId/stories/$storyId', params: { groupId, storyId: story.id } });
    },
  });
  return (
    <Stack gap={4} align="flex-start">
      <Button size="compact-sm" variant="light" loading={start.isPending} onClick={() => start.mutate()}>
        {t('Turn into a story')}
      </Button>
      {start.isError && <FormAlert message={errorMessage(start.error)} />}
    </Stack>
  );
}

function Entry({ entry, groupId }: { entry: HistoryEntry; groupId: string }) {
  const { t } = useTranslation();
  const scale = useQuery(scaleQuery(groupId));
  const group = useQuery(groupQuery(groupId));
  const canPropose = group.data !== undefined && can(group.data, 'stories:propose');
  const who = entry.by_name ?? t('Someone no longer in the group');
  return (
    <Card component="li" withBorder padding="sm" data-testid={`timeline-${entry.kind}`}>
      <Group justify="space-between" gap="xs" wrap="wrap" mb={4}>
        <Group gap="xs">
          <Badge
            variant={entry.kind === 'conversation' ? 'filled' : 'outline'}
            color={entry.kind === 'conversation' ? 'indigo.8' : entry.kind === 'assessment' ? 'teal.9' : 'gray.8'}
            style={{ textTransform: 'none' }}
          >
            {kindLabel(entry.kind)}
            {entry.conversation && ` · ${CHANNEL_LABELS[entry.conversation.channel]}`}
          </Badge>
          <Text size="sm" c="dimmed">
            {t('by {name}', { name: who })}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" title={formatDateTime(entry.at)}>
          <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> ({relativeTime(entry.at)})
        </Text>
      </Group>
      {entry.conversation && (
        <Stack gap={4}>
          {entry.conversation.notes && (
            <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
              {entry.conversation.notes}
            </Text>
          )}
          {entry.conversation.issues.length > 0 && (
            <Group gap={4} role="group" aria-label={t('Issues raised')}>
              {entry.conversation.issues.map((issue) => (
                <Badge key={issue} size="sm" color="gray.8" variant="outline" style={{ textTransform: 'none' }}>
                  {issue}
                </Badge>
              ))}
            </Group>
          )}
          {entry.conversation.outcome && <Labelled label={t('Outcome')}>{entry.conversation.outcome}</Labelled>}
          {entry.conversation.next_step && <Labelled label={t('Next step')}>{entry.conversation.next_step}</Labelled>}
          {!entry.conversation.notes && !entry.conversation.outcome && entry.conversation.issues.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('No notes.')}
            </Text>
          )}
          {canPropose && <TurnIntoStory groupId={groupId} conversationId={entry.id} />}
        </Stack>
      )}
      {entry.assessment && (
        <Stack gap={4}>
          <Group gap="xs">
            <LevelBadge level={entry.assessment.level} scale={scale.data} />
            {entry.assessment.conversation_id && (
              <Text size="xs" c="dimmed">
                {t('made in a conversation')}
              </Text>
            )}
          </Group>
          {entry.assessment.reason && <Labelled label={t('Why')}>{entry.assessment.reason}</Labelled>}
        </Stack>
      )}
      {entry.edit && (
        <Text size="sm">
          {editSummary(entry.edit.operation, entry.edit.fields.map(fieldLabel))}
        </Text>
      )}
    </Card>
  );
}

/** Conversations, assessments and edits, newest first. */
export function Timeline({ groupId, contactId }: { groupId: string; contactId: string }) {
  const { t } = useTranslation();
  const history = useInfiniteQuery(historyQuery(groupId, contactId));
  if (history.isPending) {
    return (
      <Stack gap="xs" aria-busy="true">
        <Skeleton height={90} />
        <Skeleton height={90} />
      </Stack>
    );
  }
  if (history.isError) return <FormAlert message={errorMessage(history.error)} />;
  const items = history.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{t('Nothing recorded yet.')}</Text>;
  return (
    <Stack gap="xs">
      <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Timeline')}>
        {items.map((entry) => (
          <Entry key={`${entry.kind}-${entry.id}`} entry={entry} groupId={groupId} />
        ))}
      </Stack>
      {history.hasNextPage && (
        <Button
          variant="default"
          loading={history.isFetchingNextPage}
          onClick={() => void history.fetchNextPage()}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('Show older')}
        </Button>
      )}
    </Stack>
  );
}
