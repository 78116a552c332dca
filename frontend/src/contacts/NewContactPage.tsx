import { useState } from 'react';
import { Box, Stack, Title } from '@mantine/core';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { notify } from '../app/notify';
import { groupQuery } from '../api/groups';
import { useApiForm } from '../shared/useApiForm';
import { newIdempotencyKey } from '../shared/idempotency';
import { contactKeys } from '../api/contacts';
import type { ContactCreated } from '../shared/outbox/outbox';
import { useAuth } from '../shared/session';
import { apiSender, outbox } from '../shared/outbox/sender';
import { LikelyMatches } from '../shared/LikelyMatches';
import { ContactFields, FormButtons, validateContact } from './ContactForm';
import { emptyContactValues, valuesToBody } from './contactFields';

const route = getRouteApi('/_app/groups/$groupId/contacts/new');

export function NewContactPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('New contact · {group}', { group: group.name }));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // One key per contact being written: a double tap or a retry creates one contact.
  const [key] = useState(newIdempotencyKey);
  const { form, formError, onSubmit, showError } = useApiForm({ mode: 'controlled', initialValues: emptyContactValues(), validate: validateContact });
  const auth = useAuth();
  const mutation = useMutation({
    // Through the device's queue, as the quick log's new contacts: without signal it
    // waits on the device and is sent, with the same key, when the connection is back.
    mutationFn: async (): Promise<ContactCreated | null> => {
      const entry = outbox.queueContactCreate({ userId: auth.user?.id ?? '', groupId, body: valuesToBody(form.getValues()), key });
      const outcome = await outbox.send(entry.id, apiSender);
      if (outcome.kind === 'created') return outcome.contact;
      if (outcome.kind === 'waiting' || outcome.kind === 'busy') return null;
      // Refused: the form shows what to correct, with everything typed still in it.
      outbox.remove(entry.id);
      throw outcome.kind === 'refused' ? outcome.error : new Error(outcome.kind);
    },
    onSuccess: async (contact) => {
      if (contact === null) {
        notify({
          color: 'yellow',
          title: t('Saved on this device: waiting to send'),
          message: t('{name} is added when the connection is back.', { name: form.getValues().full_name.trim() }),
        });
        await navigate({ to: '/groups/$groupId/contacts', params: { groupId }, search: {} });
        return;
      }
      queryClient.setQueryData([...contactKeys.one(groupId, contact.id), 'detail'], contact);
      void queryClient.invalidateQueries({ queryKey: contactKeys.all(groupId) });
      void queryClient.invalidateQueries({ queryKey: ['groups', groupId, 'workplaces'] });
      const duplicates = contact.possible_duplicates;
      notify({
        color: duplicates.length > 0 ? 'orange' : 'teal',
        title: t('{name} added', { name: contact.full_name }),
        message:
          duplicates.length > 0
            ? t('Possibly the same person as {names}. Check before logging more.', {
                names: duplicates.map((d) => d.full_name).join(', '),
              })
            : t('Now log your first conversation with them.'),
      });
      await navigate({ to: '/groups/$groupId/contacts/$contactId', params: { groupId, contactId: contact.id } });
    },
    onError: showError,
  });

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/contacts" params={{ groupId }} search={{}} size="sm">
          ← {t('Contacts')}
        </AnchorLink>
        <Title order={1}>{t('New contact')}</Title>
      </Stack>
      <Box
        component="form"
        noValidate
        aria-label={t('New contact')}
        onSubmit={onSubmit(() => {
          mutation.mutate();
        })}
      >
        <Stack gap="md">
          <FormAlert message={formError} />
          <ContactFields groupId={groupId} form={form} />
          <LikelyMatches
            groupId={groupId}
            person={form.values}
            onUse={(match) =>
              void navigate({ to: '/groups/$groupId/contacts/$contactId', params: { groupId, contactId: match.id } })
            }
          />
          <FormButtons
            saving={mutation.isPending}
            label={t('Add contact')}
            onCancel={() => void navigate({ to: '/groups/$groupId/contacts', params: { groupId }, search: {} })}
          />
        </Stack>
      </Box>
    </Stack>
  );
}
