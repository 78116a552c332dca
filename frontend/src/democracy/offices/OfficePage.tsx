import { Alert, Badge, Button, Group, Paper, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { groupQuery } from '../../api/groups';
import { memberDirectoryQuery } from '../../api/memberDirectory';
import {
  callElection,
  nominate,
  nominationsQuery,
  officeKeys,
  officeQuery,
  petitionsQuery,
  recordTerm,
  secondNomination,
  signPetition,
  startPetition,
  termsQuery,
  type Nomination,
  type Office,
  type Petition,
  type Term,
} from '../../api/offices';
import { voteKeys } from '../../api/democracy';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { usePageTitle } from '../../app/usePageTitle';
import { formatCount, formatDate } from '../../lib/format';
import { DayInput } from '../../shared/DayInput';
import { useIdempotencyKey } from '../../shared/idempotency';
import { can } from '../../shared/permissions';
import { useAuth } from '../../shared/session';
import { useApiForm } from '../../shared/useApiForm';
import { NOMINATION_STATUS_LABELS, PETITION_STATUS_COLORS, PETITION_STATUS_LABELS, TERM_END_LABELS } from './labels';
import { StandDownButton } from './StandDown';

const route = getRouteApi('/_app/groups/$groupId/offices/$officeId');

function useRefreshOffice(groupId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: officeKeys.all(groupId) });
    void queryClient.invalidateQueries({ queryKey: voteKeys.all(groupId) });
  };
}

