import { useState } from 'react';
import { Box, Button, Checkbox, Group, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { useApiForm } from './useApiForm';
import { useMembers } from './useMembers';
import { newIdempotencyKey } from './idempotency';
import { createFollowUp } from '../api/followups';
import { today } from '../lib/days';
import { useTranslation } from 'react-i18next';
import { DayInput } from './DayInput';

interface Props {
  groupId: string;
  myUserId: string;
  /** The contact it is about, when added from their page. */
  contactId?: string;
  onDone?: () => void;
}

/** Adds a follow-up (a task with an assignee and a due date). */
export function NewFollowUpForm({ groupId, myUserId, contactId, onDone }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const members = useMembers(groupId);
  // One key per follow-up being written, so a double submit cannot create two.
  const [key, setKey] = useState(newIdempotencyKey);
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'controlled',
    initialValues: { title: '', due_on: '', assignee_id: myUserId, notes: '', allow_past_due: false },
    validate: {
      title: (value) =>
        value.trim() === ''
          ? t('Say what needs doing')
          : value.trim().length > 300
            ? t('Use at most {characters, plural, one {# character} other {# characters}}', { characters: 300 })
            : null,
      allow_past_due: (value, values) =>
        values.due_on !== '' && values.due_on < today() && !value
          ? t('That day has passed: tick to add it as overdue, or choose another day')
          : null,
    },
  });
  const mutation = useMutation({
    mutationFn: (values: typeof form.values) =>
      createFollowUp(
        groupId,
        {
          title: values.title.trim(),
          due_on: values.due_on === '' ? null : values.due_on,
          assignee_id: values.assignee_id === '' ? null : values.assignee_id,
          notes: values.notes.trim() === '' ? null : values.notes,
          allow_past_due: values.due_on !== '' && values.due_on < today() && values.allow_past_due,
          ...(contactId ? { contact_id: contactId } : {}),
        },
        key,
      ),
    onSuccess: async (followUp) => {
      form.reset();
      setKey(newIdempotencyKey());
      notify({ message: t('Follow-up added: {title}', { title: followUp.title }) });
      await queryClient.invalidateQueries({ queryKey: ['groups', groupId, 'follow-ups'] });
      onDone?.();
    },
    onError: showError,
  });

  return (
    <Box
      component="form"
      noValidate
      aria-label={t('New follow-up')}
      onSubmit={onSubmit((values) => mutation.mutate(values))}
    >
      <Stack gap="sm">
        <FormAlert message={formError} />
        <TextInput label={t('What needs doing?')} required {...form.getInputProps('title')} />
        <Group grow gap="sm" wrap="wrap" align="flex-start">
          <DayInput label={t('Due on')} miw={150} {...form.getInputProps('due_on')} />
          <Select
            label={t('Who will do it?')}
            data={members.options}
            clearable
            placeholder={t('Nobody yet')}
            miw={150}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('assignee_id')}
            value={form.values.assignee_id || null}
            onChange={(value) => form.setFieldValue('assignee_id', value ?? '')}
          />
        </Group>
        {form.values.due_on !== '' && form.values.due_on < today() && (
          <Checkbox
            label={t('Yes, it was due on a day that has passed')}
            {...form.getInputProps('allow_past_due', { type: 'checkbox' })}
          />
        )}
        <Textarea label={t('Notes (optional)')} autosize minRows={2} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending}>
            {t('Add follow-up')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}
