import { Box, Button, Card, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allWorkplacesQuery } from '../../api/workplaces';
import { FormAlert } from '../../app/FormAlert';
import { notify } from '../../app/notify';
import { today } from '../../lib/days';
import { formatDate } from '../../lib/format';
import { DayInput } from '../../shared/DayInput';
import { newIdempotencyKey } from '../../shared/idempotency';
import { useApiForm } from '../../shared/useApiForm';
import { type Edition, bulletinKeys, createFeedback, feedbackQuery } from './api';

const MAX_FEEDBACK = 5000;

interface FeedbackValues {
  heard_on: string;
  workplace_id: string;
  text: string;
}

function FeedbackForm({ groupId, edition }: { groupId: string; edition: Edition }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const [key, setKey] = useState(newIdempotencyKey);
  const { form, formError, onSubmit, showError } = useApiForm<FeedbackValues>({
    mode: 'controlled',
    initialValues: { heard_on: today(), workplace_id: edition.workplace_ids[0] ?? '', text: '' },
    validate: {
      heard_on: (value) => (value === '' ? t('Say when you heard it') : null),
      text: (value) =>
        value.trim() === ''
          ? t('Write down what people said')
          : value.length > MAX_FEEDBACK
            ? t('Use at most {characters, plural, one {# character} other {# characters}}', { characters: MAX_FEEDBACK })
            : null,
    },
  });
  const log = useMutation({
    mutationFn: (values: FeedbackValues) =>
      createFeedback(
        groupId,
        edition.id,
        {
          heard_on: values.heard_on,
          workplace_id: values.workplace_id === '' ? null : values.workplace_id,
          text: values.text,
        },
        key,
      ),
    onSuccess: (_feedback, values) => {
      form.setValues({ ...values, text: '' });
      setKey(newIdempotencyKey());
      notify({ message: t('Feedback logged.') });
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.feedback(groupId, edition.id) });
    },
    onError: showError,
  });
  return (
    <Box component="form" noValidate aria-label={t('Log feedback')} onSubmit={onSubmit((values) => log.mutate(values))}>
      <Stack gap="xs">
        <FormAlert message={formError} />
        <Textarea
          label={t('What people said about it')}
          required
          autosize
          minRows={3}
          maxLength={MAX_FEEDBACK}
          {...form.getInputProps('text')}
        />
        <DayInput label={t('Heard on')} required {...form.getInputProps('heard_on')} />
        <Select
          label={t('Workplace (optional)')}
          clearable
          data={(workplaces.data ?? []).map((workplace) => ({ value: workplace.id, label: workplace.name }))}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('workplace_id')}
          value={form.values.workplace_id || null}
          onChange={(value) => form.setFieldValue('workplace_id', value ?? '')}
        />
        <Button type="submit" loading={log.isPending}>
          {t('Log feedback')}
        </Button>
      </Stack>
    </Box>
  );
}

/** What was heard about an edition, for the next editorial meeting. */
export function FeedbackPanel({ groupId, edition, canLog }: { groupId: string; edition: Edition; canLog: boolean }) {
  const { t } = useTranslation();
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const feedback = useQuery(feedbackQuery(groupId, edition.id));
  const names = new Map((workplaces.data ?? []).map((workplace) => [workplace.id, workplace.name]));
  const items = feedback.data?.items ?? [];
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('Feedback')}
        </Title>
        {canLog && <FeedbackForm groupId={groupId} edition={edition} />}
        {items.length === 0 ? (
          <Text c="dimmed">{t('No feedback logged yet')}</Text>
        ) : (
          <Stack gap="xs" component="ul" aria-label={t('Feedback heard')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((item) => (
              <Box component="li" key={item.id}>
                <Text size="sm" c="dimmed">
                  {item.workplace_id === null
                    ? formatDate(item.heard_on)
                    : t('{day} at {workplace}', {
                        day: formatDate(item.heard_on),
                        workplace: names.get(item.workplace_id) ?? '…',
                      })}
                </Text>
                <Text className="break-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                  {item.text}
                </Text>
              </Box>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
