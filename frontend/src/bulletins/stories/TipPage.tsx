import { Alert, Box, Button, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useLocation } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { sendTip } from '../../api/stories';
import { AuthLayout } from '../../app/AuthLayout';
import { FormAlert } from '../../app/FormAlert';
import { readFragmentParam } from '../../lib/fragment';
import { useApiForm } from '../../shared/useApiForm';

const MAX_STORY = 5000;

/** Out of sight and out of the keyboard's way: only a bot fills it in. */
const HONEYPOT_STYLE = { position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' } as const;

/** The public "got a story?" page: no login, no cookie, nothing kept about the sender. */
export function TipPage() {
  const { t } = useTranslation();
  const hash = useLocation({ select: (location) => location.hash });
  const token = readFragmentParam(hash, 'token');
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'controlled',
    initialValues: { headline: '', story: '', website: '' },
    validate: {
      story: (value) => (value.trim() === '' ? t('Write your story first') : null),
    },
  });
  const send = useMutation({
    mutationFn: (values: typeof form.values) =>
      sendTip(token ?? '', {
        headline: values.headline || null,
        story: values.story,
        website: values.website || null,
      }),
    onError: showError,
  });

  if (token === null) {
    return (
      <AuthLayout title={t('Got a story?')}>
        <Alert color="red" variant="light" role="alert">
          {t('This link is incomplete. Open the whole link from the bulletin.')}
        </Alert>
      </AuthLayout>
    );
  }
  if (send.isSuccess) {
    return (
      <AuthLayout title={t('Got a story?')}>
        <Stack gap="md">
          <Alert color="teal" variant="light" role="status">
            {t('Thank you. Your story has reached the group.')}
          </Alert>
          <Text size="sm">
            {t('Nothing about you was kept: not your name, not your address. If you want a reply, talk to a rep you trust.')}
          </Text>
        </Stack>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('Got a story?')}>
      <form noValidate onSubmit={onSubmit((values) => send.mutate(values))}>
        <Stack gap="md">
          <Text size="sm">
            {t('Tell the bulletin what is happening at work. You do not need to give your name, and nothing about you is kept.')}
          </Text>
          <TextInput
            label={t('Headline (optional)')}
            maxLength={200}
            {...form.getInputProps('headline')}
          />
          <Textarea
            label={t('Your story')}
            required
            autosize
            minRows={6}
            maxLength={MAX_STORY}
            {...form.getInputProps('story')}
            description={t('{used, number} of {max, number} characters', {
              used: form.values.story.length,
              max: MAX_STORY,
            })}
          />
          <Box style={HONEYPOT_STYLE} aria-hidden="true">
            <TextInput
              label={t('Leave this empty')}
              tabIndex={-1}
              autoComplete="off"
              {...form.getInputProps('website')}
              name="website"
            />
          </Box>
          <FormAlert message={formError} />
          <Button type="submit" loading={send.isPending}>
            {t('Send the story')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
