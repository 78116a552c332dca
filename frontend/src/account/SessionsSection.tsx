import { Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { endOtherSessions, endSession, sessionsQuery, type LoginSession } from '../api/account';
import { errorMessage } from '../api/errors';
import { notify } from '../app/notify';
import { formatDateTime } from '../lib/format';

/** A readable name for a browser's user agent: "Firefox on Linux" rather than the raw string. */
export function describeDevice(userAgent: string | null): string {
  if (userAgent === null || userAgent === '') return i18next.t('Unknown device');
  /* eslint-disable i18next/no-literal-string -- product names, the same in every language */
  const browsers: [RegExp, string][] = [
    [/Edg\//, 'Edge'],
    [/OPR\//, 'Opera'],
    [/Firefox\//, 'Firefox'],
    [/Chrome\/|Chromium\//, 'Chrome'],
    [/Safari\//, 'Safari'],
  ];
  const systems: [RegExp, string][] = [
    [/Android/, 'Android'],
    [/iPhone|iPad/, 'iOS'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/Linux/, 'Linux'],
  ];
  /* eslint-enable i18next/no-literal-string */
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser === undefined && system === undefined) return userAgent.slice(0, 60);
  if (system === undefined) return browser ?? '';
  if (browser === undefined) return i18next.t('A browser on {system}', { system });
  return i18next.t('{browser} on {system}', { browser, system });
}

export function SessionsSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sessions = useQuery(sessionsQuery);
  const end = useMutation({
    mutationFn: endSession,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
      notify({ color: 'green', message: t('That device is signed out.') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(error) }),
  });
  const endOthers = useMutation({
    mutationFn: endOtherSessions,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
      notify({ color: 'green', message: t('Your other devices are signed out.') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(error) }),
  });
  const others = (sessions.data ?? []).filter((session) => !session.current);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="sessions-heading">
          {t('Signed-in devices')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('End any you do not recognise: it is signed out at once.')}
        </Text>
        {sessions.isPending && <Skeleton height={60} />}
        {sessions.isError && <Text c="red">{errorMessage(sessions.error)}</Text>}
        <Stack gap="xs" component="ul" aria-label={t('Signed-in devices')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {sessions.data?.map((session) => (
            <SessionRow key={session.id} session={session} onEnd={() => end.mutate(session.id)} ending={end.isPending} />
          ))}
        </Stack>
        {others.length > 0 && (
          <Button variant="default" color="red" w="fit-content" loading={endOthers.isPending} onClick={() => endOthers.mutate()}>
            {t('Log out everywhere else')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function SessionRow({ session, onEnd, ending }: { session: LoginSession; onEnd: () => void; ending: boolean }) {
  const { t } = useTranslation();
  const device = describeDevice(session.device);
  return (
    <Paper component="li" withBorder p="sm" aria-label={session.current ? t('{device} (this device)', { device }) : device}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600}>{device}</Text>
            {session.current && (
              <Badge color="teal.9" variant="filled">
                {t('This device')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {session.last_seen_at === null
              ? t('Signed in {signedIn}', { signedIn: formatDateTime(session.signed_in_at) })
              : t('Signed in {signedIn} · last seen {lastSeen}', {
                  signedIn: formatDateTime(session.signed_in_at),
                  lastSeen: formatDateTime(session.last_seen_at),
                })}
          </Text>
          {session.address !== null && (
            <Text size="sm" c="dimmed">
              {t('From {address}', { address: session.address })}
            </Text>
          )}
        </Stack>
        {!session.current && (
          <Button variant="default" size="xs" onClick={onEnd} loading={ending} aria-label={t('Sign out {device}', { device })}>
            {t('Sign out')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
