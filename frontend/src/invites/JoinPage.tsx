import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { notify } from '../app/notify';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { Trans, useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { AuthLayout } from '../app/AuthLayout';
import { logout } from '../api/auth';
import { useAuth } from '../shared/session';
import { fragmentFor, readFragmentParam } from '../lib/fragment';
import { acceptInvite, invitePreviewQuery } from '../api/invites';
import { inviteProblem } from '../shared/inviteMessages';
import { formatDateTime } from '../lib/format';

export function JoinPage() {
  const { t } = useTranslation();
  const hash = useLocation({ select: (location) => location.hash });
  const token = readFragmentParam(hash, 'token');
  if (token === null) {
    return (
      <AuthLayout title={t('Join a group')}>
        <Stack gap="md">
          <Alert color="red" variant="light" role="alert">
            {t('This invite link is incomplete. Open the whole link you were sent, or ask for a new one.')}
          </Alert>
          <AnchorLink to="/">{t('Go to the start page')}</AnchorLink>
        </Stack>
      </AuthLayout>
    );
  }
  return <JoinWithToken token={token} />;
}

function JoinWithToken({ token }: { token: string }) {
  const { t } = useTranslation();
  const auth = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const preview = useQuery(invitePreviewQuery(token));

  const accept = useMutation({
    mutationFn: () => acceptInvite(token),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['groups', 'mine'] });
      notify({
        message:
          preview.data === undefined
            ? t('You joined the group.')
            : t('You joined {group}.', { group: preview.data.group_name }),
      });
      await navigate({
        to: '/groups/$groupId/members',
        params: { groupId: result.group_id },
      });
    },
  });

  if (preview.isPending) {
    return (
      <AuthLayout title={t('Join a group')}>
        <Stack align="center" py="xl" role="status">
          <Loader aria-hidden="true" />
          <Text size="sm">{t('Checking your invite…')}</Text>
        </Stack>
      </AuthLayout>
    );
  }

  if (preview.isError) {
    return (
      <AuthLayout title={t('Invite not valid')}>
        <Stack gap="md">
          <Alert color="red" variant="light" role="alert">
            {inviteProblem(preview.error)}
          </Alert>
          <AnchorLink to="/">{t('Go to the start page')}</AnchorLink>
        </Stack>
      </AuthLayout>
    );
  }

  const invite = preview.data;
  const inviteHash = fragmentFor('invite', token);

  return (
    <AuthLayout title={t('Join {group}', { group: invite.group_name })}>
      <Stack gap="md">
        <Text>
          <Trans
            i18nKey="You have been invited to join <group>{group}</group> as {role, select, owner {an owner} organiser {an organiser} member {a member} other {an observer}}."
            values={{ group: invite.group_name, role: invite.role }}
            components={{ group: <strong className="break-anywhere" /> }}
          />
        </Text>
        <Text size="sm" c="dimmed">
          {invite.email
            ? t('This invite expires on {expires}. It is for {email}.', {
                expires: formatDateTime(invite.expires_at),
                email: invite.email,
              })
            : t('This invite expires on {expires}.', { expires: formatDateTime(invite.expires_at) })}
        </Text>

        {auth.status === 'authenticated' ? (
          <Stack gap="sm">
            {accept.isError && <FormAlert message={errorMessage(accept.error)} />}
            <Button loading={accept.isPending} onClick={() => accept.mutate()} fullWidth>
              {t('Join {group}', { group: invite.group_name })}
            </Button>
            <Text size="sm">
              <Trans
                i18nKey="Logged in as <email>{email}</email>."
                values={{ email: auth.user?.email ?? '' }}
                components={{ email: <span className="break-anywhere" /> }}
              />{' '}
              <Button
                variant="transparent"
                size="compact-sm"
                px={0}
                onClick={() => {
                  void logout()
                    .catch(() => undefined)
                    .then(() => queryClient.clear());
                }}
              >
                {t('Use another account')}
              </Button>
            </Text>
          </Stack>
        ) : (
          <Stack gap="sm">
            <ButtonLink to="/signup" hash={inviteHash} fullWidth>
              {t('Create an account and join')}
            </ButtonLink>
            <ButtonLink to="/login" hash={inviteHash} variant="default" fullWidth>
              {t('Log in to join')}
            </ButtonLink>
          </Stack>
        )}
      </Stack>
    </AuthLayout>
  );
}
