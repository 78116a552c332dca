import { Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endSession, sessionsQuery, type LoginSession } from '../api/account';
import { errorMessage } from '../api/errors';
import { notify } from '../app/notify';
import { formatDateTime } from '../lib/format';

/** A readable name for a browser's user agent: "Firefox on Linux" rather than the raw string. */
export function describeDevice(userAgent: string | null): string {
  if (userAgent === null || userAgent === '') return 'Unknown device';
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
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser === undefined && system === undefined) return userAgent.slice(0, 60);
  return [browser ?? 'A browser', system].filter(Boolean).join(' on ');
}

export function SessionsSection() {
  const queryClient = useQueryClient();
  const sessions = useQuery(sessionsQuery);
  const end = useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) await endSession(id);
    },
    onSuccess: (_, ids) => {
      void queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
      notify({ color: 'green', message: ids.length === 1 ? 'That device is signed out.' : 'Your other devices are signed out.' });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(error) }),
  });
  const others = (sessions.data ?? []).filter((session) => !session.current);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sessions-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="sessions-heading">
          Signed-in devices
        </Title>
        <Text size="sm" c="dimmed">
          End any you do not recognise: it is signed out at once.
        </Text>
        {sessions.isPending && <Skeleton height={60} />}
        {sessions.isError && <Text c="red">{errorMessage(sessions.error)}</Text>}
        <Stack gap="xs" component="ul" aria-label="Signed-in devices" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {sessions.data?.map((session) => (
            <SessionRow key={session.id} session={session} onEnd={() => end.mutate([session.id])} ending={end.isPending} />
          ))}
        </Stack>
        {others.length > 1 && (
          <Button
            variant="default"
            color="red"
            w="fit-content"
            loading={end.isPending}
            onClick={() => end.mutate(others.map((session) => session.id))}
          >
            Sign out all other devices
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function SessionRow({ session, onEnd, ending }: { session: LoginSession; onEnd: () => void; ending: boolean }) {
  const device = describeDevice(session.device);
  return (
    <Paper component="li" withBorder p="sm" aria-label={session.current ? `${device} (this device)` : device}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600}>{device}</Text>
            {session.current && (
              <Badge color="teal.9" variant="filled">
                This device
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            Signed in {formatDateTime(session.signed_in_at)}
            {session.last_seen_at !== null && ` · last seen ${formatDateTime(session.last_seen_at)}`}
          </Text>
        </Stack>
        {!session.current && (
          <Button variant="default" size="xs" onClick={onEnd} loading={ending} aria-label={`Sign out ${device}`}>
            Sign out
          </Button>
        )}
      </Group>
    </Paper>
  );
}
