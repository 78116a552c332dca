import { useState } from 'react';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Chip,
  Collapse,
  Group,
  Modal,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Trans, useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { useAuth } from '../shared/session';
import { followUpsQuery } from '../api/followups';
import { FollowUpList } from '../shared/FollowUpList';
import { NewFollowUpForm } from '../shared/NewFollowUpForm';
import { groupQuery } from '../api/groups';
import { can } from '../shared/permissions';
import { useMembers } from '../shared/useMembers';
import { newIdempotencyKey } from '../shared/idempotency';
import { useWorkplaceNames, useWorkplaceParts } from '../shared/workplaceLookups';
import { contactKeys, contactQuery, createAssessment, scaleQuery, type Contact } from '../api/contacts';
import { LevelBadge } from '../shared/LevelBadge';
import { QueuedContactChanges } from './QueuedContactChanges';
import { DoNotContactNotice } from './DoNotContactNotice';
import { LEVELS, MEMBERSHIP_LABELS, levelLabel } from '../shared/levels';
import { Timeline } from './Timeline';
import { ContactReads } from './ContactReads';
import { EraseContact, SubjectAccess } from './PrivacyActions';
import { formatDateTime, relativeTime } from '../lib/format';
import { languageList, languageName } from '../lib/spokenLanguages';

const route = getRouteApi('/_app/groups/$groupId/contacts/$contactId');

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
        {children}
      </Text>
    </div>
  );
}

function AssessmentForm({ groupId, contact, onDone }: { groupId: string; contact: Contact; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const scale = useQuery(scaleQuery(groupId));
  const [level, setLevel] = useState(contact.assessment_level === null ? 'null' : String(contact.assessment_level));
  const [reason, setReason] = useState('');
  const [key] = useState(newIdempotencyKey);
  const mutation = useMutation({
    mutationFn: () =>
      createAssessment(
        groupId,
        contact.id,
        { level: level === 'null' ? null : Number(level), reason: reason.trim() === '' ? null : reason },
        key,
      ),
    onSuccess: async () => {
      notify({ color: 'teal', message: t('Assessment of {name} recorded.', { name: contact.full_name }) });
      await queryClient.invalidateQueries({ queryKey: contactKeys.one(groupId, contact.id) });
      void queryClient.invalidateQueries({ queryKey: contactKeys.all(groupId) });
      void queryClient.invalidateQueries({ queryKey: ['groups', groupId, 'workplaces'] });
      onDone();
    },
  });
  return (
    <Box
      component="form"
      aria-label={t('Record an assessment')}
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate();
      }}
    >
      <Stack gap="sm">
        {mutation.isError && <FormAlert message={errorMessage(mutation.error)} />}
        <div role="radiogroup" aria-labelledby="assess-label">
          <Text id="assess-label" fw={500} mb={6}>
            {t('How supportive are they?')}
          </Text>
          <Chip.Group multiple={false} value={level} onChange={setLevel}>
            <Group gap="xs">
              {LEVELS.map((value) => (
                <Chip key={value} value={String(value)} variant="outline" name="assess-level">
                  {value} {levelLabel(scale.data, value)}
                </Chip>
              ))}
              <Chip value="null" variant="outline" name="assess-level">
                {levelLabel(scale.data, null)}
              </Chip>
            </Group>
          </Chip.Group>
        </div>
        <Textarea label={t('Why? (optional)')} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending}>
            {t('Record assessment')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}

