import { useMemo, useState } from 'react';
import {
  Button,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { CountInput, MoneyInput, validateCount, validateMoney } from '../shared/NumberInputs';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink } from '../app/links';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { disputeBoardQuery } from '../api/disputes';
import { RecordConflict } from '../shared/RecordConflict';
import { useVersionedEdit, type VersionedSave } from '../shared/useVersionedEdit';
import { ContactsPicker } from '../shared/ContactPicker';
import { asText, blankToNull, toCount } from '../shared/forms';
import { useApiForm } from '../shared/useApiForm';
import { useIdempotencyKey } from '../shared/idempotency';
import { can } from '../shared/permissions';
import { groupQuery } from '../api/groups';
import { actionKeys, actionQuery, createAction, updateAction } from '../api/solidarity';
import { ACTION_KINDS, actionKindLabel, type ActionCreate, type ActionKind, type SolidarityAction } from './labels';
import { NoPermission } from '../shared/NoPermission';
import { formatCount, formatDateTime, formatMoney } from '../lib/format';
import { fromLocalInput, toLocalInput } from '../lib/days';

const newRoute = getRouteApi('/_app/groups/$groupId/actions/new');
const editRoute = getRouteApi('/_app/groups/$groupId/actions/$actionId/edit');

/** The "supporting" choice for someone else's dispute, described in words. */
const OUTSIDE = 'outside';

export interface ActionValues {
  kind: ActionKind;
  title: string;
  /** A `datetime-local` value, "YYYY-MM-DDTHH:mm" in local time. */
  occurs_at: string;
  place: string;
  /** A dispute's id, OUTSIDE, or '' for none. */
  dispute: string;
  outside_dispute: string;
  participant_ids: string[];
  head_count: number | string;
  money_raised: number | string;
  outcome: string;
  notes: string;
  /** The person confirmed money for an action that has not happened yet (not a field of the action). */
  allow_future_date: boolean;
}

/** Money is dated by its action: one still to come (by the server's UTC calendar) needs a tick. */
function moneyBeforeItsDay(values: ActionValues): boolean {
  const occurs = fromLocalInput(values.occurs_at);
  if (occurs === null || values.money_raised === '') return false;
  return occurs.slice(0, 10) > new Date().toISOString().slice(0, 10);
}

const ACTION_FIELDS = [
  'kind',
  'title',
  'occurs_at',
  'place',
  'dispute',
  'outside_dispute',
  'participant_ids',
  'head_count',
  'money_raised',
  'outcome',
  'notes',
] as const satisfies readonly (keyof ActionValues)[];

function actionLabels(): Record<keyof ActionValues, string> {
  return {
    kind: i18next.t('Type'),
    title: i18next.t('Title'),
    occurs_at: i18next.t('When'),
    place: i18next.t('Where'),
    dispute: i18next.t('Supporting'),
    outside_dispute: i18next.t('Someone else’s dispute'),
    participant_ids: i18next.t('Our contacts who took part'),
    head_count: i18next.t('Head count'),
    money_raised: i18next.t('Money raised'),
    outcome: i18next.t('Outcome'),
    notes: i18next.t('Notes'),
    allow_future_date: i18next.t('Record the money now, before the action has happened'),
  };
}

/** The API's names for fields this form names differently. */
const API_FIELDS: Record<string, keyof ActionValues> = { dispute_id: 'dispute' };

function nowRounded(): string {
  const now = new Date();
  now.setMinutes(Math.floor(now.getMinutes() / 15) * 15, 0, 0);
  return toLocalInput(now.toISOString());
}

function emptyAction(dispute: string | undefined): ActionValues {
  return {
    kind: 'picket_visit',
    title: '',
    occurs_at: nowRounded(),
    place: '',
    dispute: dispute ?? '',
    outside_dispute: '',
    participant_ids: [],
    head_count: '',
    money_raised: '',
    outcome: '',
    notes: '',
    allow_future_date: false,
  };
}

