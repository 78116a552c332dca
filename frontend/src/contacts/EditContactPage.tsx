import { Box, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { notify } from '../app/notify';
import { groupQuery } from '../api/groups';
import { useApiForm } from '../shared/useApiForm';
import { useMembers } from '../shared/useMembers';
import { useWorkplaceNames, useWorkplaceParts } from '../shared/workplaceLookups';
import { contactKeys, contactQuery, updateContact, type Contact } from '../api/contacts';
import { ConflictResolver, type FieldSpec } from '../shared/ConflictResolver';
import { ContactFields, FormButtons, validateContact } from './ContactForm';
import {
  CONTACT_FIELDS,
  contactFieldLabel,
  contactToBody,
  contactToValues,
  membershipLabel,
  valuesToBody,
  type ContactBody,
  type ContactField,
} from './contactFields';
import { withChanges } from '../shared/forms';
import { sameValue } from '../shared/merge';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';
import { languageList, languageName } from '../lib/spokenLanguages';

const route = getRouteApi('/_app/groups/$groupId/contacts/$contactId/edit');

function useFieldSpecs(groupId: string, workplaceIds: (string | null)[]): FieldSpec<ContactField>[] {
  const workplaces = useWorkplaceNames(groupId);
  const members = useMembers(groupId);
  const first = useWorkplaceParts(groupId, workplaceIds[0]);
  const second = useWorkplaceParts(groupId, workplaceIds[1]);
  const parts = new Map(
    [...first.departments, ...first.shifts, ...second.departments, ...second.shifts].map((p) => [p.id, p.name]),
  );
  const named = (names: Map<string, string>, none: string) => (value: unknown) =>
    typeof value === 'string' && value !== '' ? (names.get(value) ?? i18next.t('Someone no longer listed')) : none;
  return CONTACT_FIELDS.map((name) => {
    const spec: FieldSpec<ContactField> = { name, label: contactFieldLabel(name) };
    if (name === 'workplace_id') spec.format = named(workplaces, i18next.t('No workplace'));
    if (name === 'organiser_id') spec.format = named(members.names, i18next.t('Nobody'));
    if (name === 'membership_status') spec.format = membershipLabel;
    if (name === 'department_id' || name === 'shift_id') spec.format = named(parts, i18next.t('None'));
    if (name === 'preferred_language') spec.format = (value) => (typeof value === 'string' && value !== '' ? languageName(value) : i18next.t('None'));
    if (name === 'other_languages') spec.format = (value) => languageList(value) || i18next.t('None');
    return spec;
  });
}

function EditContact({ groupId, contact }: { groupId: string; contact: Contact }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const members = useMembers(groupId);
  // The version the edit starts from: kept even when the page refetches, so a
  // change saved meanwhile by someone else is detected, never overwritten.
  const edit = useVersionedEdit({
    initial: () => ({ values: contactToBody(contact), version: contact.version }),
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
    initialValues: contactToValues(contact),
    validate: validateContact,
  });

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
      updateContact(groupId, contact.id, { ...vars.changes, version: vars.version }),
    onSuccess: (result) => saved(result, t('{name} is saved.', { name: result.full_name })),
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
        <ContactFields groupId={groupId} form={form} />
        <FormButtons saving={mutation.isPending} onCancel={back} label={t('Save changes')} />
      </Stack>
    </Box>
  );
}

export function EditContactPage() {
  const { t } = useTranslation();
  const { groupId, contactId } = route.useParams();
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
          <EditContact key={contact.data.id} groupId={groupId} contact={contact.data} />
        </>
      )}
    </Stack>
  );
}
