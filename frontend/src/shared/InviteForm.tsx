import { useState } from 'react';
import {
  Alert,
  Button,
  CopyButton,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreatedInvite, GroupDetail, Role } from '../api/types';
import { FormAlert } from '../app/FormAlert';
import { validateEmail } from './validation';
import { useApiForm } from './useApiForm';
import { inviteLink } from '../lib/fragment';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, assignableRoles } from './roles';
import { createInvite } from '../api/invites';
import { formatDateTime } from '../lib/format';
import { useTranslation } from 'react-i18next';

export function InviteForm({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const roles = assignableRoles(group.role);
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'controlled',
    initialValues: { role: 'member' as Role, email: '' },
    validate: {
      email: (value) => (value.trim() === '' ? null : validateEmail(value)),
    },
  });

  const mutation = useMutation({
    mutationFn: (values: { role: Role; email: string }) =>
      createInvite(group.id, {
        role: values.role,
        email: values.email.trim() === '' ? null : values.email.trim(),
      }),
    onSuccess: async (invite) => {
      setCreated(invite);
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['groups', group.id, 'invites'] });
    },
    onError: showError,
  });

  const link = created ? inviteLink(window.location.origin, created.token) : null;

  return (
    <Stack gap="md">
      <form
        noValidate
        aria-label={t('Create an invite link')}
        onSubmit={onSubmit((values) => {
          setCreated(null);
          mutation.mutate(values);
        })}
      >
        <Stack gap="sm">
          <FormAlert message={formError} />
          <Group align="flex-start" gap="sm" wrap="wrap">
            <Select
              label={t('Role')}
              data={roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
              allowDeselect={false}
              required
              description={ROLE_DESCRIPTIONS[form.values.role]}
              style={{ flex: '1 1 14rem' }}
              {...form.getInputProps('role')}
            />
            <TextInput
              label={t('Email (optional)')}
              description={t('Only this address will be able to accept the invite.')}
              type="email"
              autoComplete="off"
              style={{ flex: '1 1 14rem' }}
              {...form.getInputProps('email')}
            />
          </Group>
          <Button type="submit" loading={mutation.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('Create invite link')}
          </Button>
        </Stack>
      </form>

      {created && link && (
        <Alert color="indigo" variant="light" title={t('Invite link created')} role="status">
          <Stack gap="sm">
            <Text size="sm">
              {created.email
                ? t(
                    'Only {email} can use this link to join {group} as {role, select, owner {an owner} organiser {an organiser} member {a member} other {an observer}}.',
                    { email: created.email, group: group.name, role: created.role },
                  )
                : t(
                    'Anyone who opens this link can use it to join {group} as {role, select, owner {an owner} organiser {an organiser} member {a member} other {an observer}}.',
                    { group: group.name, role: created.role },
                  )}{' '}
              {t('It expires on {when}. Copy it now: it will not be shown again.', {
                when: formatDateTime(created.expires_at),
              })}
            </Text>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label={t('Invite link')}
                value={link}
                readOnly
                onFocus={(event) => event.currentTarget.select()}
                style={{ flex: 1, minWidth: 0 }}
                data-testid="invite-link"
              />
              <CopyButton value={link}>
                {({ copied, copy }) => (
                  <Button variant={copied ? 'outline' : 'filled'} onClick={copy} miw={90}>
                    {copied ? t('Copied') : t('Copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
