import { useState } from 'react';
import { Badge, Button, Code, Group, Paper, PasswordInput, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { QRCodeSVG } from 'qrcode.react';
import { Trans, useTranslation } from 'react-i18next';
import {
  addPasskey,
  confirmTotp,
  disableTotp,
  regenerateRecoveryCodes,
  removePasskey,
  renamePasskey,
  startTotp,
  twoFactorQuery,
  type Passkey,
} from '../api/account';
import { ApiError, errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { RecoveryCodes } from './RecoveryCodes';
import { useApiForm } from '../shared/useApiForm';
import { validateRequired } from '../shared/validation';
import { formatDateTime } from '../lib/format';

function failureMessage(error: unknown): string {
  if (error instanceof ApiError) return errorMessage(error);
  if (error instanceof Error && error.name === 'NotAllowedError') return i18next.t('The passkey prompt was closed or timed out.');
  return i18next.t('This browser could not make a passkey here.');
}

export function TwoFactorSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery(twoFactorQuery);
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: twoFactorQuery.queryKey });
  };
  const showCodes = (fresh: string[]) => {
    if (fresh.length > 0) setCodes(fresh);
    refresh();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="two-factor-heading">
      <Stack gap="md">
        <Group gap="xs">
          <Title order={2} size="h3" id="two-factor-heading">
            {t('Two-factor login')}
          </Title>
          {status.data && (
            <Badge
              color={status.data.enabled ? 'teal.9' : 'gray.8'}
              variant={status.data.enabled ? 'filled' : 'outline'}
            >
              {status.data.enabled ? t('On') : t('Off')}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t(
            'A second step after your password, with an authenticator app or a passkey, keeps your group’s members safe if your password leaks. Some groups require it.',
          )}
        </Text>
        {status.isPending && <Skeleton height={80} />}
        {status.isError && <Text c="red">{errorMessage(status.error)}</Text>}
        {codes !== null && <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />}
        {status.data && (
          <>
            <AuthenticatorApp enabled={status.data.totp} onCodes={showCodes} onChanged={refresh} />
            <Passkeys passkeys={status.data.passkeys} onCodes={showCodes} onChanged={refresh} />
            {status.data.enabled && (
              <NewRecoveryCodes left={status.data.recovery_codes_left} totp={status.data.totp} onCodes={showCodes} />
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function AuthenticatorApp({
  enabled,
  onCodes,
  onChanged,
}: {
  enabled: boolean;
  onCodes: (codes: string[]) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [turningOff, setTurningOff] = useState(false);
  const { form, formError, setFormError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { code: '' },
    validate: { code: validateRequired(t('Enter the 6-digit code your app shows')) },
  });
  const start = useMutation({ mutationFn: startTotp, onError: showError });
  const confirm = useMutation({
    mutationFn: confirmTotp,
    onSuccess: (result) => {
      start.reset();
      form.reset();
      notify({ color: 'green', message: t('Authenticator app turned on.') });
      onCodes(result.recovery_codes);
    },
    onError: showError,
  });

  if (enabled) {
    return (
      <Stack gap="xs">
        <Group gap="xs">
          <Text fw={600}>{t('Authenticator app')}</Text>
          <Badge variant="filled" color="teal.9">
            {t('On')}
          </Badge>
        </Group>
        {turningOff ? (
          <Reauthenticate
            action={t('Turn off the authenticator app')}
            submit={(body) => disableTotp(body)}
            onDone={() => {
              setTurningOff(false);
              notify({ color: 'green', message: t('Authenticator app turned off.') });
              onChanged();
            }}
            onCancel={() => setTurningOff(false)}
          />
        ) : (
          <Button variant="default" color="red" w="fit-content" onClick={() => setTurningOff(true)}>
            {t('Turn off')}
          </Button>
        )}
      </Stack>
    );
  }

  const enrolment = start.data;
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('Authenticator app')}</Text>
      <FormAlert message={formError} />
      {enrolment === undefined ? (
        <Button
          w="fit-content"
          loading={start.isPending}
          onClick={() => {
            setFormError(null);
            start.mutate();
          }}
        >
          {t('Set up an authenticator app')}
        </Button>
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            {t(
              'Scan this code with your authenticator app (for example Aegis, 2FAS or Google Authenticator), or type the key in.',
            )}
          </Text>
          <QRCodeSVG
            value={enrolment.otpauth_uri}
            size={184}
            marginSize={2}
            title={t('QR code for your authenticator app')}
            role="img"
            aria-label={t('QR code for your authenticator app')}
          />
          <Text size="sm">
            <Trans
              i18nKey="Key: <key>{secret}</key>"
              values={{ secret: enrolment.secret }}
              components={{ key: <Code className="break-anywhere" data-testid="totp-secret" /> }}
            />
          </Text>
          <form
            noValidate
            onSubmit={onSubmit((values) => {
              confirm.mutate(values.code.trim());
            })}
          >
            <Group align="start" gap="xs">
              <TextInput
                label={t('Code from the app')}
                key={form.key('code')}
                {...form.getInputProps('code')}
                autoComplete="one-time-code"
                inputMode="numeric"
                required
                w={180}
              />
              <Button type="submit" loading={confirm.isPending}>
                {t('Turn on')}
              </Button>
            </Group>
          </form>
        </Stack>
      )}
    </Stack>
  );
}

function Passkeys({
  passkeys,
  onCodes,
  onChanged,
}: {
  passkeys: Passkey[];
  onCodes: (codes: string[]) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { form, formError, setFormError, onSubmit, applyError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { name: '' },
    validate: { name: validateRequired(t('Name the passkey, e.g. “Work phone”')) },
  });
  const add = useMutation({
    mutationFn: addPasskey,
    onSuccess: (created) => {
      form.reset();
      notify({ color: 'green', message: t('Passkey “{name}” added.', { name: created.passkey.name }) });
      onCodes(created.recovery_codes);
    },
    // The browser's own refusals (a closed prompt) belong to no field.
    onError: (e) => setFormError(e instanceof ApiError ? applyError(e) : failureMessage(e)),
  });
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('Passkeys')}</Text>
      <Text size="sm" c="dimmed">
        {t('A passkey on your phone, computer or security key signs you in without a password, or as the second step.')}
      </Text>
      {passkeys.length > 0 && (
        <Stack gap="xs" component="ul" aria-label={t('Your passkeys')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {passkeys.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} onChanged={onChanged} />
          ))}
        </Stack>
      )}
      <FormAlert message={formError} />
      <form
        noValidate
        onSubmit={onSubmit((values) => {
          add.mutate(values.name.trim());
        })}
      >
        <Group align="start" gap="xs">
          <TextInput
            label={t('New passkey’s name')}
            placeholder={t('Work phone')}
            maxLength={80}
            key={form.key('name')}
            {...form.getInputProps('name')}
            required
          />
          <Button type="submit" variant="default" loading={add.isPending}>
            {t('Add a passkey')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

function PasskeyRow({ passkey, onChanged }: { passkey: Passkey; onChanged: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { name: passkey.name },
    validate: { name: validateRequired(t('Name the passkey, e.g. “Work phone”')) },
  });
  const rename = useMutation({
    mutationFn: (value: string) => renamePasskey(passkey.id, value),
    onSuccess: () => {
      setEditing(false);
      onChanged();
    },
    onError: showError,
  });
  const remove = useMutation({
    mutationFn: () => removePasskey(passkey.id),
    onSuccess: () => {
      notify({ color: 'green', message: t('Passkey “{name}” removed.', { name: passkey.name }) });
      onChanged();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Paper component="li" withBorder p="sm" aria-label={t('Passkey {name}', { name: passkey.name })}>
      <Stack gap="xs">
        {editing ? (
          <form
            noValidate
            onSubmit={onSubmit((values) => {
              rename.mutate(values.name.trim());
            })}
          >
            <FormAlert message={formError} />
            <Group align="start" gap="xs">
              <TextInput
                label={t('Passkey name')}
                maxLength={80}
                key={form.key('name')}
                {...form.getInputProps('name')}
                required
              />
              <Button type="submit" size="xs" loading={rename.isPending}>
                {t('Save')}
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setEditing(false)}>
                {t('Cancel')}
              </Button>
            </Group>
          </form>
        ) : (
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={2}>
              <Text fw={600} className="break-anywhere">
                {passkey.name}
              </Text>
              <Text size="sm" c="dimmed">
                {passkey.last_used_at === null
                  ? t('Added {added}', { added: formatDateTime(passkey.created_at) })
                  : t('Added {added} · last used {lastUsed}', {
                      added: formatDateTime(passkey.created_at),
                      lastUsed: formatDateTime(passkey.last_used_at),
                    })}
              </Text>
            </Stack>
            <Group gap="xs">
              <Button
                size="xs"
                variant="default"
                onClick={() => {
                  form.setValues({ name: passkey.name });
                  setEditing(true);
                }}
                aria-label={t('Rename {name}', { name: passkey.name })}>
                {t('Rename')}
              </Button>
              <Button
                size="xs"
                variant="default"
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate()}
                aria-label={t('Remove {name}', { name: passkey.name })}
              >
                {t('Remove')}
              </Button>
            </Group>
          </Group>
        )}
        <FormAlert message={error} />
      </Stack>
    </Paper>
  );
}

function NewRecoveryCodes({ left, totp, onCodes }: { left: number; totp: boolean; onCodes: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('Recovery codes')}</Text>
      <Text size="sm" c={left <= 2 ? 'red' : 'dimmed'}>
        {t('{codes, plural, one {# unused code left.} other {# unused codes left.}} New codes replace the old ones.', {
          codes: left,
        })}
      </Text>
      {asking ? (
        <Reauthenticate
          action={t('Get new recovery codes')}
          allowCode={totp}
          submit={regenerateRecoveryCodes}
          onDone={(result) => {
            setAsking(false);
            onCodes(result.recovery_codes);
          }}
          onCancel={() => setAsking(false)}
        />
      ) : (
        <Button variant="default" w="fit-content" onClick={() => setAsking(true)}>
          {t('Get new recovery codes')}
        </Button>
      )}
    </Stack>
  );
}

/** Asks for the password (or an app code) before a change that weakens or replaces a factor. */
function Reauthenticate<T>({
  action,
  allowCode = true,
  submit,
  onDone,
  onCancel,
}: {
  action: string;
  allowCode?: boolean;
  submit: (body: { password: string } | { code: string }) => Promise<T>;
  onDone: (result: T) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'uncontrolled',
    initialValues: { method: 'password' as 'password' | 'code', password: '', code: '' },
    validate: {
      password: (value, values) =>
        values.method === 'password' && value === '' ? t('Enter your password') : null,
      code: (value, values) =>
        values.method === 'code' && value.trim() === '' ? t('Enter the code from your app') : null,
    },
  });
  const [useCode, setUseCode] = useState(false);
  const mutation = useMutation({
    mutationFn: (values: { password: string; code: string }) =>
      submit(useCode ? { code: values.code.trim() } : { password: values.password }),
    onSuccess: onDone,
    onError: showError,
  });
  return (
    <form
      noValidate
      onSubmit={onSubmit((values) => {
        mutation.mutate(values);
      })}
    >
      <Stack gap="xs" maw={420}>
        <FormAlert message={formError} />
        {useCode ? (
          <TextInput
            label={t('Code from your authenticator app')}
            key={form.key('code')}
            {...form.getInputProps('code')}
            autoComplete="one-time-code"
            inputMode="numeric"
            required
          />
        ) : (
          <PasswordInput
            label={t('Your password')}
            key={form.key('password')}
            {...form.getInputProps('password')}
            autoComplete="current-password"
            required
          />
        )}
        <Group gap="xs">
          <Button type="submit" loading={mutation.isPending}>
            {action}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            {t('Cancel')}
          </Button>
          {allowCode && (
            <Button
              variant="subtle"
              onClick={() => {
                form.setValues({ method: useCode ? 'password' : 'code', password: '', code: '' });
                form.clearErrors();
                setUseCode(!useCode);
              }}
            >
              {useCode ? t('Use my password') : t('Use an app code')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