function actionValues(action: SolidarityAction): ActionValues {
  return {
    kind: action.kind,
    title: action.title,
    occurs_at: toLocalInput(action.occurs_at),
    place: action.place ?? '',
    dispute: action.dispute_id ?? (action.outside_dispute ? OUTSIDE : ''),
    outside_dispute: action.outside_dispute ?? '',
    participant_ids: action.participants.map((p) => p.contact_id).sort(),
    head_count: action.head_count ?? '',
    money_raised: action.money_raised === null ? '' : Number(action.money_raised),
    outcome: action.outcome ?? '',
    notes: action.notes ?? '',
    allow_future_date: false,
  };
}

function actionBody(values: ActionValues): ActionCreate {
  const money = values.money_raised === '' ? null : Number(values.money_raised);
  return {
    kind: values.kind,
    title: values.title.trim(),
    occurs_at: fromLocalInput(values.occurs_at) ?? values.occurs_at,
    place: blankToNull(values.place),
    dispute_id: values.dispute === '' || values.dispute === OUTSIDE ? null : values.dispute,
    outside_dispute: values.dispute === OUTSIDE ? blankToNull(values.outside_dispute) : null,
    participant_ids: values.participant_ids,
    head_count: toCount(values.head_count),
    money_raised: money !== null && Number.isFinite(money) ? money : null,
    outcome: blankToNull(values.outcome),
    notes: blankToNull(values.notes),
    allow_future_date: moneyBeforeItsDay(values) && values.allow_future_date,
  };
}

function useActionForm(initial: ActionValues) {
  return useApiForm<ActionValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      title: (value) =>
        value.trim() === ''
          ? i18next.t('Give the action a title')
          : value.trim().length > 200
            ? i18next.t('At most 200 characters')
            : null,
      occurs_at: (value) => (fromLocalInput(value) === null ? i18next.t('Choose the date and time') : null),
      place: (value) => (value.trim().length > 300 ? i18next.t('At most 300 characters') : null),
      outside_dispute: (value, values) =>
        values.dispute !== OUTSIDE
          ? null
          : value.trim() === ''
            ? i18next.t('Describe the dispute, e.g. “Bin workers’ strike, Coventry”')
            : value.trim().length > 500
              ? i18next.t('At most 500 characters')
              : null,
      participant_ids: (value) => (value.length > 500 ? i18next.t('At most 500 participants') : null),
      head_count: (value, values) => {
        const invalid = validateCount(value);
        if (invalid !== null) return invalid;
        const n = toCount(value);
        if (n !== null && n < values.participant_ids.length) {
          return i18next.t(
            '{contacts, plural, one {At least the # contact listed took part} other {At least the # contacts listed took part}}',
            { contacts: values.participant_ids.length },
          );
        }
        return null;
      },
      money_raised: (value) => validateMoney(value),
      allow_future_date: (value, values) =>
        moneyBeforeItsDay(values) && !value
          ? i18next.t('This action has not happened yet: tick to record its money now, or leave the money empty')
          : null,
      outcome: (value) => (value.length > 20_000 ? i18next.t('At most 20,000 characters') : null),
      notes: (value) => (value.length > 20_000 ? i18next.t('At most 20,000 characters') : null),
    },
  }, { rename: API_FIELDS });
}

/** A field's value in words, for the conflict screen. */
function describeActionValue(
  field: keyof ActionValues,
  value: unknown,
  disputeTitles: ReadonlyMap<string, string>,
  names: ReadonlyMap<string, string>,
): string {
  if (value === null || value === undefined || value === '') return i18next.t('(empty)');
  switch (field) {
    case 'kind':
      return actionKindLabel(value as ActionKind);
    case 'occurs_at':
      return formatDateTime(fromLocalInput(value as string) ?? (value as string));
    case 'dispute':
      return value === OUTSIDE
        ? i18next.t('Someone else’s dispute')
        : (disputeTitles.get(value as string) ?? i18next.t('One of our disputes'));
    case 'participant_ids':
      return (
        (value as string[]).map((id) => names.get(id) ?? i18next.t('a contact')).join(', ') || i18next.t('(none)')
      );
    case 'money_raised':
      return formatMoney(value as number);
    case 'head_count':
      return formatCount(Number(value));
    default:
      return asText(value);
  }
}

type ActionForm = ReturnType<typeof useActionForm>;

