import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callListKeys, clearDoNotContact, doNotContactQuery, type DoNotContact } from '../api/callLists';
import { VersionConflict } from '../api/conflict';
import { contactKeys, type Contact } from '../api/contacts';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { formatDate, formatDateTime } from '../lib/format';
import { can } from '../shared/permissions';
import { useMembers } from '../shared/useMembers';

/**
 * "Asked not to be contacted": said on a call or visit list, it keeps the person off every
 * list until an organiser records that they may be contacted again. Shows nothing while no
 * such ask holds, except when one was cleared.
 */
export function DoNotContactNotice({ groupId, contact }: { groupId: string; contact: Contact }) {
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const state = useQuery(doNotContactQuery(groupId, contact.id));
  const members = useMembers(groupId);
  const [confirming, confirm] = useDisclosure(false);
  // The ask the organiser saw when they opened the confirmation.
  const [seenAskedAt, setSeenAskedAt] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const key = callListKeys.doNotContact(groupId, contact.id);
  const clear = useMutation({
    mutationFn: (version: number) => clearDoNotContact(groupId, contact.id, version),
    onSuccess: (saved) => {
      confirm.close();
      queryClient.setQueryData(key, saved);
      // Clearing moved the contact's version on.
      void queryClient.invalidateQueries({ queryKey: contactKeys.one(groupId, contact.id), exact: true });
      notify({ message: t('{name} may be contacted again: every call and visit list offers them.', { name: contact.full_name }) });
    },
    onError: (error) => {
      if (error instanceof VersionConflict) queryClient.setQueryData(key, error.current as DoNotContact);
    },
  });
  if (!state.data) return null;
  const current = state.data;
  const who = (id: string | null) => (id === null ? t('someone') : (members.names.get(id) ?? t('a former member')));

  if (!current.do_not_contact) {
    if (current.cleared_at === null) return null;
    return (
      <Text size="sm" c="dimmed" data-testid="do-not-contact-cleared">
        {t('Asked not to be contacted before; {who} said on {date} that they may be contacted again.', {
          who: who(current.cleared_by),
          date: formatDate(current.cleared_at),
        })}
      </Text>
    );
  }

  return (
    <>
      <Alert color="red" variant="light" data-testid="do-not-contact">
        <Stack gap="xs">
          <Text fw={700} size="sm">
            {t('Asked not to be contacted ({date})', { date: formatDate(current.asked_at ?? '') })}
          </Text>
          <Text size="sm">
            {t('{who} recorded it on a call or visit list on {when}. No list offers them while it holds.', {
              who: who(current.recorded_by),
              when: formatDateTime(current.asked_at ?? ''),
            })}
          </Text>
          {can(group, 'campaigns:write') && (
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() => {
                  clear.reset();
                  setSeenAskedAt(current.asked_at);
                  confirm.open();
                }}
              >
                {t('They may be contacted again')}
              </Button>
            </Group>
          )}
        </Stack>
      </Alert>
      <Modal
        opened={confirming}
        onClose={confirm.close}
        title={t('May {name} be contacted again?', { name: contact.full_name })}
        closeButtonProps={{ 'aria-label': t('Close') }}
      >
        <Stack gap="md">
          <Text>
            {t(
              'Only do this when they have told you, or someone you trust, that they are happy to be called or visited again.',
            )}
          </Text>
          <Text>
            {t(
              'Every call and visit list will offer them again, including the one where they asked. Their ask stays on record, with who cleared it and when.',
            )}
          </Text>
          {clear.isError &&
            (clear.error instanceof VersionConflict ? (
              <Alert color="orange" variant="light" role="alert">
                {current.asked_at !== seenAskedAt
                  ? t('They asked again on {when}, after you opened this page. Nothing was cleared: check with them first.', {
                      when: formatDateTime(current.asked_at ?? ''),
                    })
                  : t(
                      'Someone changed {name}’s record since you opened this page. Nothing was cleared: confirm again if you still want to.',
                      { name: contact.full_name },
                    )}
              </Alert>
            ) : (
              <FormAlert message={errorMessage(clear.error)} />
            ))}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close}>
              {t('Keep it')}
            </Button>
            <Button color="red.9" loading={clear.isPending} onClick={() => clear.mutate(current.version)}>
              {t('Yes, they may be contacted again')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
