import { Alert, Badge, Button, Group, NumberInput, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordHands, voteKeys, voteQuery } from '../../api/democracy';
import { errorMessage } from '../../api/errors';
import { groupQuery } from '../../api/groups';
import {
  createDecision,
  createMotion,
  endMotion,
  meetingKeys,
  meetingMotionsQuery,
  motionQuery,
  putMotionToVote,
  secondMotion,
  type Motion,
} from '../../api/meetings';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { usePageTitle } from '../../app/usePageTitle';
import { formatDateTime } from '../../lib/format';
import { useIdempotencyKey } from '../../shared/idempotency';
import { can } from '../../shared/permissions';
import { useApiForm } from '../../shared/useApiForm';
import { MOTION_STATUS_COLORS, MOTION_STATUS_LABELS } from './labels';
import { useMemberNames } from './people';

const route = getRouteApi('/_app/groups/$groupId/motions/$motionId');

const UNDECIDED = ['tabled', 'amended'];

/** After any change: the meeting's motions, this motion and its vote are read again. */
function useRefresh(groupId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: meetingKeys.all(groupId) });
    await queryClient.invalidateQueries({ queryKey: voteKeys.all(groupId) });
  };
}

function StatusBadge({ motion, testId }: { motion: Motion; testId?: string }) {
  return (
    <Badge variant="filled" color={MOTION_STATUS_COLORS[motion.status]} data-testid={testId}>
      {MOTION_STATUS_LABELS[motion.status]}
    </Badge>
  );
}