function DeleteContact({ groupId, contact }: { groupId: string; contact: Contact }) {
  const { t } = useTranslation();
  const [opened, modal] = useDisclosure(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/groups/{group_id}/contacts/{contact_id}', {
          params: { path: { group_id: groupId, contact_id: contact.id }, query: { version: contact.version } },
        }),
      ),
    onSuccess: async () => {
      modal.close();
      await navigate({ to: '/groups/$groupId/contacts', params: { groupId }, search: {} });
      queryClient.removeQueries({ queryKey: contactKeys.one(groupId, contact.id) });
      void queryClient.invalidateQueries({ queryKey: ['groups', groupId] });
      notify({ message: t('{name} was deleted.', { name: contact.full_name }) });
    },
  });
  return (
    <>
      <Button variant="subtle" color="red.9" onClick={modal.open}>
        {t('Delete contact…')}
      </Button>
      <Modal opened={opened} onClose={modal.close} title={t('Delete {name}?', { name: contact.full_name })}>
        <Stack gap="md">
          <Text>
            {t('Their details, assessments, conversations and follow-ups are deleted for good. This cannot be undone.')}
          </Text>
          {mutation.isError && <FormAlert message={errorMessage(mutation.error)} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={modal.close}>
              {t('Keep')}
            </Button>
            <Button color="red.9" loading={mutation.isPending} onClick={() => mutation.mutate()}>
              {t('Delete for good')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function ContactFollowUps({ groupId, contactId, canEdit }: { groupId: string; contactId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const followUps = useInfiniteQuery(followUpsQuery(groupId, 'everyone', { contactId }));
  const members = useMembers(groupId);
  if (followUps.isPending) return <Skeleton height={60} />;
  if (followUps.isError) return <FormAlert message={errorMessage(followUps.error)} />;
  const items = followUps.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="dimmed">{t('No open follow-ups.')}</Text>;
  return (
    <FollowUpList groupId={groupId} items={items} names={members.names} canEdit={canEdit} hideContact
      label={t('Open follow-ups')}
    />
  );
}

function ContactView({ groupId, contact }: { groupId: string; contact: Contact }) {
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const auth = useAuth();
  const scale = useQuery(scaleQuery(groupId));
  const workplaces = useWorkplaceNames(groupId);
  const parts = useWorkplaceParts(groupId, contact.workplace_id);
  const members = useMembers(groupId);
  const [assessing, assess] = useDisclosure(false);
  const [addingFollowUp, followUp] = useDisclosure(false);
  const department = parts.departments.find((d) => d.id === contact.department_id)?.name;
  const shift = parts.shifts.find((s) => s.id === contact.shift_id)?.name;
  const canWrite = can(group, 'contacts:write');
  const canLog = can(group, 'conversations:write');
  const canFollowUp = can(group, 'followups:write');

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <AnchorLink to="/groups/$groupId/contacts" params={{ groupId }} search={{}} size="sm">
          ← {t('Contacts')}
        </AnchorLink>
        <Group gap="sm" wrap="wrap" align="center">
          <Title order={1} className="break-anywhere">
            {contact.full_name}
          </Title>
          <LevelBadge level={contact.assessment_level} scale={scale.data} size="lg" />
          <Badge color="gray.8" variant="outline" size="lg" style={{ textTransform: 'none' }}>
            {MEMBERSHIP_LABELS[contact.membership_status]}
          </Badge>
          {contact.committee && (
            <Badge color="grape.9" variant="filled" size="lg" style={{ textTransform: 'none' }}>
              {t('On the organising committee')}
            </Badge>
          )}
        </Group>
        <Text c="dimmed" className="break-anywhere">
          {contact.workplace_id ? (
            <AnchorLink to="/groups/$groupId/workplaces/$workplaceId" params={{ groupId, workplaceId: contact.workplace_id }} search={{}}>
              {workplaces.get(contact.workplace_id) ?? t('Workplace')}
            </AnchorLink>
          ) : (
            t('No workplace recorded')
          )}
          {department && ` · ${department}`}
          {shift && ` · ${shift}`}
          {contact.job_title && ` · ${contact.job_title}`}
        </Text>
        <Text size="sm" c="dimmed">
          {contact.last_conversation_at
            ? t('Last talked to {when} ({date})', {
                when: relativeTime(contact.last_conversation_at),
                date: formatDateTime(contact.last_conversation_at),
              })
            : t('Nobody has logged a conversation with them yet.')}
          {contact.assessed_at && ` · ${t('assessed {when}', { when: relativeTime(contact.assessed_at) })}`}
        </Text>
        <Group gap="sm" mt="xs" wrap="wrap">
          {canLog && (
            <ButtonLink to="/groups/$groupId/log" params={{ groupId }} search={{ contact: contact.id }}>
              {t('Log a conversation')}
            </ButtonLink>
          )}
          {canWrite && (
            <Button variant="default" onClick={assess.toggle} aria-expanded={assessing}>
              {t('Assess')}
            </Button>
          )}
          {canWrite && (
            <ButtonLink to="/groups/$groupId/contacts/$contactId/edit" params={{ groupId, contactId: contact.id }} variant="default">
              {t('Edit')}
            </ButtonLink>
          )}
          {can(group, 'contacts:delete') && (
            <ButtonLink
              to="/groups/$groupId/contacts/$contactId/merge"
              params={{ groupId, contactId: contact.id }}
              search={{}}
              variant="default"
            >
              {t('Merge with…')}
            </ButtonLink>
          )}
        </Group>
        <QueuedContactChanges groupId={groupId} contactId={contact.id} />
        <DoNotContactNotice groupId={groupId} contact={contact} />
        {canWrite && (
          <Collapse in={assessing}>
            <Card withBorder padding="md" mt="xs">
              {assessing && <AssessmentForm groupId={groupId} contact={contact} onDone={assess.close} />}
            </Card>
          </Collapse>
        )}
      </Stack>

      <Box component="section" aria-labelledby="details-heading">
        <Title order={2} size="h3" id="details-heading" mb="xs">
          {t('Details')}
        </Title>
        <Card withBorder padding="md">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            <Detail label={t('Phone')}>
              {contact.phone ? <Anchor href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</Anchor> : '—'}
            </Detail>
            <Detail label={t('Email')}>
              {contact.email ? <Anchor href={`mailto:${contact.email}`}>{contact.email}</Anchor> : '—'}
            </Detail>
            <Detail label={t('Union')}>{contact.union ?? '—'}</Detail>
            <Detail label={t('Preferred language')}>{contact.preferred_language ? languageName(contact.preferred_language) : '—'}</Detail>
            <Detail label={t('Other languages')}>{languageList(contact.other_languages) || '—'}</Detail>
            <Detail label={t('Organiser')}>
              {contact.organiser_id ? (members.names.get(contact.organiser_id) ?? t('A former member')) : t('Nobody')}
            </Detail>
            <Detail label={t('Tags')}>{contact.tags.length > 0 ? contact.tags.join(', ') : '—'}</Detail>
          </SimpleGrid>
          {contact.notes && (
            <Box mt="sm">
              <Detail label={t('Notes')}>{contact.notes}</Detail>
            </Box>
          )}
          {(contact.source || contact.lawful_basis || contact.consent_note) && (
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt="sm">
              {contact.source && <Detail label={t('Source')}>{contact.source}</Detail>}
              {contact.lawful_basis && <Detail label={t('Lawful basis')}>{contact.lawful_basis}</Detail>}
              {contact.consent_note && <Detail label={t('Consent')}>{contact.consent_note}</Detail>}
            </SimpleGrid>
          )}
        </Card>
      </Box>

      <Box component="section" aria-labelledby="follow-ups-heading">
        <Group justify="space-between" mb="xs" gap="xs">
          <Title order={2} size="h3" id="follow-ups-heading">
            {t('Follow-ups')}
          </Title>
          {canFollowUp && (
            <Button size="xs" variant="default" onClick={followUp.toggle} aria-expanded={addingFollowUp}>
              {addingFollowUp ? t('Close') : t('Add a follow-up')}
            </Button>
          )}
        </Group>
        {canFollowUp && (
          <Collapse in={addingFollowUp}>
            <Card withBorder padding="md" mb="sm">
              {addingFollowUp && (
                <NewFollowUpForm groupId={groupId} myUserId={auth.user?.id ?? ''} contactId={contact.id} onDone={followUp.close} />
              )}
            </Card>
          </Collapse>
        )}
        <ContactFollowUps groupId={groupId} contactId={contact.id} canEdit={canFollowUp} />
      </Box>

      <Box component="section" aria-labelledby="timeline-heading">
        <Title order={2} size="h3" id="timeline-heading" mb="xs">
          {t('Timeline')}
        </Title>
        <Timeline groupId={groupId} contactId={contact.id} />
      </Box>

      {can(group, 'reads:audit') && (
        <Box component="section" aria-labelledby="reads-heading">
          <Title order={2} size="h3" id="reads-heading" mb={4}>
            {t('Who has looked at this person')}
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            <Trans
              i18nKey="Only owners see this. Exports are counted per account on the <anchor>read audit</anchor> page."
              components={{
                anchor: <AnchorLink to="/groups/$groupId/read-audit" params={{ groupId }} search={{}} underline="always" />,
              }}
            />
          </Text>
          <ContactReads groupId={groupId} contactId={contact.id} />
        </Box>
      )}

      {can(group, 'records:export') && (
        <Box component="section" aria-labelledby="subject-access-heading">
          <Title order={2} size="h3" id="subject-access-heading" mb="xs">
            {t('Subject access')}
          </Title>
          <SubjectAccess groupId={groupId} contact={contact} />
        </Box>
      )}

      {can(group, 'contacts:delete') && (
        <Group gap="sm" wrap="wrap">
          <DeleteContact groupId={groupId} contact={contact} />
          <EraseContact groupId={groupId} contact={contact} />
        </Group>
      )}
    </Stack>
  );
}

export function ContactPage() {
  const { t } = useTranslation();
  const { groupId, contactId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const contact = useQuery(contactQuery(groupId, contactId));
  usePageTitle(t('{page} · {group}', { page: contact.data?.full_name ?? t('Contact'), group: group.name }));
  if (contact.isPending) {
    return (
      <Stack gap="md" aria-busy="true">
        <Skeleton height={44} width="60%" />
        <Skeleton height={20} width="40%" />
        <Skeleton height={160} />
        <Skeleton height={240} />
      </Stack>
    );
  }
  if (contact.isError) {
    return (
      <Stack gap="md">
        <Title order={1}>{t('Contact')}</Title>
        <FormAlert message={errorMessage(contact.error)} />
        <AnchorLink to="/groups/$groupId/contacts" params={{ groupId }} search={{}}>
          {t('Back to contacts')}
        </AnchorLink>
      </Stack>
    );
  }
  return <ContactView groupId={groupId} contact={contact.data} />;
}