function RecallForm({ groupId, term, onDone }: { groupId: string; term: Term; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshOffice(groupId);
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<{ reason: string }>({
    initialValues: { reason: '' },
    validate: { reason: (value) => (value.trim() === '' ? t('Say why the holder should be recalled.') : null) },
  });
  const start = useMutation({
    mutationFn: () => {
      const body = { reason: form.values.reason };
      return startPetition(groupId, term.id, body, idempotency.keyFor(body));
    },
    onSuccess: () => {
      idempotency.reset();
      refresh();
      onDone();
    },
    onError: showError,
  });
  return (
    <form onSubmit={onSubmit(() => start.mutate())}>
      <Stack gap="xs">
        <FormAlert message={formError} />
        <Textarea
          label={t('Why should {name} be recalled?', { name: term.holder_name })}
          description={t('Members see this when they decide whether to sign. You sign first.')}
          autosize
          minRows={2}
          required
          {...form.getInputProps('reason')}
        />
        <Group>
          <Button type="submit" color="red.9" loading={start.isPending}>
            {t('Start the recall petition')}
          </Button>
          <Button variant="subtle" onClick={onDone}>
            {t('Cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Holders({
  groupId,
  office,
  mayTakePart,
  chair,
  myUserId,
}: {
  groupId: string;
  office: Office;
  mayTakePart: boolean;
  chair: boolean;
  myUserId: string | null;
}) {
  const { t } = useTranslation();
  const [recalling, setRecalling] = useState<string | null>(null);
  const vacant = office.seats - office.holders.length;
  return (
    <Stack gap="xs" component="section" aria-labelledby="holders-heading">
      <Title order={2} size="h3" id="holders-heading">
        {t('Holders now')}
      </Title>
      {office.holders.length === 0 ? (
        <Text c="dimmed">{t('Nobody holds this office now.')}</Text>
      ) : (
        office.holders.map((term) => {
          const mine = myUserId !== null && term.holder_id === myUserId;
          return (
            <Paper withBorder p="sm" key={term.id}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Stack gap={0}>
                    <Text fw={600} className="break-anywhere">
                      {term.holder_name}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t('Since {start}, until {end}', { start: formatDate(term.starts_on), end: formatDate(term.due_to_end_on) })}
                    </Text>
                  </Stack>
                  <Group gap="xs" wrap="wrap">
                    {(mine || chair) && <StandDownButton groupId={groupId} officeName={office.name} term={term} mine={mine} />}
                    {mayTakePart && recalling !== term.id && (
                      <Button variant="light" color="red.9" onClick={() => setRecalling(term.id)}>
                        {t('Start a recall petition')}
                      </Button>
                    )}
                  </Group>
                </Group>
                {recalling === term.id && <RecallForm groupId={groupId} term={term} onDone={() => setRecalling(null)} />}
              </Stack>
            </Paper>
          );
        })
      )}
      {vacant > 0 && !office.election_vote_id && (
        <Text size="sm">
          {t('{seats, plural, one {# seat is vacant} other {# seats are vacant}}: nominate someone below; once seconded, an organiser calls the election.', {
            seats: vacant,
          })}
        </Text>
      )}
    </Stack>
  );
}

function PetitionCard({ groupId, petition, mayTakePart }: { groupId: string; petition: Petition; mayTakePart: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefreshOffice(groupId);
  const sign = useMutation({ mutationFn: () => signPetition(groupId, petition.id), onSuccess: refresh });
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} className="break-anywhere">
            {t('Recall {name}', { name: petition.holder_name })}
          </Text>
          <Badge variant="filled" color={PETITION_STATUS_COLORS[petition.status]}>
            {PETITION_STATUS_LABELS[petition.status]}
          </Badge>
        </Group>
        <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
          {petition.reason}
        </Text>
        <Text size="sm">
          {t('{signed} of {needed} signatures needed', {
            signed: formatCount(petition.signature_count),
            needed: formatCount(petition.signatures_needed),
          })}
        </Text>
        {sign.isError && (
          <Alert color="red" role="alert">
            {errorMessage(sign.error)}
          </Alert>
        )}
        <Group gap="sm" wrap="wrap">
          {petition.signed && <Badge variant="light" color="gray">{t('You signed')}</Badge>}
          {mayTakePart && petition.status === 'collecting' && !petition.signed && (
            <Button color="red.9" loading={sign.isPending} onClick={() => sign.mutate()}>
              {t('Sign the petition')}
            </Button>
          )}
          {petition.vote_id && (
            <AnchorLink to="/groups/$groupId/votes/$voteId" params={{ groupId, voteId: petition.vote_id }} underline="always">
              {t('Open the recall vote')}
            </AnchorLink>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function NominationCard({
  groupId,
  nomination,
  mayTakePart,
  myUserId,
}: {
  groupId: string;
  nomination: Nomination;
  mayTakePart: boolean;
  myUserId: string | null;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshOffice(groupId);
  const second = useMutation({ mutationFn: () => secondNomination(groupId, nomination.id), onSuccess: refresh });
  const mine = myUserId !== null && (nomination.created_by === myUserId || nomination.candidate_id === myUserId);
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} className="break-anywhere">
            {nomination.candidate_name}
          </Text>
          <Badge variant="light" color="gray">
            {NOMINATION_STATUS_LABELS[nomination.status]}
          </Badge>
        </Group>
        {nomination.statement && (
          <Text size="sm" className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
            {nomination.statement}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {nomination.seconder_name
            ? t('Seconded by {name}', { name: nomination.seconder_name })
            : t('Not seconded yet: it stands once another member seconds it.')}
        </Text>
        {second.isError && (
          <Alert color="red" role="alert">
            {errorMessage(second.error)}
          </Alert>
        )}
        {mayTakePart && nomination.status === 'open' && !nomination.seconded_by && !mine && (
          <Group>
            <Button variant="light" loading={second.isPending} onClick={() => second.mutate()}>
              {t('Second {name}', { name: nomination.candidate_name })}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function MemberSelect({ groupId, label, ...props }: { groupId: string; label: string } & Record<string, unknown>) {
  const members = useQuery(memberDirectoryQuery(groupId));
  const data = (members.data ?? [])
    .filter((member) => member.role !== 'observer')
    .map((member) => ({ value: member.user_id, label: member.display_name }));
  return <Select label={label} data={data} searchable required {...props} />;
}

function NominateForm({ groupId, officeId }: { groupId: string; officeId: string }) {
  const { t } = useTranslation();
  const refresh = useRefreshOffice(groupId);
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<{ candidate_id: string; statement: string }>({
    initialValues: { candidate_id: '', statement: '' },
    validate: { candidate_id: (value) => (value ? null : t('Choose who to nominate.')) },
  });
  const create = useMutation({
    mutationFn: () => {
      const body = { candidate_id: form.values.candidate_id, statement: form.values.statement || null };
      return nominate(groupId, officeId, body, idempotency.keyFor(body));
    },
    onSuccess: () => {
      idempotency.reset();
      form.reset();
      refresh();
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="nominate-heading">
      <form onSubmit={onSubmit(() => create.mutate())}>
        <Stack gap="sm">
          <Title order={3} size="h4" id="nominate-heading">
            {t('Nominate someone')}
          </Title>
          <FormAlert message={formError} />
          <MemberSelect groupId={groupId} label={t('Candidate (yourself, too)')} {...form.getInputProps('candidate_id')} />
          <Textarea label={t('Candidate’s statement')} autosize minRows={2} {...form.getInputProps('statement')} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('Nominate')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RecordHolderForm({ groupId, officeId }: { groupId: string; officeId: string }) {
  const { t } = useTranslation();
  const refresh = useRefreshOffice(groupId);
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<{ holder_id: string; starts_on: string }>({
    initialValues: { holder_id: '', starts_on: '' },
    validate: {
      holder_id: (value) => (value ? null : t('Choose who holds it.')),
      starts_on: (value) => (value ? null : t('Fill this in.')),
    },
  });
  const create = useMutation({
    mutationFn: () => {
      const body = { holder_id: form.values.holder_id, starts_on: form.values.starts_on };
      return recordTerm(groupId, officeId, body, idempotency.keyFor(body));
    },
    onSuccess: () => {
      idempotency.reset();
      form.reset();
      refresh();
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="record-holder-heading">
      <form onSubmit={onSubmit(() => create.mutate())}>
        <Stack gap="sm">
          <Title order={3} size="h4" id="record-holder-heading">
            {t('Record a holder chosen outside Shopfloor')}
          </Title>
          <FormAlert message={formError} />
          <Group grow align="flex-start" wrap="wrap">
            <MemberSelect groupId={groupId} label={t('Holder')} {...form.getInputProps('holder_id')} />
            <DayInput label={t('Term started on')} required {...form.getInputProps('starts_on')} />
          </Group>
          <Group>
            <Button type="submit" variant="light" loading={create.isPending}>
              {t('Record holder')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function Election({ groupId, office, chair }: { groupId: string; office: Office; chair: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefreshOffice(groupId);
  const call = useMutation({ mutationFn: () => callElection(groupId, office.id), onSuccess: refresh });
  if (office.election_vote_id) {
    return (
      <Alert color="teal" title={t('Election open')}>
        <AnchorLink to="/groups/$groupId/votes/$voteId" params={{ groupId, voteId: office.election_vote_id }} underline="always">
          {t('Vote in the election')}
        </AnchorLink>
      </Alert>
    );
  }
  if (!chair) return null;
  return (
    <Stack gap="xs">
      {call.isError && (
        <Alert color="red" role="alert">
          {errorMessage(call.error)}
        </Alert>
      )}
      <Group>
        <Button onClick={() => call.mutate()} loading={call.isPending}>
          {t('Call the election')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('Seconded candidates go on a ranked-choice secret ballot, opened now. As many candidates as seats are elected unopposed.')}
      </Text>
    </Stack>
  );
}

function History({ terms }: { terms: Term[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" component="section" aria-labelledby="history-heading">
      <Title order={2} size="h3" id="history-heading">
        {t('Who has held this office')}
      </Title>
      {terms.length === 0 ? (
        <Text c="dimmed">{t('Nobody yet.')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('Holder')}</Table.Th>
                <Table.Th>{t('From')}</Table.Th>
                <Table.Th>{t('To')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {terms.map((term) => (
                <Table.Tr key={term.id}>
                  <Table.Td className="break-anywhere">{term.holder_name}</Table.Td>
                  <Table.Td>{formatDate(term.starts_on)}</Table.Td>
                  <Table.Td>
                    {term.ended_on
                      ? `${formatDate(term.ended_on)}${term.end_reason ? ` (${TERM_END_LABELS[term.end_reason]})` : ''}`
                      : t('Now (until {day})', { day: formatDate(term.due_to_end_on) })}
                    {term.end_note && (
                      <Text size="sm" c="dimmed" className="break-anywhere">
                        {term.end_note}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export function OfficePage() {
  const { t } = useTranslation();
  const { groupId, officeId } = route.useParams();
  const auth = useAuth();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: office } = useSuspenseQuery(officeQuery(groupId, officeId));
  const { data: terms } = useSuspenseQuery(termsQuery(groupId, officeId));
  const { data: nominations } = useSuspenseQuery(nominationsQuery(groupId, officeId));
  const { data: petitions } = useSuspenseQuery(petitionsQuery(groupId, officeId));
  usePageTitle(t('{office} · {group}', { office: office.name, group: group.name }));
  const mayTakePart = can(group, 'democracy:write');
  const chair = can(group, 'votes:manage');
  const open = nominations.items.filter((nomination) => nomination.status === 'open');
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/offices" params={{ groupId }} size="sm">
          {t('All offices')}
        </AnchorLink>
        <Title order={1} className="break-anywhere">
          {office.name}
        </Title>
        {office.description && (
          <Text className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
            {office.description}
          </Text>
        )}
        <Text c="dimmed" size="sm">
          {t('{seats, plural, one {# seat} other {# seats}}, terms of {months, plural, one {# month} other {# months}}', {
            seats: office.seats,
            months: office.term_months,
          })}
        </Text>
      </Stack>
      <Holders groupId={groupId} office={office} mayTakePart={mayTakePart} chair={chair} myUserId={auth.user?.id ?? null} />
      {petitions.items.length > 0 && (
        <Stack gap="xs" component="section" aria-labelledby="petitions-heading">
          <Title order={2} size="h3" id="petitions-heading">
            {t('Recall petitions')}
          </Title>
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {petitions.items.map((petition) => (
              <PetitionCard key={petition.id} groupId={groupId} petition={petition} mayTakePart={mayTakePart} />
            ))}
          </Stack>
        </Stack>
      )}
      <Stack gap="xs" component="section" aria-labelledby="nominations-heading">
        <Title order={2} size="h3" id="nominations-heading">
          {t('Nominations')}
        </Title>
        <Election groupId={groupId} office={office} chair={chair} />
        {open.length === 0 ? (
          <Text c="dimmed">{t('No open nominations.')}</Text>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {open.map((nomination) => (
              <NominationCard
                key={nomination.id}
                groupId={groupId}
                nomination={nomination}
                mayTakePart={mayTakePart}
                myUserId={auth.user?.id ?? null}
              />
            ))}
          </Stack>
        )}
        {mayTakePart && !office.election_vote_id && <NominateForm groupId={groupId} officeId={officeId} />}
      </Stack>
      <History terms={terms.items} />
      {chair && office.holders.length < office.seats && <RecordHolderForm groupId={groupId} officeId={officeId} />}
    </Stack>
  );
}
