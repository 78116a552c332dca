import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { contactKeys, contactQuery, mergeContacts, type Contact } from '../api/contacts';
import { errorMessage, isApiError } from '../api/errors';
import { groupQuery } from '../api/groups';
import { ContactPicker } from '../shared/ContactPicker';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';
import { useMembers } from '../shared/useMembers';
import { useWorkplaceNames, useWorkplaceParts } from '../shared/workplaceLookups';
import { formatDateTime } from '../lib/format';
import { languageList } from '../lib/spokenLanguages';
import { committeeLabel, contactFieldLabel, membershipLabel, type ContactField } from './contactFields';
import { defaultSides, differingChoices, fieldsFromMerged, type MergeSide } from './mergeChoices';

const route = getRouteApi('/_app/groups/$groupId/contacts/$contactId/merge');

/** Each field's value as a person reads it. */
function useShown(groupId: string, contact: Contact | undefined) {
  const { t } = useTranslation();
  const workplaces = useWorkplaceNames(groupId);
  const parts = useWorkplaceParts(groupId, contact?.workplace_id);
  const members = useMembers(groupId);
  return (key: string): string => {
    if (!contact) return '';
    switch (key) {
      case 'placement':
        return [
          contact.workplace_id ? (workplaces.get(contact.workplace_id) ?? t('Workplace')) : null,
          parts.departments.find((d) => d.id === contact.department_id)?.name,
          parts.shifts.find((s) => s.id === contact.shift_id)?.name,
        ]
          .filter(Boolean)
          .join(' · ');
      case 'membership_status':
        return membershipLabel(contact.membership_status);
      case 'committee':
        return committeeLabel(contact.committee);
      case 'organiser_id':
        return contact.organiser_id ? (members.names.get(contact.organiser_id) ?? t('A former member')) : '';
      case 'tags':
        return contact.tags.join(', ');
      case 'preferred_language':
        return contact.preferred_language ? languageList([contact.preferred_language]) : '';
      case 'other_languages':
        return languageList(contact.other_languages);
      default: {
        const value = contact[key as keyof Contact];
        return typeof value === 'string' ? value : '';
      }
    }
  };
}

function choiceLabel(key: string, t: (text: string) => string): string {
  return key === 'placement' ? t('Workplace, department and shift') : contactFieldLabel(key as ContactField);
}

function ChooseOther({ groupId, contact }: { groupId: string; contact: Contact }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card withBorder padding="md">
      <ContactPicker
        groupId={groupId}
        label={t('The other record of {name}', { name: contact.full_name })}
        description={t('Search by name, phone or email')}
        value={null}
        exclude={new Set([contact.id])}
        onChange={(otherId) => {
          if (otherId !== null) {
            void navigate({
              to: '/groups/$groupId/contacts/$contactId/merge',
              params: { groupId, contactId: contact.id },
              search: { with: otherId },
            });
          }
        }}
      />
    </Card>
  );
}

function SideCard({ contact, side }: { contact: Contact; side: MergeSide }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid={`merge-${side}`}>
      <Badge size="sm" variant="light" color={side === 'kept' ? 'indigo.9' : 'red.9'} style={{ textTransform: 'none' }}>
        {side === 'kept' ? t('Kept') : t('Merged in, then deleted')}
      </Badge>
      <Text fw={700} size="lg" mt={4} className="break-anywhere">
        {contact.full_name}
      </Text>
      <Text size="xs" c="dimmed">
        {t('Added {date}', { date: formatDateTime(contact.created_at) })}
      </Text>
    </Card>
  );
}

