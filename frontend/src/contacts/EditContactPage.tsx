import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/errors';
import { VersionConflict } from '../api/conflict';
import { useAuth } from '../shared/session';
import type { ContactEditEntry } from '../shared/outbox/outbox';
import { apiSender, outbox } from '../shared/outbox/sender';
import { useOutbox } from '../shared/outbox/useOutbox';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { notify } from '../app/notify';
import { groupQuery } from '../api/groups';
import { useApiForm } from '../shared/useApiForm';
import { useMembers } from '../shared/useMembers';
import { contactKeys, contactQuery, type Contact } from '../api/contacts';
import { ConflictResolver } from '../shared/ConflictResolver';
import { useFieldSpecs } from './contactFieldSpecs';
import { ContactFields, FormButtons, validateContact } from './ContactForm';
import {
  CONTACT_FIELDS,
  contactToBody,
  contactToValues,
  valuesToBody,
  type ContactBody,
  type ContactField,
} from './contactFields';
import { withChanges } from '../shared/forms';
import { sameValue } from '../shared/merge';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';

const route = getRouteApi('/_app/groups/$groupId/contacts/$contactId/edit');

/**
 * Saves a change through the device's queue, so it is kept when the server
 * cannot be reached and sent with its Idempotency-Key when it can. Resolves
 * to the contact as saved, or null while the change waits on the device.
 * A version conflict stays queued (the outbox can reopen it on the conflict
 * screen) and is thrown for this screen to open it now.
 */
async function saveThroughQueue(init: {
  userId: string;
  groupId: string;
  contactId: string;
  name: string;
  save: VersionedSave<ContactBody>;
  changes: Partial<ContactBody>;
}): Promise<Contact | null> {
  const entry = outbox.queueContactEdit({
    userId: init.userId,
    groupId: init.groupId,
    contactId: init.contactId,
    name: init.name,
    version: init.save.version,
    base: init.save.base,
    changes: init.changes,
  });
  const outcome = await outbox.send(entry.id, apiSender);
  switch (outcome.kind) {
    case 'edited':
      return outcome.contact;
    case 'waiting':
    case 'busy':
      return null;
    case 'conflict':
      throw outcome.error;
    case 'refused':
      // The form shows what to correct, with everything typed still in it.
      outbox.remove(entry.id);
      throw outcome.error;
    default:
      throw new Error(`Unexpected outcome ${outcome.kind}`);
  }
}