function Seconding({ groupId, motion, chair }: { groupId: string; motion: Motion; chair: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefresh(groupId);
  const { members } = useMemberNames(groupId);
  const [seconder, setSeconder] = useState<string | null>(null);
  const second = useMutation({
    mutationFn: () => secondMotion(groupId, motion.id, seconder),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      <FormAlert message={second.error ? errorMessage(second.error) : null} />
      <Group align="flex-end" wrap="wrap">
        {chair && (
          <Select
            label={t('Seconded by')}
            placeholder={t('Me')}
            clearable
            data={members.filter((member) => member.value !== motion.proposer_id)}
            value={seconder}
            onChange={setSeconder}
            style={{ minWidth: '12rem' }}
          />
        )}
        <Button variant="light" onClick={() => second.mutate()} loading={second.isPending}>
          {chair && seconder ? t('Record the seconder') : t('Second this motion')}
        </Button>
      </Group>
    </Stack>
  );
}

function HandsCount({ groupId, motion, voteId }: { groupId: string; motion: Motion; voteId: string }) {
  const { t } = useTranslation();
  const refresh = useRefresh(groupId);
  const vote = useQuery(voteQuery(groupId, voteId));
  const [tallies, setTallies] = useState<Record<string, number | string>>({ for: '', against: '', abstain: '' });
  const record = useMutation({
    mutationFn: () =>
      recordHands(
        groupId,
        voteId,
        Object.fromEntries(Object.entries(tallies).map(([option, count]) => [option, Number(count) || 0])),
      ),
    onSuccess: refresh,
  });
  if (vote.data === undefined) return null;
  if (vote.data.secret) {
    return (
      <AnchorLink to="/groups/$groupId/votes/$voteId" params={{ groupId, voteId }}>
        {t('Go to the secret ballot')}
      </AnchorLink>
    );
  }
  const labels: Record<string, string> = { for: t('For'), against: t('Against'), abstain: t('Abstain') };
  return (
    <Stack gap="xs" component="section" aria-labelledby={`hands-${motion.id}`}>
      <Text fw={600} id={`hands-${motion.id}`}>
        {t('Show of hands on “{title}”', { title: motion.title })}
      </Text>
      <FormAlert message={record.error ? errorMessage(record.error) : null} />
      <Group grow align="flex-start" wrap="wrap">
        {vote.data.options.map((option) => (
          <NumberInput
            key={option}
            label={labels[option] ?? option}
            min={0}
            allowDecimal={false}
            value={tallies[option] ?? ''}
            onChange={(value) => setTallies((now) => ({ ...now, [option]: value }))}
          />
        ))}
      </Group>
      <Group>
        <Button onClick={() => record.mutate()} loading={record.isPending}>
          {t('Record the count')}
        </Button>
      </Group>
    </Stack>
  );
}

function ChairActions({
  groupId,
  motion,
  pendingAmendments,
}: {
  groupId: string;
  motion: Motion;
  pendingAmendments: number;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh(groupId);
  const put = useMutation({
    mutationFn: (secret: boolean) => putMotionToVote(groupId, motion.id, secret),
    onSuccess: refresh,
  });
  if (motion.vote_id) return <HandsCount groupId={groupId} motion={motion} voteId={motion.vote_id} />;
  if (motion.seconder_id === null) return null;
  if (pendingAmendments > 0) {
    return (
      <Text size="sm" role="note">
        {t('{pending, plural, one {# amendment is} other {# amendments are}} still to be voted on: amendments come first.', {
          pending: pendingAmendments,
        })}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <FormAlert message={put.error ? errorMessage(put.error) : null} />
      <Group wrap="wrap">
        <Button onClick={() => put.mutate(false)} loading={put.isPending && !put.variables}>
          {t('Put to a show of hands')}
        </Button>
        <Button variant="light" onClick={() => put.mutate(true)} loading={put.isPending && put.variables}>
          {t('Put to a secret ballot')}
        </Button>
      </Group>
    </Stack>
  );
}

function Ending({ groupId, motion, chair }: { groupId: string; motion: Motion; chair: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefresh(groupId);
  const end = useMutation({
    mutationFn: (status: 'withdrawn' | 'remitted') => endMotion(groupId, motion.id, status),
    onSuccess: refresh,
  });
  return (
    <Stack gap="xs">
      <FormAlert message={end.error ? errorMessage(end.error) : null} />
      <Group wrap="wrap">
        <Button variant="subtle" color="gray.8" onClick={() => end.mutate('withdrawn')} loading={end.isPending}>
          {t('Withdraw')}
        </Button>
        {chair && (
          <Button variant="subtle" color="gray.8" onClick={() => end.mutate('remitted')} loading={end.isPending}>
            {t('Remit')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

interface AmendmentValues {
  title: string;
  text: string;
}

function NewAmendmentForm({ groupId, motion }: { groupId: string; motion: Motion }) {
  const { t } = useTranslation();
  const refresh = useRefresh(groupId);
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<AmendmentValues>({
    initialValues: { title: '', text: motion.text },
    validate: {
      title: (value) => (value.trim() === '' ? t('Enter a title') : null),
      text: (value) =>
        value.trim() === '' ? t('Enter the wording of the motion') : value.trim() === motion.text ? t('Change the wording') : null,
    },
  });
  const create = useMutation({
    mutationFn: (values: AmendmentValues) => {
      const body = { meeting_id: motion.meeting_id, amends_id: motion.id, agenda_item_id: motion.agenda_item_id, ...values };
      return createMotion(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: async () => {
      idempotency.reset();
      form.reset();
      await refresh();
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-amendment-heading">
      <form onSubmit={onSubmit((values) => create.mutate(values))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-amendment-heading">
            {t('Move an amendment')}
          </Title>
          <FormAlert message={formError} />
          <TextInput label={t('Amendment title')} required {...form.getInputProps('title')} />
          <Textarea
            label={t('The motion as amended')}
            description={t('The whole wording as it would read if this amendment carries.')}
            required
            autosize
            minRows={3}
            {...form.getInputProps('text')}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('Move the amendment')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function DecisionForm({ groupId, motion }: { groupId: string; motion: Motion }) {
  const { t } = useTranslation();
  const refresh = useRefresh(groupId);
  const idempotency = useIdempotencyKey();
  const [saved, setSaved] = useState(false);
  const { form, formError, onSubmit, showError } = useApiForm<{ text: string }>({
    initialValues: { text: motion.status === 'carried' ? motion.text : '' },
    validate: { text: (value) => (value.trim() === '' ? t('Enter the decision') : null) },
  });
  const create = useMutation({
    mutationFn: (text: string) => {
      const body = { text, motion_id: motion.id, agenda_item_id: motion.agenda_item_id };
      return createDecision(groupId, motion.meeting_id, body, idempotency.keyFor(body));
    },
    onSuccess: async () => {
      idempotency.reset();
      setSaved(true);
      await refresh();
    },
    onError: showError,
  });
  if (saved) {
    return (
      <Alert color="teal" variant="light" role="status" title={t('Decision minuted')}>
        <AnchorLink to="/groups/$groupId/decisions" params={{ groupId }}>
          {t('Decision log')}
        </AnchorLink>
      </Alert>
    );
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="decision-heading">
      <form onSubmit={onSubmit((values) => create.mutate(values.text))} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="decision-heading">
            {t('Minute the decision')}
          </Title>
          <FormAlert message={formError} />
          <Textarea label={t('Decision')} required autosize minRows={2} {...form.getInputProps('text')} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('Add to the decision log')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function AmendmentCard({ groupId, amendment, chair }: { groupId: string; amendment: Motion; chair: boolean }) {
  const { t } = useTranslation();
  const { nameOf } = useMemberNames(groupId);
  const undecided = UNDECIDED.includes(amendment.status);
  return (
    <Paper withBorder p="sm" component="li">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <AnchorLink
            to="/groups/$groupId/motions/$motionId"
            params={{ groupId, motionId: amendment.id }}
            fw={600}
            className="break-anywhere"
          >
            {amendment.title}
          </AnchorLink>
          <StatusBadge motion={amendment} />
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} className="break-anywhere">
          {amendment.text}
        </Text>
        <Text size="sm" c="dimmed">
          {t('Proposed by {proposer}, seconded by {seconder}', {
            proposer: nameOf(amendment.proposer_id),
            seconder: nameOf(amendment.seconder_id),
          })}
        </Text>
        {undecided && amendment.seconder_id === null && <Seconding groupId={groupId} motion={amendment} chair={chair} />}
        {undecided && chair && <ChairActions groupId={groupId} motion={amendment} pendingAmendments={0} />}
      </Stack>
    </Paper>
  );
}

export function MotionPage() {
  const { t } = useTranslation();
  const { groupId, motionId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: motion } = useSuspenseQuery(motionQuery(groupId, motionId));
  const siblings = useQuery(meetingMotionsQuery(groupId, motion.meeting_id));
  const { nameOf } = useMemberNames(groupId);
  usePageTitle(t('{motion} · {group}', { motion: motion.title, group: group.name }));
  const chair = can(group, 'votes:manage');
  const member = can(group, 'democracy:write');
  const undecided = UNDECIDED.includes(motion.status);
  const amendments = (siblings.data ?? []).filter((other) => other.amends_id === motion.id);
  const amended = (siblings.data ?? []).find((other) => other.id === motion.amends_id);
  const pending = amendments.filter((amendment) => UNDECIDED.includes(amendment.status)).length;
  return (
    <Stack gap="lg">
      <AnchorLink to="/groups/$groupId/meetings/$meetingId" params={{ groupId, meetingId: motion.meeting_id }} size="sm">
        {t('Back to the meeting')}
      </AnchorLink>
      <Stack gap="xs">
        <Group gap="sm" wrap="wrap">
          <Title order={1} className="break-anywhere">
            {motion.title}
          </Title>
          <StatusBadge motion={motion} testId="motion-status" />
        </Group>
        {motion.amends_id && (
          <Text size="sm">
            {t('An amendment to')}{' '}
            <AnchorLink to="/groups/$groupId/motions/$motionId" params={{ groupId, motionId: motion.amends_id }}>
              {amended?.title ?? t('the motion')}
            </AnchorLink>
          </Text>
        )}
      </Stack>
      <Paper withBorder p="md" component="section" aria-labelledby="wording-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="wording-heading">
            {motion.amends_id ? t('The motion as amended') : t('Wording')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }} className="break-anywhere" data-testid="motion-text">
            {motion.text}
          </Text>
          <Text size="sm" c="dimmed">
            {t('Proposed by {proposer}, seconded by {seconder}', {
              proposer: nameOf(motion.proposer_id),
              seconder: nameOf(motion.seconder_id),
            })}
          </Text>
          {undecided && motion.seconder_id === null && member && <Seconding groupId={groupId} motion={motion} chair={chair} />}
          {undecided && chair && <ChairActions groupId={groupId} motion={motion} pendingAmendments={pending} />}
          {undecided && motion.vote_id === null && member && <Ending groupId={groupId} motion={motion} chair={chair} />}
        </Stack>
      </Paper>
      {motion.text_history.length > 0 && (
        <Paper withBorder p="md" component="section" aria-labelledby="history-heading">
          <Stack gap="sm">
            <Title order={2} size="h4" id="history-heading">
              {t('Earlier wordings')}
            </Title>
            <Stack gap="xs" component="ol" style={{ paddingInlineStart: '1.25rem', margin: 0 }}>
              {motion.text_history.map((earlier) => (
                <li key={earlier.replaced_at}>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} className="break-anywhere">
                    {earlier.text}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('Replaced by an amendment on {date}', { date: formatDateTime(earlier.replaced_at) })}
                  </Text>
                </li>
              ))}
            </Stack>
          </Stack>
        </Paper>
      )}
      {!motion.amends_id && (
        <Paper withBorder p="md" component="section" aria-labelledby="amendments-heading">
          <Stack gap="sm">
            <Title order={2} size="h4" id="amendments-heading">
              {t('Amendments')}
            </Title>
            {amendments.length === 0 ? (
              <Text c="dimmed">{t('No amendments.')}</Text>
            ) : (
              <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {amendments.map((amendment) => (
                  <AmendmentCard key={amendment.id} groupId={groupId} amendment={amendment} chair={chair} />
                ))}
              </Stack>
            )}
          </Stack>
        </Paper>
      )}
      {!motion.amends_id && undecided && motion.vote_id === null && member && (
        <NewAmendmentForm key={motion.version} groupId={groupId} motion={motion} />
      )}
      {!undecided && chair && !motion.amends_id && <DecisionForm groupId={groupId} motion={motion} />}
    </Stack>
  );
}
