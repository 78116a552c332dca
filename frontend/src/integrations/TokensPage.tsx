import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import {
  createToken,
  integrationKeys,
  revokeToken,
  SCOPE_LABELS,
  tokensQuery,
  type ApiToken,
  type CreatedApiToken,
  type TokenScope,
} from '../api/integrations';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { formatDate, formatDateTime, formatList } from '../lib/format';
import { useApiForm } from '../shared/useApiForm';
import { parseDay } from '../lib/days';
import { DayInput } from '../shared/DayInput';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';
import { PagedList } from '../shared/PagedList';
import { validateRequired } from '../shared/validation';
import { SecretOnce } from './SecretOnce';

const route = getRouteApi('/_app/groups/$groupId/tokens');

/** The last second of a calendar day in the reader's time, as the API's moment. */
function endOfDay(day: string): string {
  const date = parseDay(day) ?? new Date();
  date.setHours(23, 59, 59, 0);
  return date.toISOString();
}

/** API tokens for the group's integrations: made with scopes and an expiry, revoked at once. */
export function TokensPage() {
  const { groupId } = route.useParams();
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('API tokens · {group}', { group: group.name }));
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('API tokens')}</Title>
        <Text c="dimmed">
          {t(
            'A token lets a program such as a spreadsheet sync or a mailing tool use the group’s data. It acts as the person who made it, only within its scopes: if their role shrinks or they leave, so does the token.',
          )}
        </Text>
      </Stack>
      {can(group, 'tokens:manage') ? (
        <>
          {created !== null && (
            <SecretOnce
              title={t('Token “{name}” is ready', { name: created.name })}
              secret={created.secret}
              onDone={() => setCreated(null)}
            />
          )}
          <NewTokenForm groupId={groupId} onCreated={setCreated} />
          <TokenList groupId={groupId} />
        </>
      ) : (
        <NoPermission title={t('Only organisers and owners can manage API tokens')}>
          {t('Ask an organiser if your group needs a program connected.')}
        </NoPermission>
      )}
    </Stack>
  );
}

function NewTokenForm({ groupId, onCreated }: { groupId: string; onCreated: (token: CreatedApiToken) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'controlled',
    initialValues: { name: '', scopes: [] as string[], expires_at: '' },
    validate: {
      name: validateRequired(t('Name the token after the program that will use it')),
      scopes: (value) => (value.length === 0 ? t('Choose at least one thing it may do') : null),
    },
  });
  const mutation = useMutation({
    mutationFn: (values: typeof form.values) =>
      createToken(groupId, {
        name: values.name.trim(),
        scopes: values.scopes as TokenScope[],
        // The token works to the end of the day chosen, in the reader's time.
        ...(values.expires_at === '' ? {} : { expires_at: endOfDay(values.expires_at) }),
      }),
    onSuccess: (token) => {
      form.reset();
      onCreated(token);
      void queryClient.invalidateQueries({ queryKey: integrationKeys.tokens(groupId) });
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-token-heading">
      <Title order={2} size="h3" id="new-token-heading" mb="sm">
        {t('New token')}
      </Title>
      <form
        noValidate
        onSubmit={onSubmit((values) => {
          mutation.mutate(values);
        })}
      >
        <Stack gap="sm">
          <FormAlert message={formError} />
          <TextInput label={t('Name')} description={t('E.g. the program that will use it')} required maw={420} {...form.getInputProps('name')} />
          <Checkbox.Group label={t('What it may do')} required {...form.getInputProps('scopes')}>
            <Stack gap={6} mt="xs">
              {(Object.keys(SCOPE_LABELS) as TokenScope[]).map((scope) => (
                <Checkbox key={scope} value={scope} label={SCOPE_LABELS[scope]} />
              ))}
            </Stack>
          </Checkbox.Group>
          <DayInput
            label={t('Stops working after')}
            description={t('Leave empty for a token that works until it is revoked')}
            clearable
            minDate={new Date()}
            maw={260}
            value={form.values.expires_at}
            onChange={(day) => form.setFieldValue('expires_at', day)}
            error={form.errors.expires_at}
          />
          <Button type="submit" loading={mutation.isPending} w="fit-content">
            {t('Create token')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function TokenList({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const tokens = useInfiniteQuery(tokensQuery(groupId));
  return (
    <section aria-labelledby="tokens-heading">
      <Title order={2} size="h3" id="tokens-heading" mb="sm">
        {t('The group’s tokens')}
      </Title>
      <PagedList
        query={tokens}
        label={t('The group’s tokens')}
        empty={t('No tokens yet.')}
        renderItem={(token) => <TokenRow key={token.id} groupId={groupId} token={token} />}
      />
    </section>
  );
}

function TokenRow({ groupId, token }: { groupId: string; token: ApiToken }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeToken(groupId, token.id),
    onSuccess: () => {
      notify({ message: t('Token “{name}” is revoked.', { name: token.name }) });
      void queryClient.invalidateQueries({ queryKey: integrationKeys.tokens(groupId) });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(error) }),
  });
  const expired = token.expires_at !== null && new Date(token.expires_at) <= new Date();
  return (
    <Paper component="li" withBorder p="sm" aria-label={token.name}>
      <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600} className="break-anywhere">
              {token.name}
            </Text>
            {token.revoked_at !== null ? (
              <Badge color="gray.8" variant="outline">
                {t('Revoked')}
              </Badge>
            ) : expired ? (
              <Badge color="gray.8" variant="outline">
                {t('Expired')}
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed" className="break-anywhere">
            {t('Starts {prefix}…', { prefix: token.prefix })}
          </Text>
          <Text size="sm">{formatList(token.scopes.map((scope) => SCOPE_LABELS[scope as TokenScope]))}</Text>
          <Text size="sm" c="dimmed">
            {token.last_used_at === null
              ? t('Never used')
              : t('Last used {when}', { when: formatDateTime(token.last_used_at) })}
          </Text>
          <Text size="sm" c="dimmed">
            {token.expires_at === null
              ? t('No expiry')
              : t('Works until {day}', { day: formatDate(token.expires_at) })}
          </Text>
        </Stack>
        {token.revoked_at === null && (
          <Button
            variant="default"
            color="red"
            size="xs"
            loading={revoke.isPending}
            onClick={() => revoke.mutate()}
            aria-label={t('Revoke {name}', { name: token.name })}
          >
            {t('Revoke')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