function MergeForm({ groupId, kept, merged }: { groupId: string; kept: Contact; merged: Contact }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, confirm] = useDisclosure(false);
  const showKept = useShown(groupId, kept);
  const showMerged = useShown(groupId, merged);
  const differing = differingChoices(kept, merged);
  const [choices, setChoices] = useState<Record<string, MergeSide>>(() => defaultSides(kept, merged));
  const mutation = useMutation({
    mutationFn: () =>
      mergeContacts(groupId, kept.id, {
        merged_id: merged.id,
        version: kept.version,
        merged_version: merged.version,
        use_merged: fieldsFromMerged(differing, choices),
      }),
    onSuccess: async (result) => {
      confirm.close();
      queryClient.setQueryData([...contactKeys.one(groupId, result.id), 'detail'], result);
      queryClient.removeQueries({ queryKey: contactKeys.one(groupId, merged.id) });
      void queryClient.invalidateQueries({ queryKey: ['groups', groupId] });
      notify({ color: 'teal', message: t('{merged} was merged into {kept}.', { merged: merged.full_name, kept: result.full_name }) });
      await navigate({ to: '/groups/$groupId/contacts/$contactId', params: { groupId, contactId: result.id } });
    },
    onError: (error) => {
      if (isApiError(error, 'version_conflict')) {
        void queryClient.invalidateQueries({ queryKey: contactKeys.one(groupId, kept.id) });
        void queryClient.invalidateQueries({ queryKey: contactKeys.one(groupId, merged.id) });
      }
    },
  });
  const failure = mutation.isError
    ? isApiError(mutation.error, 'version_conflict')
      ? t('Someone changed one of these records while you were choosing. The screen now shows what is saved: check your choices and merge again.')
      : errorMessage(mutation.error)
    : null;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <SideCard contact={kept} side="kept" />
        <SideCard contact={merged} side="merged" />
      </SimpleGrid>
      <Group gap="xs">
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() =>
            void navigate({
              to: '/groups/$groupId/contacts/$contactId/merge',
              params: { groupId, contactId: merged.id },
              search: { with: kept.id },
            })
          }
        >
          {t('Keep {name} instead', { name: merged.full_name })}
        </Button>
      </Group>
      <Text size="sm">
        {t('Conversations, assessments, follow-ups and links to disputes and actions of both move to the record that is kept.')}
      </Text>
      {differing.length === 0 ? (
        <Text>{t('Both records hold the same details.')}</Text>
      ) : (
        <Title order={2} size="h4">
          {t('Where they differ, choose the value to keep')}
        </Title>
      )}
      {differing.map((choice) => {
        const label = choiceLabel(choice.key, t);
        const keptValue = showKept(choice.key) || t('(empty)');
        const mergedValue = showMerged(choice.key) || t('(empty)');
        return (
          <Card key={choice.key} withBorder padding="sm" data-testid={`merge-field-${choice.key}`}>
            <Radio.Group
              label={label}
              value={choices[choice.key] ?? 'kept'}
              onChange={(value) => setChoices((current) => ({ ...current, [choice.key]: value as MergeSide }))}
            >
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mt="xs">
                {(
                  [
                    ['kept', keptValue],
                    ['merged', mergedValue],
                  ] as const
                ).map(([side, shown]) => (
                  <Radio.Card
                    key={side}
                    value={side}
                    p="sm"
                    radius="md"
                    aria-label={t('{field}: {value}', { field: label, value: shown })}
                  >
                    <Group wrap="nowrap" align="flex-start" gap="sm">
                      <Radio.Indicator />
                      <div style={{ minWidth: 0 }}>
                        <Text size="xs" c="dimmed">
                          {side === 'kept' ? t('Kept') : t('Merged in, then deleted')}
                        </Text>
                        <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                          {shown}
                        </Text>
                      </div>
                    </Group>
                  </Radio.Card>
                ))}
              </SimpleGrid>
            </Radio.Group>
          </Card>
        );
      })}
      <FormAlert message={confirming ? null : failure} />
      <Group justify="flex-end">
        <Button size="md" onClick={confirm.open}>
          {t('Merge into one record')}
        </Button>
      </Group>
      <Modal opened={confirming} onClose={confirm.close} title={t('Merge {merged} into {kept}?', { merged: merged.full_name, kept: kept.full_name })}>
        <Stack gap="md">
          <Text>
            {t('The record of {merged} is deleted once everything linked to it has moved. This cannot be undone.', {
              merged: merged.full_name,
            })}
          </Text>
          <FormAlert message={failure} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close}>
              {t('Cancel')}
            </Button>
            <Button loading={mutation.isPending} onClick={() => mutation.mutate()}>
              {t('Merge')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** Two records of one person made into one: side by side, a choice for each differing field. */
export function MergeContactsPage() {
  const { t } = useTranslation();
  const { groupId, contactId } = route.useParams();
  const search = route.useSearch();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const kept = useQuery(contactQuery(groupId, contactId));
  const merged = useQuery({ ...contactQuery(groupId, search.with ?? ''), enabled: search.with !== undefined });
  usePageTitle(t('Merge contacts · {group}', { group: group.name }));

  let body: React.ReactNode;
  if (!can(group, 'contacts:delete')) {
    body = <NoPermission title={t('Only organisers can merge contacts')}>{t('Ask an organiser or the group’s owner.')}</NoPermission>;
  } else if (kept.isPending || (search.with !== undefined && merged.isPending)) {
    body = <Skeleton height={240} />;
  } else if (kept.isError) {
    body = <FormAlert message={errorMessage(kept.error)} />;
  } else if (search.with === undefined) {
    body = <ChooseOther groupId={groupId} contact={kept.data} />;
  } else if (merged.isError) {
    body = <FormAlert message={errorMessage(merged.error)} />;
  } else if (merged.data && merged.data.id === kept.data.id) {
    body = <ChooseOther groupId={groupId} contact={kept.data} />;
  } else if (merged.data) {
    body = (
      <MergeForm
        key={`${kept.data.id}:${kept.data.version}:${merged.data.id}:${merged.data.version}`}
        groupId={groupId}
        kept={kept.data}
        merged={merged.data}
      />
    );
  }

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/contacts/$contactId" params={{ groupId, contactId }} size="sm">
          ← {kept.data?.full_name ?? t('Contact')}
        </AnchorLink>
        <Title order={1}>{t('Merge two records of one person')}</Title>
      </Stack>
      {kept.data && search.with === undefined && (
        <Alert color="indigo" variant="light">
          {t('Choose the other record of the same person. You will see both side by side before anything changes.')}
        </Alert>
      )}
      {body}
    </Stack>
  );
}
