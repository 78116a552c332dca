import { useState } from 'react';
import { Box, Button, Group, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { applyApiError } from '../lib/form-errors';
import { useMembers } from './useMembers';
import { newIdempotencyKey } from './idempotency';
import { createFollowUp } from '../api/followups';
import { today } from '../lib/days';

interface Props {
  groupId: string;
  myUserId: string;
  /** The contact it is about, when added from their page. */
  contactId?: string;
  onDone?: () => void;
}

/** Adds a follow-up (a task with an assignee and a due date). */
export function NewFollowUpForm({ groupId, myUserId, contactId, onDone }: Props) {
  const queryClient = useQueryClient();
  const members = useMembers(groupId);
  const [formError, setFormError] = useState<string | null>(null);
  // One key per follow-up being written, so a double submit cannot create two.
  const [key, setKey] = useState(newIdempotencyKey);
  const form = useForm({
    mode: 'controlled',
    initialValues: { title: '', due_on: '', assignee_id: myUserId, notes: '' },
    validate: {
      title: (value) =>
        value.trim() === '' ? 'Say what needs doing' : value.trim().length > 300 ? 'Use at most 300 characters' : null,
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
          ...(contactId ? { contact_id: contactId } : {}),
        },
        key,
      ),
    onSuccess: async (followUp) => {
      form.reset();
      setKey(newIdempotencyKey());
      notify({ message: `Follow-up added: ${followUp.title}` });
      await queryClient.invalidateQueries({ queryKey: ['groups', groupId, 'follow-ups'] });
      onDone?.();
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });

  return (
    <Box
      component="form"
      noValidate
      aria-label="New follow-up"
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        mutation.mutate(values);
      })}
    >
      <Stack gap="sm">
        <FormAlert message={formError} />
        <TextInput label="What needs doing?" required {...form.getInputProps('title')} />
        <Group grow gap="sm" wrap="wrap" align="flex-start">
          <TextInput label="Due on" type="date" min={today()} miw={150} {...form.getInputProps('due_on')} />
          <Select
            label="Who will do it?"
            data={members.options}
            clearable
            placeholder="Nobody yet"
            miw={150}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('assignee_id')}
            value={form.values.assignee_id || null}
            onChange={(value) => form.setFieldValue('assignee_id', value ?? '')}
          />
        </Group>
        <Textarea label="Notes (optional)" autosize minRows={2} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending}>
            Add follow-up
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}
