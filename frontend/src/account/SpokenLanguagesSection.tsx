import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { saveSpokenLanguages } from '../api/account';
import { authStore } from '../api/client';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { LanguagesMultiSelect } from '../shared/LanguageSelect';
import { useApiForm } from '../shared/useApiForm';
import { useAuth } from '../shared/session';

/** The languages the person speaks: the members of their groups see them, so
 * callers can be matched with workers who share a language. */
export function SpokenLanguagesSection() {
  const { t } = useTranslation();
  const auth = useAuth();
  const queryClient = useQueryClient();
  const saved = auth.user?.spoken_languages ?? [];
  const { form, formError, onSubmit, showError } = useApiForm({
    initialValues: { spoken_languages: saved },
  });
  const mutation = useMutation({
    mutationFn: saveSpokenLanguages,
    onSuccess: (user) => {
      authStore.setUser(user);
      form.setInitialValues({ spoken_languages: user.spoken_languages });
      form.setValues({ spoken_languages: user.spoken_languages });
      void queryClient.invalidateQueries({ queryKey: ['groups'] });
      notify({ color: 'teal', message: t('Your languages are saved.') });
    },
    onError: showError,
  });
  const value = form.values.spoken_languages;
  const changed = value.join(' ') !== saved.join(' ');

  return (
    <Stack gap="xs" component="section" aria-labelledby="spoken-languages-heading">
      <Title order={2} size="h3" id="spoken-languages-heading">
        {t('Languages you speak')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('The members of your groups see them, so whoever calls a worker can be someone who speaks their language.')}
      </Text>
      <form
        noValidate
        onSubmit={onSubmit((values) => {
          mutation.mutate(values.spoken_languages);
        })}
      >
        <Stack gap="xs">
          <FormAlert message={formError} />
          <LanguagesMultiSelect
            label={t('Languages you speak')}
            placeholder={value.length === 0 ? t('Choose or type to search') : undefined}
            maxValues={20}
            clearable
            {...form.getInputProps('spoken_languages')}
          />
          <Group>
            <Button type="submit" disabled={!changed} loading={mutation.isPending}>
              {t('Save languages')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
