import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { notify } from '../app/notify';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { errorMessage } from '../api/errors';
import { FormAlert } from '../app/FormAlert';
import { AnchorLink, ButtonLink } from '../app/links';
import { AuthLayout } from '../app/AuthLayout';
import { logout } from '../api/auth';
import { useAuth } from '../shared/session';
import { fragmentFor, readFragmentParam } from '../lib/fragment';
import { roleWithArticle } from '../shared/roles';
import { acceptInvite, invitePreviewQuery } from '../api/invites';
import { inviteProblem } from '../shared/inviteMessages';
import { formatDateTime } from '../lib/format';

export function JoinPage() {
  const hash = useLocation({ select: (location) => location.hash });
  const token = readFragmentParam(hash, 'token');
  if (token === null) {
    return (
      <AuthLayout title="Join a group">
        <Stack gap="md">
          <Alert color="red" variant="light" role="alert">
            This invite link is incomplete. Open the whole link you were sent, or ask for a new one.
          </Alert>
          <AnchorLink to="/">Go to the start page</AnchorLink>
        </Stack>
      </AuthLayout>
    );
  }
  return <JoinWithToken token={token} />;
}

function JoinWithToken({ token }: { token: string }) {
  const auth = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const preview = useQuery(invitePreviewQuery(token));

  const accept = useMutation({
    mutationFn: () => acceptInvite(token),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['groups', 'mine'] });
      notify({ message: `You joined ${preview.data?.group_name ?? 'the group'}.` });
      await navigate({
        to: '/groups/$groupId/members',
        params: { groupId: result.group_id },
      });
    },
  });

  if (preview.isPending) {
    return (
      <AuthLayout title="Join a group">
        <Stack align="center" py="xl" role="status">
          <Loader aria-hidden="true" />
          <Text size="sm">Checking your invite…</Text>
        </Stack>
      </AuthLayout>
    );
  }

  if (preview.isError) {
    return (
      <AuthLayout title="Invite not valid">
        <Stack gap="md">
          <Alert color="red" variant="light" role="alert">
            {inviteProblem(preview.error)}
          </Alert>
          <AnchorLink to="/">Go to the start page</AnchorLink>
        </Stack>
      </AuthLayout>
    );
  }

  const invite = preview.data;
  const inviteHash = fragmentFor('invite', token);

  return (
    <AuthLayout title={`Join ${invite.group_name}`}>
      <Stack gap="md">
        <Text>
          You have been invited to join <strong className="break-anywhere">{invite.group_name}</strong>{' '}
          as {roleWithArticle(invite.role)}.
        </Text>
        <Text size="sm" c="dimmed">
          This invite expires on {formatDateTime(invite.expires_at)}.
          {invite.email ? ` It is for ${invite.email}.` : ''}
        </Text>

        {auth.status === 'authenticated' ? (
          <Stack gap="sm">
            {accept.isError && <FormAlert message={errorMessage(accept.error)} />}
            <Button loading={accept.isPending} onClick={() => accept.mutate()} fullWidth>
              Join {invite.group_name}
            </Button>
            <Text size="sm">
              Logged in as <span className="break-anywhere">{auth.user?.email}</span>.{' '}
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
                Use another account
              </Button>
            </Text>
          </Stack>
        ) : (
          <Stack gap="sm">
            <ButtonLink to="/signup" hash={inviteHash} fullWidth>
              Create an account and join
            </ButtonLink>
            <ButtonLink to="/login" hash={inviteHash} variant="default" fullWidth>
              Log in to join
            </ButtonLink>
          </Stack>
        )}
      </Stack>
    </AuthLayout>
  );
}
