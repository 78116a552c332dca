import { useState } from 'react';
import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { completeSecondFactor, type SecondFactorAnswer } from '../api/auth';
import { ApiError, errorMessage } from '../api/errors';
import type { SecondFactorStep } from '../api/types';
import { FormAlert } from '../app/FormAlert';
import { useApiForm } from '../shared/useApiForm';

/** What to tell someone whose passkey prompt failed or was dismissed. */
export function passkeyErrorMessage(error: unknown): string {
  if (error instanceof ApiError) return errorMessage(error);
  if (error instanceof Error && error.name === 'NotAllowedError') {
    return i18next.t('The passkey prompt was closed or timed out. Try again.');
  }
  return i18next.t('This browser could not use a passkey here.');
}

type Mode = 'totp' | 'recovery_code';

/** The second step of a login: an app code, a recovery code, or a passkey. */
export function SecondFactorForm({
  step,
  onDone,
  onRestart,
}: {
  step: SecondFactorStep;
  onDone: () => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const hasTotp = step.methods.includes('totp');
  const hasRecovery = step.methods.includes('recovery_code');
  const hasPasskey = step.methods.includes('passkey');
  const [mode, setMode] = useState<Mode>(hasTotp ? 'totp' : 'recovery_code');
  const { form, formError, setFormError, onSubmit, applyError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { method: mode, code: '', recovery_code: '' },
    validate: {
      code: (value, values) =>
        values.method === 'totp' && value.trim() === '' ? t('Enter the code from your authenticator app') : null,
      recovery_code: (value, values) =>
        values.method === 'recovery_code' && value.trim() === '' ? t('Enter the recovery code') : null,
    },
  });

  const mutation = useMutation({
    mutationFn: (answer: SecondFactorAnswer) => completeSecondFactor(step, answer),
    onSuccess: onDone,
    onError: (failure) => {
      if (failure instanceof ApiError && failure.code === 'challenge_invalid') {
        onRestart();
        return;
      }
      // A passkey prompt's own failures (closed, timed out) belong to no field.
      setFormError(failure instanceof ApiError ? applyError(failure) : passkeyErrorMessage(failure));
    },
  });

  const showForm = (mode === 'totp' && hasTotp) || (mode === 'recovery_code' && hasRecovery);

  return (
    <Stack gap="md">
      <Text>{t('Your account uses two-factor login. Confirm it is you to finish signing in.')}</Text>
      <FormAlert message={formError} />
      {hasPasskey && (
        <Button
          onClick={() => {
            setFormError(null);
            mutation.mutate({ passkey: true });
          }}
          loading={mutation.isPending}
          fullWidth
        >
          {t('Use a passkey')}
        </Button>
      )}
      {showForm && (
        <form
          noValidate
          onSubmit={onSubmit((values) => {
            mutation.mutate(
              values.method === 'totp' ? { code: values.code.trim() } : { recovery_code: values.recovery_code.trim() },
            );
          })}
        >
          <Stack gap="sm">
            <TextInput
              key={form.key(mode === 'totp' ? 'code' : 'recovery_code')}
              {...form.getInputProps(mode === 'totp' ? 'code' : 'recovery_code')}
              label={mode === 'totp' ? t('Code from your authenticator app') : t('Recovery code')}
              autoComplete="one-time-code"
              inputMode={mode === 'totp' ? 'numeric' : 'text'}
              required
              autoFocus
            />
            <Button type="submit" variant={hasPasskey ? 'default' : 'filled'} loading={mutation.isPending} fullWidth>
              {t('Confirm')}
            </Button>
          </Stack>
        </form>
      )}
      {hasTotp && hasRecovery && (
        <Button
          variant="subtle"
          onClick={() => {
            const next: Mode = mode === 'totp' ? 'recovery_code' : 'totp';
            form.setValues({ method: next, code: '', recovery_code: '' });
            form.clearErrors();
            setFormError(null);
            setMode(next);
          }}
        >
          {mode === 'totp' ? t('Use a recovery code instead') : t('Use your authenticator app instead')}
        </Button>
      )}
    </Stack>
  );
}
