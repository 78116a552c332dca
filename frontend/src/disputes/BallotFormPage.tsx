import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { CountInput } from '../shared/NumberInputs';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { groupQuery } from '../api/groups';
import { useApiForm } from '../shared/useApiForm';
import { ballotQuery, createBallot, deleteBallot, disputeKeys, disputeQuery, updateBallot } from '../api/disputes';
import { ballotHeading } from './Ballots';
import { asText, blankToNull, toCount } from '../shared/forms';
import { useIdempotencyKey } from '../shared/idempotency';
import { RecordConflict } from '../shared/RecordConflict';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';
import { ballotErrors, type BallotValues, type Count } from './ballot-values';
import { BALLOT_KIND_LABELS } from '../shared/disputeLabels';
import { can } from '../shared/permissions';
import type { Ballot, BallotCreate, BallotKind } from '../api/disputeTypes';
import { NoPermission } from '../shared/NoPermission';
import { formatCount, formatDay } from '../lib/format';
import { today } from '../lib/days';
import { DayInput } from '../shared/DayInput';

const newRoute = getRouteApi('/_app/groups/$groupId/disputes/$disputeId/ballots/new');
const editRoute = getRouteApi('/_app/groups/$groupId/disputes/$disputeId/ballots/$ballotId/edit');

const BALLOT_FIELDS = [
  'kind',
  'opens_on',
  'closes_on',
  'entitled_to_vote',
  'votes_cast',
  'yes_votes',
  'no_votes',
  'spoilt',
  'important_public_service',
  'employer_agreed_longer_mandate',
  'employer_agreed_shorter_notice',
  'notes',
] as const satisfies readonly (keyof BallotValues)[];

function ballotLabels(): Record<keyof BallotValues, string> {
  return {
    kind: i18next.t('Kind of ballot'),
    opens_on: i18next.t('Opens on'),
    closes_on: i18next.t('Closes on'),
    entitled_to_vote: i18next.t('Entitled to vote'),
    votes_cast: i18next.t('Votes cast'),
    yes_votes: i18next.t('Yes'),
    no_votes: i18next.t('No'),
    spoilt: i18next.t('Spoilt'),
    important_public_service: i18next.t('Important public service'),
    employer_agreed_longer_mandate: i18next.t('Employer agreed a longer mandate'),
    employer_agreed_shorter_notice: i18next.t('Employer agreed shorter notice'),
    notes: i18next.t('Notes'),
  };
}

const EMPTY_BALLOT: BallotValues = {
  kind: 'statutory',
  opens_on: '',
  closes_on: '',
  entitled_to_vote: '',
  votes_cast: '',
  yes_votes: '',
  no_votes: '',
  spoilt: '',
  important_public_service: false,
  employer_agreed_longer_mandate: false,
  employer_agreed_shorter_notice: false,
  notes: '',
};

function countValue(value: number | null): Count {
  return value ?? '';
}

function ballotValues(ballot: Ballot): BallotValues {
  return {
    kind: ballot.kind,
    opens_on: ballot.opens_on,
    closes_on: ballot.closes_on,
    entitled_to_vote: countValue(ballot.entitled_to_vote),
    votes_cast: countValue(ballot.votes_cast),
    yes_votes: countValue(ballot.yes_votes),
    no_votes: countValue(ballot.no_votes),
    spoilt: countValue(ballot.spoilt),
    important_public_service: ballot.important_public_service,
    employer_agreed_longer_mandate: ballot.employer_agreed_longer_mandate,
    employer_agreed_shorter_notice: ballot.employer_agreed_shorter_notice,
    notes: ballot.notes ?? '',
  };
}

function ballotBody(values: BallotValues): BallotCreate {
  return {
    kind: values.kind,
    opens_on: values.opens_on,
    closes_on: values.closes_on,
    entitled_to_vote: toCount(values.entitled_to_vote),
    votes_cast: toCount(values.votes_cast),
    yes_votes: toCount(values.yes_votes),
    no_votes: toCount(values.no_votes),
    spoilt: toCount(values.spoilt),
    important_public_service: values.important_public_service,
    employer_agreed_longer_mandate: values.employer_agreed_longer_mandate,
    employer_agreed_shorter_notice: values.employer_agreed_shorter_notice,
    notes: blankToNull(values.notes),
  };
}

function showBallotValue(field: keyof BallotValues, value: unknown): string {
  if (typeof value === 'boolean') return value ? i18next.t('Yes') : i18next.t('No');
  if (value === null || value === undefined || value === '') return i18next.t('(empty)');
  if (field === 'kind') return BALLOT_KIND_LABELS[value as BallotKind];
  if (field === 'opens_on' || field === 'closes_on') return formatDay(value as string);
  if (typeof value === 'number') return formatCount(value);
  return asText(value);
}

function useBallotForm(initial: BallotValues) {
  return useApiForm<BallotValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: (values) => ({
      ...ballotErrors(values),
      ...(values.notes.length > 20_000 ? { notes: i18next.t('At most 20,000 characters') } : {}),
    }),
  });
}

