import { Badge, Card, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { errorMessage } from '../api/errors';
import { setFollowUpDone, type FollowUp } from '../api/followups';
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

/** Follow-ups with a tick box each; ticking marks it done for everyone. */
export function FollowUpList({ groupId, items, names, canEdit, hideContact, label }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ followUp, done }: { followUp: FollowUp; done: boolean }) =>
      setFollowUpDone(groupId, followUp, done),
    onSuccess: (_result, { followUp, done }) => {
      notify({
        message: done
          ? t('Done: {title}', { title: followUp.title })
          : t('Not done yet: {title}', { title: followUp.title }),
      });
    },
    onError: (error) => notify({ color: 'red', title: t('Not changed'), message: errorMessage(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['groups', groupId, 'follow-ups'] }),
  });

  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
      {items.map((followUp) => {
        const pending = mutation.isPending && mutation.variables.followUp.id === followUp.id;
        const checked = pending ? mutation.variables.done : followUp.done;
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