interface FormProps {
  groupId: string;
  api: ActionForm;
  names: Map<string, string>;
  onNames: (names: Map<string, string>) => void;
  submitLabel: string;
  saving: boolean;
  formError: string | null;
  onSubmit: (values: ActionValues) => void;
  onCancel: () => void;
}

function ActionFormFields({
  groupId,
  api,
  names,
  onNames,
  submitLabel,
  saving,
  formError,
  onSubmit,
  onCancel,
}: FormProps) {
  const { t } = useTranslation();
  const { form } = api;
  const disputes = useQuery(disputeBoardQuery(groupId));
  const disputeTitles = useMemo(() => new Map((disputes.data ?? []).map((d) => [d.id, d.title])), [disputes.data]);
  const values = form.values;
  const supportOptions = [
    {
      group: t('Our disputes'),
      items: (disputes.data ?? []).map((d) => ({ value: d.id, label: d.title })),
    },
    { group: t('Elsewhere'), items: [{ value: OUTSIDE, label: t('Someone else’s dispute') }] },
  ];
  if (values.dispute !== '' && values.dispute !== OUTSIDE && !disputeTitles.has(values.dispute)) {
    supportOptions[0]?.items.push({ value: values.dispute, label: t('This dispute') });
  }

  return (
    <form noValidate onSubmit={api.onSubmit(onSubmit)} aria-label={t('Solidarity action details')}>
      <Stack gap="md">
        <FormAlert message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('Type')}
            data={ACTION_KINDS.map((kind) => ({ value: kind, label: actionKindLabel(kind) }))}
            allowDeselect={false}
            required
            {...form.getInputProps('kind')}
          />
          <TextInput label={t('When')} type="datetime-local" required {...form.getInputProps('occurs_at')} />
        </SimpleGrid>
        <TextInput
          label={t('Title')}
          placeholder={t('e.g. Visit to the bin workers’ picket')}
          required
          maxLength={200}
          {...form.getInputProps('title')}
        />
        <TextInput label={t('Where')} maxLength={300} {...form.getInputProps('place')} />
        <Select
          label={t('Supporting')}
          description={t('One of our disputes, someone else’s, or leave empty.')}
          placeholder={t('No particular dispute')}
          data={supportOptions}
          searchable
          clearable
          value={values.dispute === '' ? null : values.dispute}
          onChange={(value) => form.setFieldValue('dispute', value ?? '')}
          error={form.errors.dispute}
        />
        {values.dispute === OUTSIDE && (
          <TextInput
            label={t('Whose dispute')}
            placeholder={t('e.g. Bin workers’ strike, Coventry')}
            required
            maxLength={500}
            {...form.getInputProps('outside_dispute')}
          />
        )}
        <ContactsPicker
          groupId={groupId}
          label={t('Our contacts who took part')}
          description={t('Everyone else goes in the head count.')}
          value={values.participant_ids.map((id) => ({ id, name: names.get(id) ?? t('Contact') }))}
          onChange={(chosen) => {
            const next = new Map(names);
            for (const item of chosen) next.set(item.id, item.name);
            onNames(next);
            form.setFieldValue(
              'participant_ids',
              chosen.map((item) => item.id),
            );
          }}
          error={typeof form.errors.participant_ids === 'string' ? form.errors.participant_ids : null}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <CountInput
            label={t('Head count')}
            description={t('Everyone who took part, our contacts included.')}
            {...form.getInputProps('head_count')}
          />
          <MoneyInput label={t('Money raised')} {...form.getInputProps('money_raised')} />
        </SimpleGrid>
        {moneyBeforeItsDay(form.getValues()) && (
          <Checkbox
            label={t('Record the money now, before the action has happened')}
            {...form.getInputProps('allow_future_date', { type: 'checkbox' })}
          />
        )}
        <Textarea label={t('Outcome')} autosize minRows={2} maxRows={8} {...form.getInputProps('outcome')} />
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

export function NewActionPage() {
  const { t } = useTranslation();
  const { groupId } = newRoute.useParams();
  const search = newRoute.useSearch();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Record a solidarity action · {group}', { group: group.name }));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const api = useActionForm(emptyAction(search.dispute));
  const [names, setNames] = useState(() => new Map<string, string>());
  const idempotency = useIdempotencyKey();

  const mutation = useMutation({
    mutationFn: (values: ActionValues) => {
      const body = actionBody(values);
      return createAction(groupId, body, idempotency.keyFor(body));
    },
    onSuccess: async (action) => {
      idempotency.reset();
      queryClient.setQueryData(actionKeys.detail(groupId, action.id), action);
      void queryClient.invalidateQueries({ queryKey: actionKeys.all(groupId) });
      notify({ message: t('“{title}” recorded.', { title: action.title }) });
      await navigate({ to: '/groups/$groupId/actions/$actionId', params: { groupId, actionId: action.id } });
    },
    onError: api.showError,
  });

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/actions" params={{ groupId }} size="sm">
          {t('← Solidarity actions')}
        </AnchorLink>
        <Title order={1}>{t('Record a solidarity action')}</Title>
        <Text c="dimmed">
          {t('A picket visit, donation, collection, motion, demonstration, petition or online push.')}
        </Text>
      </Stack>
      {can(group, 'actions:write') ? (
        <ActionFormFields
          groupId={groupId}
          api={api}
          names={names}
          onNames={setNames}
          submitLabel={t('Save action')}
          saving={mutation.isPending}
          formError={api.formError}
          onSubmit={(values) => mutation.mutate(values)}
          onCancel={() => void navigate({ to: '/groups/$groupId/actions', params: { groupId } })}
        />
      ) : (
        <NoPermission>{t('Ask an organiser or owner of the group to record solidarity actions.')}</NoPermission>
      )}
    </Stack>
  );
}