type BallotForm = ReturnType<typeof useBallotForm>;

interface FormProps {
  api: BallotForm;
  submitLabel: string;
  saving: boolean;
  formError: string | null;
  onSubmit: (values: BallotValues) => void;
  onCancel: () => void;
}

function BallotForm({
  api,
  submitLabel,
  saving,
  formError,
  onSubmit,
  onCancel,
}: FormProps) {
  const { t } = useTranslation();
  const { form } = api;
  const values = form.values;
  const parts = [toCount(values.yes_votes), toCount(values.no_votes), toCount(values.spoilt)].filter(
    (n): n is number => n !== null,
  );
  const sum = parts.length === 3 ? parts.reduce((a, b) => a + b, 0) : null;

  return (
    <form noValidate onSubmit={api.onSubmit(onSubmit)} aria-label={t('Ballot details')}>
      <Stack gap="md">
        <FormAlert message={formError} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="ballot-kind-label">
            {t('Kind of ballot')}
          </Text>
          <SegmentedControl
            aria-labelledby="ballot-kind-label"
            data={[
              { value: 'statutory', label: BALLOT_KIND_LABELS.statutory },
              { value: 'indicative', label: BALLOT_KIND_LABELS.indicative },
            ]}
            {...form.getInputProps('kind')}
            style={{ alignSelf: 'flex-start' }}
          />
          <Text size="xs" c="dimmed">
            {values.kind === 'statutory'
              ? t('The postal ballot the law requires before industrial action.')
              : t('A union-run consultation that tests support; it gives no legal mandate.')}
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <DayInput
            label={t('Opens on')}
            description={t('The rules in force on this day apply.')}
            required
            {...form.getInputProps('opens_on')}
          />
          <DayInput label={t('Closes on')} required {...form.getInputProps('closes_on')} />
        </SimpleGrid>
        <Checkbox
          label={t('Important public service')}
          description={t(
            'Health, education of under-17s, fire, transport, border security or nuclear decommissioning.',
          )}
          {...form.getInputProps('important_public_service', { type: 'checkbox' })}
        />

        <Title order={2} size="h4" mt="xs">
          {t('Figures')}
        </Title>
        <Text size="sm" c="dimmed" mt={-8}>
          {values.closes_on !== '' && values.closes_on > today()
            ? t('Voting closes on {day}: enter who may vote now, and the result once it has closed.', {
                day: formatDay(values.closes_on),
              })
            : t('Leave these empty until the result is in; the thresholds are worked out once they are entered.')}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <CountInput label={t('Entitled to vote')} {...form.getInputProps('entitled_to_vote')} />
          <CountInput
            label={t('Votes cast')}
            description={
              sum !== null ? (
                <>
                  {t('Spoilt papers included. Yes + no + spoilt = {sum}', { sum: formatCount(sum) })}
                  {toCount(values.votes_cast) !== sum && (
                    <>
                      {' · '}
                      <Anchor component="button" type="button" size="xs" onClick={() => form.setFieldValue('votes_cast', sum)}>
                        {t('Use {sum}', { sum: formatCount(sum) })}
                      </Anchor>
                    </>
                  )}
                </>
              ) : (
                t('Spoilt papers included.')
              )
            }
            {...form.getInputProps('votes_cast')}
          />
          <CountInput label={t('Yes')} {...form.getInputProps('yes_votes')} />
          <CountInput label={t('No')} {...form.getInputProps('no_votes')} />
          <CountInput label={t('Spoilt')} {...form.getInputProps('spoilt')} />
        </SimpleGrid>

        {values.kind === 'statutory' && (
          <Stack gap="xs">
            <Checkbox
              label={t('The employer agreed to a longer mandate')}
              description={t('Under the 2016 rules an agreement extends the mandate from 6 to 9 months.')}
              {...form.getInputProps('employer_agreed_longer_mandate', { type: 'checkbox' })}
            />
            <Checkbox
              label={t('The employer agreed to shorter notice of action')}
              description={t('Under the 2016 rules an agreement shortens notice from 14 to 7 days.')}
              {...form.getInputProps('employer_agreed_shorter_notice', { type: 'checkbox' })}
            />
          </Stack>
        )}
        <Textarea label={t('Notes')} autosize minRows={2} maxRows={8} {...form.getInputProps('notes')} />
        <Group gap="sm">
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('Cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NewBallotPage() {
  const { t } = useTranslation();
  const { groupId, disputeId } = newRoute.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: dispute } = useSuspenseQuery(disputeQuery(groupId, disputeId));
  usePageTitle(t('New ballot · {dispute}', { dispute: dispute.title }));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const api = useBallotForm(EMPTY_BALLOT);
  const idempotency = useIdempotencyKey();
  const back = () => navigate({ to: '/groups/$groupId/disputes/$disputeId', params: { groupId, disputeId } });

  const mutation = useMutation({
    mutationFn: (values: BallotValues) => {
      const body = ballotBody(values);
      return createBallot(groupId, disputeId, body, idempotency.keyFor(body));
    },
    onSuccess: async (ballot) => {
      idempotency.reset();
      queryClient.setQueryData(disputeKeys.ballot(groupId, ballot.id), ballot);
      await queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, disputeId) });
      notify({ message: t('Ballot recorded.') });
      await back();
    },
    onError: api.showError,
  });

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/disputes/$disputeId" params={{ groupId, disputeId }} size="sm">
          ← {dispute.title}
        </AnchorLink>
        <Title order={1}>{t('New ballot')}</Title>
      </Stack>
      {can(group, 'disputes:write') ? (
        <BallotForm
          api={api}
          submitLabel={t('Save ballot')}
          saving={mutation.isPending}
          formError={api.formError}
          onSubmit={(values) => mutation.mutate(values)}
          onCancel={() => void back()}
        />
      ) : (
        <NoPermission>{t('Ask an organiser or owner of the group to record ballots.')}</NoPermission>
      )}
    </Stack>
  );
}


