import { useEffect, useId, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  Checkbox,
  Chip,
  Collapse,
  Group,
  Select,
  Skeleton,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { useApiForm } from '../shared/useApiForm';
import { FormAlert } from '../app/FormAlert';
import { contactQuery, scaleQuery, type Channel, type DuplicateMatch } from '../api/contacts';
import { LikelyMatches } from '../shared/LikelyMatches';
import { LevelBadge } from '../shared/LevelBadge';
import { CHANNEL_LABELS, LEVELS, levelLabel } from '../shared/levels';
import { useMembers } from '../shared/useMembers';
import { allWorkplacesQuery } from '../api/workplaces';
import { followUpsQuery } from '../api/followups';
import { useWorkplaceNames, useWorkplaceParts } from '../shared/workplaceLookups';
import { ContactPicker } from '../shared/ContactPicker';
import { clearDraft, draftHasContent, loadDraft, saveDraft } from './draft';
import {
  emptyValues,
  mapQuickLogErrors,
  toRequest,
  validateQuickLog,
  whenDefaults,
  type PickedContact,
  type QuickLogValues,
  type When,
} from './form';
import type { FollowUpToClose } from '../shared/outbox/outbox';
import { apiSender, outbox } from '../shared/outbox/sender';
import { refreshAfterSend } from '../shared/outbox/useOutbox';
import { relativeDay, relativeTime, timeFieldFormat } from '../lib/format';
import { addDays, today } from '../lib/days';
import { DayInput } from '../shared/DayInput';

export type LogResult =
  | {
      kind: 'sent';
      contactId: string;
      contactName: string;
      followUp: boolean;
      duplicates: DuplicateMatch[];
      /** Titles of the follow-ups closed with it, and of those the server would not close. */
      closed: string[];
      notClosed: string[];
    }
  | { kind: 'queued'; entryId: string; contactName: string };

const CHANNELS: Channel[] = ['in_person', 'phone', 'message', 'meeting', 'other'];

function whenOptions(): { value: When; label: string }[] {
  return [
    { value: 'now', label: i18next.t('Just now') },
    { value: 'earlier', label: i18next.t('Earlier today') },
    { value: 'yesterday', label: i18next.t('Yesterday') },
    { value: 'other', label: i18next.t('Another day') },
  ];
}

/** The picked contact's open follow-ups, offered for closing with this conversation. */
function OpenFollowUps({
  groupId,
  contactId,
  value,
  onChange,
  onLoaded,
}: {
  groupId: string;
  contactId: string;
  value: string[];
  onChange: (ids: string[]) => void;
  onLoaded: (items: FollowUpToClose[]) => void;
}) {
  const { t } = useTranslation();
  const open = useInfiniteQuery(followUpsQuery(groupId, 'everyone', { contactId, limit: 20 }));
  const items = (open.data?.pages ?? []).flatMap((page) => page.items).filter((item) => !item.done);
  useEffect(() => {
    onLoaded(items.map((item) => ({ id: item.id, version: item.version, title: item.title })));
    // Only a change in the list matters, not a new array of the same items.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(items.map((item) => [item.id, item.version]))]);
  if (items.length === 0) return null;
  return (
    <Card withBorder padding="sm">
      <Checkbox.Group
        label={t('Done with any of their follow-ups?')}
        description={t('Ticked ones are closed when this conversation is saved.')}
        value={value}
        onChange={onChange}
        size="md"
      >
        <Stack gap="xs" mt="xs">
          {items.map((item) => (
            <Checkbox
              key={item.id}
              value={item.id}
              classNames={{ label: 'break-anywhere' }}
              label={
                item.due_on ? t('{title} (due {when})', { title: item.title, when: relativeDay(item.due_on) }) : item.title
              }
            />
          ))}
        </Stack>
      </Checkbox.Group>
    </Card>
  );
}

function dueShortcuts(): { label: string; days: number }[] {
  return [
    { label: i18next.t('Tomorrow'), days: 1 },
    { label: i18next.t('In 3 days'), days: 3 },
    { label: i18next.t('In a week'), days: 7 },
    { label: i18next.t('In 2 weeks'), days: 14 },
  ];
}

/** A labelled group of single-choice chips (large, for thumbs). */
function ChoiceChips({
  label,
  value,
  onChange,
  options,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  error?: React.ReactNode;
}) {
  const id = useId();
  return (
    <div role="radiogroup" aria-labelledby={`${id}-label`}>
      <Text id={`${id}-label`} fw={500} size="md" mb={6}>
        {label}
      </Text>
      <Chip.Group multiple={false} value={value} onChange={onChange}>
        <Group gap="xs">
          {options.map((option) => (
            <Chip key={option.value} value={option.value} size="md" variant="outline" name={id}>
              {option.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {error && (
        <Text c="var(--mantine-color-error)" size="sm" mt={4}>
          {error}
        </Text>
      )}
    </div>
  );
}

function PickedCard({
  groupId,
  picked,
  onChange,
}: {
  groupId: string;
  picked: PickedContact;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const contact = useQuery(contactQuery(groupId, picked.id));
  const scale = useQuery(scaleQuery(groupId));
  const workplaceNames = useWorkplaceNames(groupId);
  const data = contact.data;
  return (
    <Card withBorder padding="sm" role="group" aria-label={t('Talking to')}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed">
            {t('You talked to')}
          </Text>
          <Text fw={700} size="lg" className="break-anywhere">
            {picked.name}
          </Text>
          {data && (
            <Text size="sm" c="dimmed" className="break-anywhere">
              {[
                data.workplace_id ? workplaceNames.get(data.workplace_id) : null,
                data.last_conversation_at
                  ? t('last talked {when}', { when: relativeTime(data.last_conversation_at) })
                  : t('never talked to'),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          )}
          {data && <LevelBadge level={data.assessment_level} scale={scale.data} mt={4} />}
        </div>
        {/* Never squeezed by a long name: its label stays whole at 360 px. */}
        <Button variant="default" size="sm" onClick={onChange} style={{ flexShrink: 0 }}>
          {t('Change')}
        </Button>
      </Group>
    </Card>
  );
}

interface Props {
  groupId: string;
  userId: string;
  /** Start with this contact picked (from the contact's page). */
  contactId?: string;
  /** Start from these values (an entry the server refused). */
  seed: { values: QuickLogValues; picked: PickedContact | null } | null;
  onDone: (result: LogResult) => void;
}

export function QuickLogForm({ groupId, userId, contactId, seed, onDone }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const empty = emptyValues(userId);
  const [initial] = useState(() => {
    if (seed !== null) return { ...seed, restored: true };
    const draft = loadDraft(userId, groupId);
    if (draft !== null && draftHasContent(draft, empty) && (contactId === undefined || draft.picked?.id === contactId)) {
      return { values: { ...empty, ...draft.values }, picked: draft.picked, restored: true };
    }
    return { values: empty, picked: undefined, restored: false };
  });
  const [restored, setRestored] = useState(initial.restored && seed === null);
  // undefined: nobody chosen yet (the contact from the URL, once loaded, is used).
  const [pickedState, setPicked] = useState<PickedContact | null | undefined>(initial.picked);
  const [creating, setCreating] = useState(initial.values.full_name !== '');
  const [openFollowUps, setOpenFollowUps] = useState<FollowUpToClose[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [more, setMore] = useState(
    initial.values.outcome !== '' || initial.values.next_step !== '' || initial.values.issues.length > 0,
  );

  const preset = useQuery({ ...contactQuery(groupId, contactId ?? ''), enabled: contactId !== undefined });
  const picked: PickedContact | null =
    pickedState !== undefined
      ? pickedState
      : preset.data
        ? { id: preset.data.id, name: preset.data.full_name }
        : null;

  const { form, formError, setFormError, showFieldErrors } = useApiForm<QuickLogValues>({
    mode: 'controlled',
    initialValues: initial.values,
  });
  const values = form.values;

  const scale = useQuery(scaleQuery(groupId));
  const members = useMembers(groupId);
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const parts = useWorkplaceParts(groupId, values.workplace_id);

  // Keep what is typed on the device until it is saved or queued.
  useEffect(() => {
    const draft = { values, picked: pickedState ?? null };
    if (draftHasContent(draft, empty)) saveDraft(userId, groupId, draft);
    // `empty` is rebuilt each render from userId alone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [values, pickedState, userId, groupId]);

  const pickContact = (contact: PickedContact) => {
    setPicked(contact);
    setCreating(false);
    form.setFieldValue('close_follow_ups', []);
    form.setFieldValue('full_name', '');
    form.setFieldValue('phone', '');
    form.clearFieldError('full_name');
  };

  const firstName = (picked?.name ?? values.full_name).trim().split(/\s+/)[0] ?? '';

  const submit = async (event: React.SyntheticEvent) => {
    event.preventDefault();
    if (submitting) return;
    const formValues = form.getValues();
    const errors = validateQuickLog(formValues, picked);
    showFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      setFormError(null);
      return;
    }
    setFormError(null);
    setSubmitting(true);
    const request = toRequest(formValues, picked, new Date());
    const closeFollowUps = openFollowUps.filter((item) => formValues.close_follow_ups.includes(item.id));
    const entry = outbox.add({ userId, groupId, ...request, closeFollowUps });
    const outcome = await outbox.send(entry.id, apiSender);
    setSubmitting(false);
    const contactName = request.contact.kind === 'existing' ? request.contact.name : request.contact.body.full_name;
    if (outcome.kind === 'sent') {
      clearDraft(userId, groupId);
      refreshAfterSend(queryClient, groupId);
      onDone({
        kind: 'sent',
        contactId: outcome.conversation.contact_id,
        contactName: outcome.conversation.contact_name,
        followUp: outcome.conversation.follow_up !== null,
        duplicates: outcome.contact?.possible_duplicates ?? [],
        closed: outcome.closed.map((item) => item.title),
        notClosed: outcome.notClosed.map((item) => item.followUp.title),
      });
    } else if (outcome.kind === 'waiting' || outcome.kind === 'busy') {
      clearDraft(userId, groupId);
      onDone({ kind: 'queued', entryId: entry.id, contactName });
    } else if (outcome.kind === 'refused') {
      // Refused: nothing is lost, the form still holds it. Take it out of the
      // queue and show what to fix.
      outbox.remove(entry.id);
      const refused = outcome.entry;
      if (refused.kind === 'conversation' && refused.contact.kind === 'new' && refused.contact.createdId !== undefined) {
        pickContact({ id: refused.contact.createdId, name: refused.contact.body.full_name });
        refreshAfterSend(queryClient, groupId);
      }
      const mapped = mapQuickLogErrors(outcome.error);
      // Open the optional part first when a field refused is in it, so that field can take focus.
      if (mapped.fieldErrors.outcome || mapped.fieldErrors.next_step || mapped.fieldErrors.issues) setMore(true);
      showFieldErrors(mapped.fieldErrors);
      setFormError(mapped.formError ?? t('Some fields need changing before this can be saved.'));
    }
  };

  return (
    <Box component="form" onSubmit={(event) => void submit(event)} noValidate aria-label={t('Log a conversation')}>
      <Stack gap="lg">
        {restored && (
          <Alert color="indigo" variant="light" role="status">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Text size="sm">{t('We kept what you were writing last time.')}</Text>
              <Button
                size="xs"
                variant="default"
                onClick={() => {
                  clearDraft(userId, groupId);
                  form.setValues(empty);
                  setPicked(contactId === undefined ? null : undefined);
                  setCreating(false);
                  setRestored(false);
                }}
              >
                {t('Start again')}
              </Button>
            </Group>
          </Alert>
        )}
        <FormAlert message={formError} />

        {pickedState === undefined && contactId !== undefined && preset.isPending ? (
          <Skeleton height={92} />
        ) : picked !== null ? (
          <PickedCard
            groupId={groupId}
            picked={picked}
            onChange={() => {
              setPicked(null);
              setCreating(false);
            }}
          />
        ) : creating ? (
          <Card withBorder padding="sm">
            <Stack gap="sm">
              <Group justify="space-between" gap="xs">
                <Text fw={600}>{t('New contact')}</Text>
                <Button
                  variant="subtle"
                  size="xs"
                  onClick={() => {
                    setCreating(false);
                    form.setFieldValue('full_name', '');
                  }}
                >
                  {t('Search instead')}
                </Button>
              </Group>
              <TextInput label={t('Full name')} size="md" required autoComplete="off" {...form.getInputProps('full_name')} />
              <LikelyMatches
                groupId={groupId}
                person={values}
                onUse={(match) => pickContact({ id: match.id, name: match.full_name })}
              />
              <Select
                label={t('Workplace')}
                placeholder={workplaces.data?.length === 0 ? t('No workplaces yet') : t('Choose a workplace')}
                size="md"
                data={(workplaces.data ?? []).map((w) => ({ value: w.id, label: w.name }))}
                searchable
                clearable
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('workplace_id')}
                value={values.workplace_id || null}
                onChange={(value) => {
                  form.setFieldValue('workplace_id', value ?? '');
                  form.setFieldValue('department_id', '');
                  form.setFieldValue('shift_id', '');
                }}
              />
              {values.workplace_id !== '' && (
                <Group grow gap="sm" wrap="wrap">
                  <Select
                    label={t('Department')}
                    placeholder={parts.departmentOptions.length === 0 ? t('None recorded') : t('Optional')}
                    size="md"
                    data={parts.departmentOptions}
                    clearable
                    miw={140}
                    comboboxProps={{ withinPortal: true }}
                    {...form.getInputProps('department_id')}
                    value={values.department_id || null}
                    onChange={(value) => form.setFieldValue('department_id', value ?? '')}
                  />
                  <Select
                    label={t('Shift')}
                    placeholder={parts.shiftOptions.length === 0 ? t('None recorded') : t('Optional')}
                    size="md"
                    data={parts.shiftOptions}
                    clearable
                    miw={140}
                    comboboxProps={{ withinPortal: true }}
                    {...form.getInputProps('shift_id')}
                    value={values.shift_id || null}
                    onChange={(value) => form.setFieldValue('shift_id', value ?? '')}
                  />
                </Group>
              )}
              <TextInput
                label={t('Phone (optional)')}
                type="tel"
                inputMode="tel"
                size="md"
                autoComplete="off"
                {...form.getInputProps('phone')}
              />
            </Stack>
          </Card>
        ) : (
          <ContactPicker
            groupId={groupId}
            error={typeof form.errors.full_name === 'string' ? form.errors.full_name : undefined}
            onPick={(contact) => pickContact({ id: contact.id, name: contact.full_name })}
            onCreate={(name) => {
              setCreating(true);
              form.setFieldValue('full_name', name);
              form.clearFieldError('full_name');
            }}
          />
        )}

        <Stack gap="xs">
          <ChoiceChips
            label={t('When did you talk?')}
            value={values.when}
            onChange={(value) => {
              const when = value as When;
              form.setValues({ when, ...whenDefaults(when, new Date()) });
              form.clearFieldError('when_day');
              form.clearFieldError('when_time');
            }}
            options={whenOptions()}
          />
          {values.when !== 'now' && (
            <Group gap="sm" align="flex-start" wrap="wrap">
              {values.when === 'other' && (
                <DayInput
                  label={t('Day')}
                  size="md"
                  maxDate={today()}
                  miw={160}
                  required
                  {...form.getInputProps('when_day')}
                />
              )}
              <TimePicker
                label={t('Time')}
                format={timeFieldFormat()}
                hoursInputLabel={t('Time: hours')}
                minutesInputLabel={t('Time: minutes')}
                size="md"
                miw={120}
                required
                {...form.getInputProps('when_time')}
              />
            </Group>
          )}
        </Stack>

        <ChoiceChips
          label={t('How did you talk?')}
          value={values.channel}
          onChange={(value) => form.setFieldValue('channel', value as Channel)}
          options={CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_LABELS[channel] }))}
        />

        <Textarea
          label={t('What did they say?')}
          description={t('Their words, what they care about, what worries them')}
          size="md"
          autosize
          minRows={3}
          maxRows={10}
          {...form.getInputProps('notes')}
        />

        <div>
          <Button variant="subtle" size="sm" px={0} onClick={() => setMore((open) => !open)} aria-expanded={more}>
            {more ? t('Fewer details') : t('Issues, outcome and next step')}
          </Button>
          <Collapse in={more}>
            <Stack gap="md" mt="xs">
              <TagsInput
                label={t('Issues they raised')}
                description={t('Press Enter after each one')}
                size="md"
                clearable
                {...form.getInputProps('issues')}
              />
              <Textarea label={t('Outcome')} size="md" autosize minRows={2} {...form.getInputProps('outcome')} />
              <Textarea label={t('Next step')} size="md" autosize minRows={2} {...form.getInputProps('next_step')} />
            </Stack>
          </Collapse>
        </div>

        <ChoiceChips
          label={t('How supportive are they now?')}
          value={values.level}
          onChange={(value) => form.setFieldValue('level', value)}
          error={form.errors.level}
          options={[
            { value: '', label: t('No change') },
            ...LEVELS.map((level) => ({ value: String(level), label: `${level} ${levelLabel(scale.data, level)}` })),
          ]}
        />
        {values.level !== '' && (
          <Textarea label={t('Why? (optional)')} size="md" autosize minRows={1} {...form.getInputProps('reason')} />
        )}

        {picked !== null && (
          <OpenFollowUps
            groupId={groupId}
            contactId={picked.id}
            value={values.close_follow_ups}
            onChange={(ids) => form.setFieldValue('close_follow_ups', ids)}
            onLoaded={setOpenFollowUps}
          />
        )}

        <Stack gap="sm">
          <Switch
            label={t('Add a follow-up')}
            size="md"
            checked={values.followUp}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              form.setFieldValue('followUp', on);
              if (on && values.fu_title === '') {
                form.setFieldValue('fu_title', firstName ? t('Talk to {name} again', { name: firstName }) : '');
              }
            }}
          />
          {values.followUp && (
            <Card withBorder padding="sm">
              <Stack gap="sm">
                <TextInput label={t('What needs doing?')} size="md" required {...form.getInputProps('fu_title')} />
                <div>
                  <DayInput label={t('Due on')} size="md" minDate={today()} {...form.getInputProps('fu_due')} />
                  <Group gap={6} mt={6} aria-label={t('Quick due dates')} role="group">
                    {dueShortcuts().map(({ label, days }) => (
                      <Button
                        key={label}
                        size="compact-sm"
                        variant={values.fu_due === addDays(today(), days) ? 'filled' : 'default'}
                        onClick={() => form.setFieldValue('fu_due', addDays(today(), days))}
                      >
                        {label}
                      </Button>
                    ))}
                  </Group>
                </div>
                <Select
                  label={t('Who will do it?')}
                  size="md"
                  data={members.options}
                  comboboxProps={{ withinPortal: true }}
                  {...form.getInputProps('fu_assignee')}
                  value={values.fu_assignee || null}
                  onChange={(value) => form.setFieldValue('fu_assignee', value ?? '')}
                  clearable
                  placeholder={t('Nobody yet')}
                />
              </Stack>
            </Card>
          )}
        </Stack>

        <Button type="submit" size="lg" fullWidth loading={submitting}>
          {t('Save conversation')}
        </Button>
      </Stack>
    </Box>
  );
}