export function EditActionPage() {
  const { t } = useTranslation();
  const { groupId, actionId } = editRoute.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: action } = useSuspenseQuery(actionQuery(groupId, actionId));
  usePageTitle(t('Edit {action} · {group}', { action: action.title, group: group.name }));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const edit = useVersionedEdit({
    initial: () => ({ values: actionValues(action), version: action.version }),
    fields: ACTION_FIELDS,
    valuesOf: actionValues,
  });
  const api = useActionForm(edit.base.values);
  const [names, setNames] = useState(
    () => new Map(action.participants.map((p) => [p.contact_id, p.full_name])),
  );
  const disputes = useQuery(disputeBoardQuery(groupId));
  const disputeTitles = useMemo(() => new Map((disputes.data ?? []).map((d) => [d.id, d.title])), [disputes.data]);
  const back = () => navigate({ to: '/groups/$groupId/actions/$actionId', params: { groupId, actionId } });

  const mutation = useMutation({
    mutationFn: ({ values, version }: VersionedSave<ActionValues>) => updateAction(groupId, actionId, { ...actionBody(values), version }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(actionKeys.detail(groupId, actionId), saved);
      void queryClient.invalidateQueries({ queryKey: actionKeys.all(groupId) });
      notify({ message: t('Action saved.') });
      await back();
    },
    onError: (error, vars) => {
      const current = edit.fail(error, vars, api.applyError);
      if (current === null) return;
      queryClient.setQueryData(actionKeys.detail(groupId, actionId), current);
      setNames((known) => {
        const next = new Map(known);
        for (const p of current.participants) next.set(p.contact_id, p.full_name);
        return next;
      });
    },
  });

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/groups/$groupId/actions/$actionId" params={{ groupId, actionId }} size="sm">
          ← {action.title}
        </AnchorLink>
        <Title order={1}>{t('Edit solidarity action')}</Title>
      </Stack>
      {!can(group, 'actions:write') ? (
        <NoPermission>{t('Ask an organiser or owner of the group to record solidarity actions.')}</NoPermission>
      ) : edit.conflict ? (
        <RecordConflict
          groupId={groupId}
          noun="action"
          state={edit.conflict}
          labels={actionLabels()}
          show={(field, value) => describeActionValue(field, value, disputeTitles, names)}
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
        <ActionFormFields
          groupId={groupId}
          api={api}
          names={names}
          onNames={setNames}
          submitLabel={t('Save action')}
          saving={mutation.isPending}
          formError={edit.formError}
          onSubmit={(values) => mutation.mutate(edit.submit(values))}
          onCancel={() => void back()}
        />
      )}
    </Stack>
  );
}
