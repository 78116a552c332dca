import { useState } from 'react';
import { Badge, Group, Paper, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { accountsQuery, setSignupOpen, type Account } from '../api/admin';
import { instanceQuery } from '../api/auth';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { formatDate } from '../lib/format';
import { NoPermission } from '../shared/NoPermission';
import { PagedList } from '../shared/PagedList';
import { useAuth } from '../shared/session';

/** The server itself, for its administrators: who may sign up, and every account on it. */
export function AdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('Server administration'));
  const auth = useAuth();
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('Server administration')}</Title>
        <Text c="dimmed">{t('Settings for everyone on this server, whichever group they are in.')}</Text>
      </Stack>
      {auth.user?.is_admin === true ? (
        <>
          <SignupSetting />
          <AccountList />
        </>
      ) : (
        <NoPermission title={t('Only the server’s administrators can see this page')}>
          {t('Groups are run from their own pages; this page is for whoever runs the server.')}
        </NoPermission>
      )}
    </Stack>
  );
}

function SignupSetting() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const instance = useQuery(instanceQuery);
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: setSignupOpen,
    onSuccess: (saved) => {
      setError(null);
      queryClient.setQueryData(instanceQuery.queryKey, saved);
      notify({
        message: saved.signup_open
          ? t('Anyone can now sign up on this server.')
          : t('Sign-up is closed: new people need an invite.'),
      });
    },
    onError: (failure) => setError(errorMessage(failure)),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="signup-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="signup-heading">
          {t('Sign-up')}
        </Title>
        <FormAlert message={error} />
        {instance.isPending ? (
          <Skeleton height={30} />
        ) : instance.isError ? (
          <FormAlert message={errorMessage(instance.error)} />
        ) : (
          <Switch
            label={t('Anyone may sign up without an invite')}
            description={t('When off, only people with an invite link from a group can make an account.')}
            checked={instance.data.signup_open}
            disabled={mutation.isPending}
            onChange={(event) => mutation.mutate(event.currentTarget.checked)}
          />
        )}
      </Stack>
    </Paper>
  );
}

function AccountList() {
  const { t } = useTranslation();
  const accounts = useInfiniteQuery(accountsQuery);
  return (
    <section aria-labelledby="accounts-heading">
      <Title order={2} size="h3" id="accounts-heading" mb="sm">
        {t('Accounts')}
      </Title>
      <PagedList
        query={accounts}
        label={t('Accounts')}
        empty={t('No accounts yet.')}
        renderItem={(account) => <AccountRow key={account.id} account={account} />}
      />
    </section>
  );
}

function AccountRow({ account }: { account: Account }) {
  const { t } = useTranslation();
  return (
    <Paper component="li" withBorder p="sm">
      <Group gap="xs" wrap="wrap">
        <Text fw={600} className="break-anywhere">
          {account.display_name}
        </Text>
        {account.is_admin && (
          <Badge color="indigo" variant="light">
            {t('Administrator')}
          </Badge>
        )}
        {account.is_demo && (
          <Badge color="gray.8" variant="outline">
            {t('Demo')}
          </Badge>
        )}
        {!account.is_active && (
          <Badge color="red.8" variant="outline">
            {t('Disabled')}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed" className="break-anywhere">
        {account.email}
      </Text>
      <Text size="sm" c="dimmed">
        {t('Joined {day}', { day: formatDate(account.created_at) })}
      </Text>
    </Paper>
  );
}