function EditContact({
  groupId,
  contact,
  queued,
}: {
  groupId: string;
  contact: Contact;
  /** A change to this contact still on the device, made against `queued.version`. */
  queued: ContactEditEntry | undefined;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const members = useMembers(groupId);
  const auth = useAuth();
  // The change still on the device, as it was when the page opened: the edit carries on from it.
  // One queued before the form had the committee mark never touched it, so it starts from the
  // mark as saved and carrying on from it leaves the mark as it is.
  const [pending] = useState(() =>
    queued === undefined ? undefined : { ...queued, base: { ...queued.base, committee: queued.base.committee ?? contact.committee } },
  );
  // The version the edit starts from: kept even when the page refetches, so a
  // change saved meanwhile by someone else is detected, never overwritten.
  const edit = useVersionedEdit({
    initial: () =>
      pending === undefined
        ? { values: contactToBody(contact), version: contact.version }
        : { values: pending.base as ContactBody, version: pending.version },
    fields: CONTACT_FIELDS,
    valuesOf: contactToBody,
  });
  const { conflict } = edit;
  const specs = useFieldSpecs(groupId, [
    conflict?.mine.workplace_id ?? null,
    conflict?.current.workplace_id ?? null,
  ]);
  const { form, onSubmit, applyError } = useApiForm({
    mode: 'controlled',
    initialValues: pending === undefined ? contactToValues(contact) : contactToValues({ ...pending.base, ...pending.changes }),
    validate: validateContact,
  });

  // A queued change that someone else's got in before (seen on sending, or
  // because the contact has moved on since): both versions, side by side.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || pending === undefined || pending.version === contact.version) return;
    opened.current = true;
    const mine = withChanges(pending.base as ContactBody, pending.changes as Partial<ContactBody>);
    const stale = new ApiError({ status: 409, code: 'version_conflict', detail: pending.error?.detail ?? 'version_conflict' });
    edit.fail(new VersionConflict(stale, contact), { values: mine, version: pending.version, base: pending.base as ContactBody }, applyError);
  }, [pending, contact, edit, applyError]);

  const back = () => void navigate({ to: '/groups/$groupId/contacts/$contactId', params: { groupId, contactId: contact.id } });

  const saved = (result: Contact, message: string) => {
    queryClient.setQueryData([...contactKeys.one(groupId, result.id), 'detail'], result);
    void queryClient.invalidateQueries({ queryKey: contactKeys.all(groupId) });
    void queryClient.invalidateQueries({ queryKey: ['groups', groupId, 'workplaces'] });
    notify({ color: 'teal', message });
    back();
  };

  const mutation = useMutation({
    mutationFn: (vars: VersionedSave<ContactBody> & { changes: Partial<ContactBody> }) =>
      saveThroughQueue({
        userId: auth.user?.id ?? '',
        groupId,
        contactId: contact.id,
        name: vars.values.full_name || contact.full_name,
        save: vars,
        changes: vars.changes,
      }),
    onSuccess: (result, vars) => {
      if (result !== null) {
        saved(result, t('{name} is saved.', { name: result.full_name }));
        return;
      }
      notify({
        color: 'yellow',
        title: t('Saved on this device: waiting to send'),
        message: t('Your changes to {name} are sent when the connection is back.', { name: vars.values.full_name }),
      });
      back();
    },
    onError: (error, vars) => {
      edit.fail(error, vars, applyError);
    },
  });

  const submit = onSubmit((values) => {
    const mine = valuesToBody(values);
    const baseBody = edit.base.values;
    const changes: Partial<Record<ContactField, unknown>> = {};
    for (const field of CONTACT_FIELDS) {
      if (!sameValue(mine[field], baseBody[field])) changes[field] = mine[field];
    }
    if (Object.keys(changes).length === 0) {
      notify({ message: t('Nothing was changed.') });
      back();
      return;
    }
    mutation.mutate({ ...edit.submit(mine), changes: changes as Partial<ContactBody> });
  });

  if (conflict !== null) {
    const updatedBy = conflict.current.updated_by ? (members.names.get(conflict.current.updated_by) ?? null) : null;
    return (
      <ConflictResolver
        noun="contact"
        fields={specs}
        diff={conflict.diff}
        theirs={{ updatedAt: conflict.current.updated_at, updatedBy, version: conflict.current.version }}
        saving={mutation.isPending}
        // Keep editing from the saved version, with this person's values still in the form.
        onCancel={() => edit.cancel({ rebase: true })}
        onSave={({ changes, version }) => {
          if (Object.keys(changes).length === 0) {
            // Nothing of this person's change is wanted any more: it leaves the device.
            for (const entry of outbox.contactEdits(auth.user?.id ?? '', contact.id)) outbox.remove(entry.id);
            saved(conflict.current, t('Kept the saved version of {name}.', { name: conflict.current.full_name }));
            return;
          }
          // The chooser stays up until the merged version is saved.
          const save = edit.resolve(withChanges(conflict.theirs, changes), version, false, { keepOpen: true });
          if (save) mutation.mutate({ ...save, changes: changes as Partial<ContactBody> });
        }}
      />
    );
  }

  return (
    <Box component="form" onSubmit={submit} noValidate aria-label={t('Edit {name}', { name: contact.full_name })}>
      <Stack gap="md">
        <FormAlert message={edit.formError} />
        {pending !== undefined && (
          <Alert color="yellow" variant="light" title={t('Your earlier changes are waiting to send')}>
            <Text size="sm">
              {t('They were saved on this device and are in the form below. Saving again sends them with anything you add.')}
            </Text>
          </Alert>
        )}
        <ContactFields groupId={groupId} form={form} />
        <FormButtons saving={mutation.isPending} onCancel={back} label={t('Save changes')} />
      </Stack>
    </Box>
  );
}

export function EditContactPage() {
  const { t } = useTranslation();
  const { groupId, contactId } = route.useParams();
  const search = route.useSearch();
  const auth = useAuth();
  const onDevice = useOutbox(groupId).filter(
    (entry): entry is ContactEditEntry => entry.kind === 'contact-edit' && entry.contactId === contactId,
  );
  // The one named in the address (from the outbox), or the latest change to this contact.
  const queued = onDevice.find((entry) => entry.id === search.queued) ?? onDevice.at(-1);
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const contact = useQuery({ ...contactQuery(groupId, contactId), staleTime: 0 });
  const title =
    contact.data === undefined ? t('Edit contact') : t('Edit {name}', { name: contact.data.full_name });
  usePageTitle(t('{page} · {group}', { page: title, group: group.name }));

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/contacts/$contactId" params={{ groupId, contactId }} size="sm">
          ← {contact.data?.full_name ?? t('Contact')}
        </AnchorLink>
        <Title order={1} className="break-anywhere">
          {title}
        </Title>
      </Stack>
      {contact.data === undefined && contact.isError ? (
        <FormAlert message={errorMessage(contact.error)} />
      ) : contact.data === undefined || (!contact.isFetchedAfterMount && contact.isFetching) ? (
        <Stack gap="sm" aria-busy="true">
          <Skeleton height={40} />
          <Skeleton height={200} />
        </Stack>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('If someone else saves a change while you edit, you will see both versions and choose.')}
          </Text>
          <EditContact key={contact.data.id} groupId={groupId} contact={contact.data} queued={auth.user ? queued : undefined} />
        </>
      )}
    </Stack>
  );
}
