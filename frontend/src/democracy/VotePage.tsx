import { Alert, Badge, Button, Code, Group, NumberInput, Paper, Radio, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { closeVote, openVote, publishedBallotsQuery, recordHands, voteKeys, voteQuery, type Vote } from '../api/democracy';
import { errorMessage, isApiError } from '../api/errors';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { formatCount, formatDateTime } from '../lib/format';
import { can } from '../shared/permissions';
import { keptBallot, randomDelay, receiptOf, sendBallot, takeBallot, type KeptBallot } from './ballot';
import { MAJORITY_LABELS, METHOD_LABELS, optionLabel, outcomeLabel, STATUS_COLORS, STATUS_LABELS, SUBJECT_LABELS } from './labels';

const route = getRouteApi('/_app/groups/$groupId/votes/$voteId');

interface RankedRound {
  tallies: Record<string, string>;
  exhausted: string;
  quota: string;
  elected: string[];
  excluded: string[];
}

interface Results {
  turnout: number;
  quorum_met: boolean;
  outcome: string;
  tallies?: Record<string, number>;
  elected?: string[];
  rounds?: RankedRound[];
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} component="div">
        {children}
      </Text>
    </Paper>
  );
}

function ChoiceForm({ vote, onChoose, busy }: { vote: Vote; onChoose: (choice: string[]) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [single, setSingle] = useState<string | null>(null);
  const [ranks, setRanks] = useState<(string | null)[]>(() => vote.options.map(() => null));
  const ranked = vote.method === 'ranked';
  const choice = ranked ? ranks.filter((option): option is string => option !== null) : single ? [single] : [];
  return (
    <Stack gap="sm">
      {ranked ? (
        <Stack gap="xs">
          <Text size="sm">{t('Rank as many candidates as you like, your first choice first.')}</Text>
          {vote.options.map((_, position) => (
            <Select
              key={position}
              label={t('Choice {position, number}', { position: position + 1 })}
              placeholder={t('No one')}
              clearable
              data={vote.options.filter((option) => option === ranks[position] || !ranks.includes(option))}
              value={ranks[position] ?? null}
              onChange={(value) => setRanks((now) => now.map((old, i) => (i === position ? value : old)))}
            />
          ))}
        </Stack>
      ) : (
        <Radio.Group label={t('Your vote')} value={single} onChange={setSingle}>
          <Stack gap="xs" mt="xs">
            {vote.options.map((option) => (
              <Radio key={option} value={option} label={optionLabel(vote.method, option)} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      <Group>
        <Button onClick={() => onChoose(choice)} disabled={choice.length === 0} loading={busy}>
          {t('Cast my secret ballot')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Casting: blind, have it signed, then send it without the login after a random delay. */
function SecretBallot({ groupId, vote }: { groupId: string; vote: Vote }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kept, setKept] = useState<KeptBallot | null>(() => keptBallot(vote.id));
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (kept === null || kept.receipt !== null || vote.status !== 'open') return;
    const timer = window.setTimeout(() => {
      sendBallot(vote.id, kept)
        .then(setKept)
        .catch(async (error: unknown) => {
          // The answer to an earlier send was lost: the box has it already.
          if (isApiError(error, 'ballot_already_cast')) {
            setKept({ ...kept, receipt: await receiptOf(kept.token) });
          } else {
            setProblem(errorMessage(error));
          }
        });
    }, randomDelay());
    return () => window.clearTimeout(timer);
  }, [kept, vote.id, vote.status]);

  const take = useMutation({
    mutationFn: (choice: string[]) => takeBallot(groupId, vote.id, vote.public_key ?? '', choice),
    onSuccess: (ballot) => {
      setKept(ballot);
      void queryClient.invalidateQueries({ queryKey: voteKeys.all(groupId) });
    },
    onError: (error) => setProblem(errorMessage(error)),
  });

  if (kept !== null) {
    return kept.receipt === null ? (
      <Alert color="indigo" variant="light" role="status" title={t('Your ballot is on its way')}>
        {t('It is sent without your login after a short random wait. Keep this page open.')}
      </Alert>
    ) : (
      <Alert color="indigo" variant="light" role="status" title={t('Your ballot is in the box')}>
        <Stack gap={4}>
          <Text size="sm">{t('Your receipt (kept on this device):')}</Text>
          <Code className="break-anywhere" data-testid="receipt">
            {kept.receipt}
          </Code>
        </Stack>
      </Alert>
    );
  }
  if (!vote.may_vote) {
    return vote.on_roll ? (
      <Text size="sm">{t('You have voted in this ballot from another device.')}</Text>
    ) : (
      <Text size="sm">{t('You do not have a vote in this one.')}</Text>
    );
  }
  return (
    <Stack gap="sm">
      <FormAlert message={problem} />
      <ChoiceForm vote={vote} onChoose={(choice) => take.mutate(choice)} busy={take.isPending} />
    </Stack>
  );
}

function ReceiptCheck({ groupId, vote }: { groupId: string; vote: Vote }) {
  const { t } = useTranslation();
  const published = useQuery(publishedBallotsQuery(groupId, vote.id));
  const kept = keptBallot(vote.id);
  if (published.data === undefined) return null;
  const mine = kept?.receipt ? published.data.ballots.find((ballot) => ballot.receipt === kept.receipt) : undefined;
  return (
    <Stack gap="xs">
      <Text size="sm">
        {t('{ballots, plural, one {# ballot published} other {# ballots published}}', {
          ballots: published.data.ballots.length,
        })}
      </Text>
      {kept?.receipt &&
        (mine ? (
          <Alert color="indigo" variant="light" role="status" title={t('Your ballot was counted')}>
            {t('Your receipt is in the published list, with your choice: {choice}', {
              choice: mine.choice.map((option) => optionLabel(vote.method, option)).join(' → '),
            })}
          </Alert>
        ) : (
          <Alert color="red" variant="light" role="alert" title={t('Your receipt is not in the published list')}>
            {t('Tell the group: a ballot that was cast is missing from the count.')}
          </Alert>
        ))}
    </Stack>
  );
}

function ResultsView({ vote }: { vote: Vote }) {
  const { t } = useTranslation();
  const results = vote.results as Results | null;
  if (!results) return null;
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Badge size="lg" variant="filled" color={['carried', 'elected'].includes(results.outcome) ? 'teal.9' : 'gray'} data-testid="outcome">
          {outcomeLabel(results.outcome)}
        </Badge>
        <Text size="sm">
          {t('{ballots, plural, one {# ballot cast} other {# ballots cast}}', { ballots: results.turnout })}
        </Text>
      </Group>
      {results.elected && results.elected.length > 0 && (
        <Text size="sm">{t('Elected: {names}', { names: results.elected.join(', ') })}</Text>
      )}
      {results.tallies && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('Option')}</Table.Th>
              <Table.Th>{t('Votes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Object.entries(results.tallies).map(([option, votes]) => (
              <Table.Tr key={option}>
                <Table.Td>{optionLabel(vote.method, option)}</Table.Td>
                <Table.Td>{formatCount(votes)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {results.rounds?.map((round, index) => (
        <Paper withBorder p="xs" key={index}>
          <Text fw={600} size="sm">
            {t('Round {round, number} (quota {quota})', { round: index + 1, quota: round.quota })}
          </Text>
          <Table>
            <Table.Tbody>
              {Object.entries(round.tallies).map(([option, votes]) => (
                <Table.Tr key={option}>
                  <Table.Td>{option}</Table.Td>
                  <Table.Td>{votes}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td>{t('Exhausted')}</Table.Td>
                <Table.Td>{round.exhausted}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {round.elected.length > 0 && <Text size="sm">{t('Elected: {names}', { names: round.elected.join(', ') })}</Text>}
          {round.excluded.length > 0 && (
            <Text size="sm">{t('Excluded: {names}', { names: round.excluded.join(', ') })}</Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}

function HandsForm({ groupId, vote }: { groupId: string; vote: Vote }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [tallies, setTallies] = useState<Record<string, number>>(() =>
    Object.fromEntries(vote.options.map((option) => [option, 0])),
  );
  const save = useMutation({
    mutationFn: () => recordHands(groupId, vote.id, tallies),
    onSuccess: (saved) => {
      queryClient.setQueryData(voteKeys.detail(groupId, vote.id), saved);
      void queryClient.invalidateQueries({ queryKey: voteKeys.all(groupId) });
    },
  });
  return (
    <Stack gap="sm">
      <FormAlert message={save.error ? errorMessage(save.error) : null} />
      <Group align="flex-end" wrap="wrap">
        {vote.options.map((option) => (
          <NumberInput
            key={option}
            label={optionLabel(vote.method, option)}
            min={0}
            value={tallies[option]}
            onChange={(value) => setTallies((now) => ({ ...now, [option]: Number(value) || 0 }))}
            w={120}
          />
        ))}
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {t('Record the show of hands')}
        </Button>
      </Group>
    </Stack>
  );
}

export function VotePage() {
  const { t } = useTranslation();
  const { groupId, voteId } = route.useParams();
  const queryClient = useQueryClient();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: vote } = useSuspenseQuery(voteQuery(groupId, voteId));
  usePageTitle(t('{vote} · {group}', { vote: vote.title, group: group.name }));
  const chair = can(group, 'votes:manage');
  const saved = (next: Vote) => {
    queryClient.setQueryData(voteKeys.detail(groupId, voteId), next);
    void queryClient.invalidateQueries({ queryKey: voteKeys.all(groupId) });
  };
  const open = useMutation({ mutationFn: () => openVote(groupId, voteId), onSuccess: saved });
  const close = useMutation({ mutationFn: () => closeVote(groupId, voteId), onSuccess: saved });
  const failure = open.error ?? close.error;

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/groups/$groupId/votes" params={{ groupId }} size="sm">
          {t('← Votes')}
        </AnchorLink>
        <Title order={1} className="break-anywhere">
          {vote.title}
        </Title>
        <Group gap={6}>
          <Badge variant="light" color="gray">
            {SUBJECT_LABELS[vote.subject]}
          </Badge>
          <Badge variant="filled" color={STATUS_COLORS[vote.status]} data-testid="vote-status">
            {STATUS_LABELS[vote.status]}
          </Badge>
          <Badge variant="outline">{vote.secret ? t('Secret ballot') : t('Show of hands')}</Badge>
        </Group>
        {vote.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{vote.description}</Text>}
      </Stack>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <Fact label={t('How people vote')}>{METHOD_LABELS[vote.method]}</Fact>
        <Fact label={t('Majority needed')}>{MAJORITY_LABELS[vote.majority]}</Fact>
        <Fact label={t('Quorum')}>{vote.quorum === null ? t('None') : formatCount(vote.quorum)}</Fact>
        <Fact label={t('Entitled to vote')}>
          {vote.electorate === null ? t('Counted when it opens') : formatCount(vote.electorate)}
        </Fact>
        {vote.closes_at && <Fact label={t('Closes')}>{formatDateTime(vote.closes_at)}</Fact>}
      </SimpleGrid>

      {chair && vote.status !== 'closed' && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <FormAlert message={failure ? errorMessage(failure) : null} />
            {vote.status === 'draft' && (
              <Group>
                <Button onClick={() => open.mutate()} loading={open.isPending}>
                  {t('Open the vote')}
                </Button>
              </Group>
            )}
            {vote.status === 'open' && vote.secret && (
              <Group>
                <Button color="red.9" onClick={() => close.mutate()} loading={close.isPending}>
                  {t('Close and count')}
                </Button>
              </Group>
            )}
            {vote.status === 'open' && !vote.secret && <HandsForm groupId={groupId} vote={vote} />}
          </Stack>
        </Paper>
      )}

      {vote.secret && vote.status === 'open' && (
        <section aria-labelledby="ballot-heading">
          <Title order={2} size="h4" id="ballot-heading" mb="xs">
            {t('Your ballot')}
          </Title>
          <SecretBallot groupId={groupId} vote={vote} />
        </section>
      )}

      {vote.status === 'closed' && (
        <section aria-labelledby="results-heading">
          <Title order={2} size="h4" id="results-heading" mb="xs">
            {t('Result')}
          </Title>
          <Stack gap="md">
            <ResultsView vote={vote} />
            {vote.secret && <ReceiptCheck groupId={groupId} vote={vote} />}
          </Stack>
        </section>
      )}
    </Stack>
  );
}
