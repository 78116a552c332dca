import { Badge, Card, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { errorMessage } from '../api/errors';
import type { FollowUp } from '../api/followups';
import { useAuth } from './session';
import type { FollowUpDoneEntry } from './outbox/outbox';
import { apiSender, outbox } from './outbox/sender';
import { useOutbox } from './outbox/useOutbox';
import { formatDateTime, formatDay, relativeDay } from '../lib/format';
import { daysBetween, today } from '../lib/days';
import { useTranslation } from 'react-i18next';

function DueBadge({ followUp }: { followUp: FollowUp }) {
  const { t } = useTranslation();
  if (followUp.done) {
    return (
      <Badge color="teal.9" variant="light" style={{ textTransform: 'none' }}>
        {followUp.done_at ? t('Done {when}', { when: formatDateTime(followUp.done_at) }) : t('Done')}
      </Badge>
    );
  }
  if (followUp.due_on === null) {
    return (
      <Badge color="gray.8" variant="outline" style={{ textTransform: 'none' }}>
        {t('No due date')}
      </Badge>
    );
  }
  const days = daysBetween(today(), followUp.due_on);
  const overdue = days < 0;
  return (
    <Badge
      color={overdue ? 'red.9' : days <= 1 ? 'yellow.4' : 'gray.8'}
      variant={overdue || days <= 1 ? 'filled' : 'outline'}
      style={{ textTransform: 'none' }}
      title={formatDay(followUp.due_on)}
    >
      {overdue
        ? t('Overdue: {when}', { when: relativeDay(followUp.due_on) })
        : t('Due {when}', { when: relativeDay(followUp.due_on) })}
    </Badge>
  );
}

interface Props {
  groupId: string;
  items: FollowUp[];
  /** Member names by user id, to say who it is assigned to. */
  names?: Map<string, string>;
  canEdit: boolean;
  /** Leave out the contact's name (on the contact's own page). */
  hideContact?: boolean;
  label: string;
}

/**
 * Ticks a follow-up done or not done through the device's queue: sent at
 * once when the server can be reached, kept and sent later when not. Resolves
 * to the follow-up as saved, or null while the tick waits on the device.
 */
async function tick(userId: string, groupId: string, followUp: FollowUp, done: boolean): Promise<FollowUp | null> {
  const entry = outbox.queueFollowUpDone({
    userId,
    groupId,
    followUp: { id: followUp.id, version: followUp.version, title: followUp.title, done: followUp.done, contactName: followUp.contact_name },
    done,
  });
  // Ticked back to what the server has: the waiting tick is simply dropped.
  if (entry === null) return followUp;
  const outcome = await outbox.send(entry.id, apiSender);
  if (outcome.kind === 'ticked') return outcome.followUp;
  if (outcome.kind === 'waiting' || outcome.kind === 'busy') return null;
  // Refused (deleted, no longer allowed): nothing to keep on the device.
  outbox.remove(entry.id);
  throw outcome.kind === 'refused' ? outcome.error : new Error(outcome.kind);
}

/** Follow-ups with a tick box each; ticking marks it done for everyone. */
export function FollowUpList({ groupId, items, names, canEdit, hideContact, label }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const auth = useAuth();
  const userId = auth.user?.id ?? '';
  const queued = useOutbox(groupId);
  const waiting = new Map(
    queued
      .filter((entry): entry is FollowUpDoneEntry => entry.kind === 'follow-up-done')
      .map((entry) => [entry.followUp.id, entry]),
  );
  const mutation = useMutation({
    mutationFn: ({ followUp, done }: { followUp: FollowUp; done: boolean }) => tick(userId, groupId, followUp, done),
    onSuccess: (saved, { followUp, done }) => {
      const message = done
        ? t('Done: {title}', { title: followUp.title })
        : t('Not done yet: {title}', { title: followUp.title });
      notify(saved === null ? { color: 'yellow', title: t('Saved on this device: waiting to send'), message } : { message });
    },
    onError: (error) => notify({ color: 'red', title: t('Not changed'), message: errorMessage(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['groups', groupId, 'follow-ups'] }),
  });

  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {items.map((followUp) => {
        const pending = mutation.isPending && mutation.variables.followUp.id === followUp.id;
        const onDevice = waiting.get(followUp.id);
        const checked = pending ? mutation.variables.done : (onDevice?.done ?? followUp.done);
        const assignee = followUp.assignee_id ? names?.get(followUp.assignee_id) : undefined;
        return (
          <Card component="li" key={followUp.id} withBorder padding="sm" data-testid="follow-up">
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <Checkbox
                size="md"
                mt={2}
                checked={checked}
                disabled={!canEdit || pending}
                aria-label={t('Done: {title}', { title: followUp.title })}
                onChange={(event) => mutation.mutate({ followUp, done: event.currentTarget.checked })}
              />
              <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                <Text
                  fw={600}
                  className="break-anywhere"
                  td={checked ? 'line-through' : undefined}
                >
                  {followUp.title}
                </Text>
                <Group gap="xs" wrap="wrap">
                  {onDevice !== undefined && (
                    <Badge
                      color={onDevice.state === 'failed' ? 'red.9' : 'yellow.4'}
                      variant="filled"
                      style={{ textTransform: 'none' }}
                    >
                      {onDevice.state === 'failed' ? t('Not sent') : t('Waiting to send')}
                    </Badge>
                  )}
                  <DueBadge followUp={followUp} />
                  {!hideContact && followUp.contact_id && followUp.contact_name && (
                    <AnchorLink
                      size="sm"
                      to="/groups/$groupId/contacts/$contactId"
                      params={{ groupId, contactId: followUp.contact_id }}
                      className="break-anywhere"
                    >
                      {followUp.contact_name}
                    </AnchorLink>
                  )}
                  <Text size="sm" c="dimmed">
                    {followUp.assignee_id === null
                      ? t('Nobody assigned')
                      : assignee === undefined
                        ? t('For a former member')
                        : t('For {name}', { name: assignee })}
                  </Text>
                </Group>
                {followUp.notes && (
                  <Text size="sm" c="dimmed" className="break-anywhere" lineClamp={3}>
                    {followUp.notes}
                  </Text>
                )}
              </Stack>
            </Group>
          </Card>
        );
      })}
    </Stack>
  );
}
