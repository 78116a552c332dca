import { useState } from 'react';
import { Badge, Button, Code, Group, Paper, PasswordInput, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { QRCodeSVG } from 'qrcode.react';
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
import { formatDateTime } from '../lib/format';

function failureMessage(error: unknown): string {
  if (error instanceof ApiError) return errorMessage(error);
  if (error instanceof Error && error.name === 'NotAllowedError') return 'The passkey prompt was closed or timed out.';
  return 'This browser could not make a passkey here.';
}

export function TwoFactorSection() {
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
            Two-factor login
          </Title>
          {status.data && (
            <Badge
              color={status.data.enabled ? 'teal.9' : 'gray.8'}
              variant={status.data.enabled ? 'filled' : 'outline'}
            >
              {status.data.enabled ? 'On' : 'Off'}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          A second step after your password, with an authenticator app or a passkey, keeps your group’s members safe
          if your password leaks. Some groups require it.
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
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [turningOff, setTurningOff] = useState(false);
  const start = useMutation({ mutationFn: startTotp, onError: (e) => setError(errorMessage(e)) });
  const confirm = useMutation({
    mutationFn: confirmTotp,
    onSuccess: (result) => {
      start.reset();
      setCode('');
      notify({ color: 'green', message: 'Authenticator app turned on.' });
      onCodes(result.recovery_codes);
    },
    onError: (e) => setError(errorMessage(e)),
  });

  if (enabled) {
    return (
      <Stack gap="xs">
        <Group gap="xs">
          <Text fw={600}>Authenticator app</Text>
          <Badge variant="filled" color="teal.9">
            On
          </Badge>
        </Group>
        {turningOff ? (
          <Reauthenticate
            action="Turn off the authenticator app"
            submit={(body) => disableTotp(body)}
            onDone={() => {
              setTurningOff(false);
              notify({ color: 'green', message: 'Authenticator app turned off.' });
              onChanged();
            }}
            onCancel={() => setTurningOff(false)}
          />
        ) : (
          <Button variant="default" color="red" w="fit-content" onClick={() => setTurningOff(true)}>
            Turn off
          </Button>
        )}
      </Stack>
    );
  }

  const enrolment = start.data;
  return (
    <Stack gap="xs">
      <Text fw={600}>Authenticator app</Text>
      <FormAlert message={error} />
      {enrolment === undefined ? (
        <Button
          w="fit-content"
          loading={start.isPending}
          onClick={() => {
            setError(null);
            start.mutate();
          }}
        >
          Set up an authenticator app
        </Button>
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            Scan this code with your authenticator app (for example Aegis, 2FAS or Google Authenticator), or type the
            key in.
          </Text>
          <QRCodeSVG
            value={enrolment.otpauth_uri}
            size={184}
            marginSize={2}
            title="QR code for your authenticator app"
            role="img"
            aria-label="QR code for your authenticator app"
          />
          <Text size="sm">
            Key: <Code className="break-anywhere" data-testid="totp-secret">{enrolment.secret}</Code>
          </Text>
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (code.trim() === '') {
                setError('Enter the 6-digit code your app shows');
                return;
              }
              setError(null);
              confirm.mutate(code.trim());
            }}
          >
            <Group align="end" gap="xs">
              <TextInput
                label="Code from the app"
                value={code}
                onChange={(event) => setCode(event.currentTarget.value)}
                autoComplete="one-time-code"
                inputMode="numeric"
                required
                w={180}
              />
              <Button type="submit" loading={confirm.isPending}>
                Turn on
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
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: addPasskey,
    onSuccess: (created) => {
      setName('');
      notify({ color: 'green', message: `Passkey “${created.passkey.name}” added.` });
      onCodes(created.recovery_codes);
    },
    onError: (e) => setError(failureMessage(e)),
  });
  return (
    <Stack gap="xs">
      <Text fw={600}>Passkeys</Text>
      <Text size="sm" c="dimmed">
        A passkey on your phone, computer or security key signs you in without a password, or as the second step.
      </Text>
      {passkeys.length > 0 && (
        <Stack gap="xs" component="ul" aria-label="Your passkeys" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {passkeys.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} onChanged={onChanged} />
          ))}
        </Stack>
      )}
      <FormAlert message={error} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() === '') {
            setError('Name the passkey, e.g. “Work phone”');
            return;
          }
          setError(null);
          add.mutate(name.trim());
        }}
      >
        <Group align="end" gap="xs">
          <TextInput
            label="New passkey’s name"
            placeholder="Work phone"
            value={name}
            maxLength={80}
            onChange={(event) => setName(event.currentTarget.value)}
            required
          />
          <Button type="submit" variant="default" loading={add.isPending}>
            Add a passkey
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

function PasskeyRow({ passkey, onChanged }: { passkey: Passkey; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(passkey.name);
  const [error, setError] = useState<string | null>(null);
  const rename = useMutation({
    mutationFn: (value: string) => renamePasskey(passkey.id, value),
    onSuccess: () => {
      setEditing(false);
      onChanged();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const remove = useMutation({
    mutationFn: () => removePasskey(passkey.id),
    onSuccess: () => {
      notify({ color: 'green', message: `Passkey “${passkey.name}” removed.` });
      onChanged();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Paper component="li" withBorder p="sm" aria-label={`Passkey ${passkey.name}`}>
      <Stack gap="xs">
        {editing ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              rename.mutate(name);
            }}
          >
            <Group align="end" gap="xs">
              <TextInput
                label="Passkey name"
                value={name}
                maxLength={80}
                onChange={(event) => setName(event.currentTarget.value)}
                required
              />
              <Button type="submit" size="xs" loading={rename.isPending}>
                Save
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setEditing(false)}>
                Cancel
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
                Added {formatDateTime(passkey.created_at)}
                {passkey.last_used_at !== null && ` · last used ${formatDateTime(passkey.last_used_at)}`}
              </Text>
            </Stack>
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => setEditing(true)} aria-label={`Rename ${passkey.name}`}>
                Rename
              </Button>
              <Button
                size="xs"
                variant="default"
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate()}
                aria-label={`Remove ${passkey.name}`}
              >
                Remove
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
  const [asking, setAsking] = useState(false);
  return (
    <Stack gap="xs">
      <Text fw={600}>Recovery codes</Text>
      <Text size="sm" c={left <= 2 ? 'red' : 'dimmed'}>
        {left === 1 ? '1 unused code left.' : `${left} unused codes left.`} New codes replace the old ones.
      </Text>
      {asking ? (
        <Reauthenticate
          action="Get new recovery codes"
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
          Get new recovery codes
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
  const [useCode, setUseCode] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => submit(useCode ? { code: value.trim() } : { password: value }),
    onSuccess: onDone,
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim() === '') {
          setError(useCode ? 'Enter the code from your app' : 'Enter your password');
          return;
        }
        setError(null);
        mutation.mutate();
      }}
    >
      <Stack gap="xs" maw={420}>
        <FormAlert message={error} />
        {useCode ? (
          <TextInput
            label="Code from your authenticator app"
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            autoComplete="one-time-code"
            inputMode="numeric"
            required
          />
        ) : (
          <PasswordInput
            label="Your password"
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            autoComplete="current-password"
            required
          />
        )}
        <Group gap="xs">
          <Button type="submit" loading={mutation.isPending}>
            {action}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            Cancel
          </Button>
          {allowCode && (
            <Button
              variant="subtle"
              onClick={() => {
                setValue('');
                setUseCode(!useCode);
              }}
            >
              {useCode ? 'Use my password' : 'Use an app code'}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
