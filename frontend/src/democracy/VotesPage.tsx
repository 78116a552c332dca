import { Badge, Button, Checkbox, Group, NumberInput, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { createVote, voteKeys, voteListQuery, type VoteMethod, type VoteSubject, type Majority } from '../api/democracy';
import { groupQuery } from '../api/groups';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { usePageTitle } from '../app/usePageTitle';
import { useApiForm } from '../shared/useApiForm';
import { useIdempotencyKey } from '../shared/idempotency';
import { can } from '../shared/permissions';
import { METHOD_LABELS, STATUS_COLORS, STATUS_LABELS, SUBJECT_LABELS, MAJORITY_LABELS } from './labels';

const route = getRouteApi('/_app/groups/$groupId/votes');

interface NewVoteValues {
  title: string;
  description: string;
  subject: VoteSubject;
  method: VoteMethod;
  options: string;
  seats: number;
  secret: boolean;
  quorum: number | string;
  majority: Majority;
}

function NewVoteForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const { form, formError, onSubmit, showError } = useApiForm<NewVoteValues>({
    initialValues: {
      title: '',
      description: '',
      subject: 'motion',
      method: 'for_against_abstain',
      options: '',
      seats: 1,
      secret: true,
      quorum: '',
      majority: 'simple',
    },
  });
  const method = form.values.method;
  const create = useMutation({
    mutationFn: () => {
      const body = {
        title: form.values.title,
        description: form.values.description || null,
        subject: form.values.subject,
        method,
        options:
          method === 'for_against_abstain'
            ? []
            : form.values.options
                .split('\n')
                .map((line) => line.trim())
                .filter((line) => line !== ''),
        seats: method === 'ranked' ? form.values.seats : 1,
        secret: method === 'ranked' ? true : form.values.secret,
        quorum: form.values.quorum === '' ? null : Number(form.values.quorum),
        majority: form.values.majority,
      };
      return createVote(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: async (vote) => {
      idempotency.reset();
      void queryClient.invalidateQueries({ queryKey: voteKeys.all(groupId) });
      await navigate({ to: '/groups/$groupId/votes/$voteId', params: { groupId, voteId: vote.id } });
    },
    onError: showError,
  });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-vote-heading">
      <form
        onSubmit={onSubmit(() => {
          create.mutate();
        })}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-vote-heading">
            {t('Prepare a vote')}
          </Title>
          <FormAlert message={formError} />
          <TextInput label={t('Title')} required {...form.getInputProps('title')} />
          <Textarea label={t('Text of the motion or question')} autosize minRows={2} {...form.getInputProps('description')} />
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label={t('On')}
              data={Object.entries(SUBJECT_LABELS).map(([value, label]) => ({ value, label }))}
              allowDeselect={false}
              {...form.getInputProps('subject')}
            />
            <Select
              label={t('How people vote')}
              data={Object.entries(METHOD_LABELS).map(([value, label]) => ({ value, label }))}
              allowDeselect={false}
              {...form.getInputProps('method')}
            />
          </Group>
          {method !== 'for_against_abstain' && (
            <Textarea
              label={t('Options')}
              description={t('One per line')}
              autosize
              minRows={3}
              {...form.getInputProps('options')}
            />
          )}
          <Group grow align="flex-start" wrap="wrap">
            {method === 'ranked' && <NumberInput label={t('Seats to fill')} min={1} {...form.getInputProps('seats')} />}
            <NumberInput label={t('Quorum (ballots needed)')} min={0} {...form.getInputProps('quorum')} />
            <Select
              label={t('Majority needed')}
              data={Object.entries(MAJORITY_LABELS).map(([value, label]) => ({ value, label }))}
              allowDeselect={false}
              {...form.getInputProps('majority')}
            />
          </Group>
          {method !== 'ranked' && (
            <Checkbox
              label={t('Secret ballot online (otherwise the chair records a show of hands)')}
              {...form.getInputProps('secret', { type: 'checkbox' })}
            />
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('Prepare vote')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function VotesPage() {
  const { t } = useTranslation();
  const { groupId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: votes } = useSuspenseQuery(voteListQuery(groupId));
  usePageTitle(t('Votes · {group}', { group: group.name }));

  return (
    <Stack gap="lg">
      <Title order={1}>{t('Votes')}</Title>
      {votes.items.length === 0 ? (
        <Text c="dimmed">{t('No votes yet.')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {votes.items.map((vote) => (
            <Paper withBorder p="sm" component="li" key={vote.id}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <AnchorLink
                  to="/groups/$groupId/votes/$voteId"
                  params={{ groupId, voteId: vote.id }}
                  fw={600}
                  className="break-anywhere"
                >
                  {vote.title}
                </AnchorLink>
                <Group gap={6}>
                  <Badge variant="light" color="gray">
                    {SUBJECT_LABELS[vote.subject]}
                  </Badge>
                  <Badge variant="filled" color={STATUS_COLORS[vote.status]}>
                    {STATUS_LABELS[vote.status]}
                  </Badge>
                  {vote.may_vote && <Badge color="red.9" variant="light">{t('Waiting for your vote')}</Badge>}
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {can(group, 'votes:manage') && <NewVoteForm groupId={groupId} />}
    </Stack>
  );
}