export function EditBallotPage() {
  const { t } = useTranslation();
  const { groupId, disputeId, ballotId } = editRoute.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: dispute } = useSuspenseQuery(disputeQuery(groupId, disputeId));
  const { data: ballot } = useSuspenseQuery(ballotQuery(groupId, ballotId));
  usePageTitle(t('Edit ballot · {dispute}', { dispute: dispute.title }));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const edit = useVersionedEdit({
    initial: () => ({ values: ballotValues(ballot), version: ballot.version }),
    fields: BALLOT_FIELDS,
    valuesOf: ballotValues,
  });
  const api = useBallotForm(edit.base.values);
  const [confirming, confirm] = useDisclosure(false);
  const back = () => navigate({ to: '/groups/$groupId/disputes/$disputeId', params: { groupId, disputeId } });

  const mutation = useMutation({
    mutationFn: ({ values, version }: VersionedSave<BallotValues>) => updateBallot(groupId, ballotId, { ...ballotBody(values), version }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(disputeKeys.ballot(groupId, ballotId), saved);
      await queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, disputeId) });
      notify({ message: t('Ballot saved.') });
      await back();
    },
    onError: (error, vars) => {
      const current = edit.fail(error, vars, api.applyError);
      if (current !== null) queryClient.setQueryData(disputeKeys.ballot(groupId, ballotId), current);
    },
  });

  const remove = useMutation({
    mutationFn: () => deleteBallot(groupId, ballotId, edit.base.version),
    onSuccess: async () => {
      confirm.close();
      await back();
      queryClient.removeQueries({ queryKey: disputeKeys.ballot(groupId, ballotId) });
      await queryClient.invalidateQueries({ queryKey: disputeKeys.detail(groupId, disputeId) });
      notify({ message: t('Ballot deleted.') });
    },
  });

  const canEdit = can(group, 'disputes:write');

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/disputes/$disputeId" params={{ groupId, disputeId }} size="sm">
          ← {dispute.title}
        </AnchorLink>
        <Group justify="space-between" gap="sm">
          <Title order={1}>{t('Edit ballot')}</Title>
          {canEdit && (
            <Button
              variant="subtle"
              color="red.9"
              onClick={() => {
                remove.reset();
                confirm.open();
              }}
            >
              {t('Delete ballot')}
            </Button>
          )}
        </Group>
        <Text c="dimmed">{ballotHeading(ballot)}</Text>
      </Stack>
      {!canEdit ? (
        <NoPermission>{t('Ask an organiser or owner of the group to record ballots.')}</NoPermission>
      ) : edit.conflict ? (
        <RecordConflict
          groupId={groupId}
          noun="ballot"
          state={edit.conflict}
          labels={ballotLabels()}
          show={showBallotValue}
          saving={mutation.isPending}
          onSave={(values, version, unchanged) => {
            api.form.setValues(values);
            const save = edit.resolve(values, version, unchanged);
            if (save) {
              mutation.mutate(save);
            } else {
              notify({ message: t('The saved version was kept.') });
              void back();
            }
          }}
          onCancel={() => edit.cancel()}
        />
      ) : (
        <BallotForm
          api={api}
          submitLabel={t('Save ballot')}
          saving={mutation.isPending}
          formError={edit.formError}
          onSubmit={(values) => mutation.mutate(edit.submit(values))}
          onCancel={() => void back()}
        />
      )}
      <Modal opened={confirming} onClose={confirm.close} title={t('Delete this ballot?')}>
        <Stack gap="md">
          <Text>{t('{ballot} and its figures will be deleted.', { ballot: ballotHeading(ballot) })}</Text>
          {remove.isError && <FormAlert message={errorMessage(remove.error)} />}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={confirm.close}>
              {t('Keep it')}
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('Delete ballot')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
