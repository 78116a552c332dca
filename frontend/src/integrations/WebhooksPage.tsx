import { useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Collapse,
  Group,
  Paper,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import {
  createWebhook,
  deleteWebhook,
  deliveriesQuery,
  DELIVERY_STATUS_LABELS,
  integrationKeys,
  rotateWebhookSecret,
  sendTestWebhook,
  setWebhookEnabled,
  webhooksQuery,
  type CreatedWebhook,
  type Delivery,
  type Webhook,
} from '../api/integrations';
import { FormAlert } from '../app/FormAlert';
import { notify } from '../app/notify';
import { usePageTitle } from '../app/usePageTitle';
import { formatDateTime, formatList } from '../lib/format';
import { useApiForm } from '../shared/useApiForm';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';
import { PagedList } from '../shared/PagedList';
import { validateRequired } from '../shared/validation';
import { SecretOnce } from './SecretOnce';

const route = getRouteApi('/_app/groups/$groupId/webhooks');
const EVERY_EVENT = '*';

interface ShownSecret {
  url: string;
  secret: string;
}

/** Webhook endpoints: the server posts each change of the events chosen to another program. */
export function WebhooksPage() {
  const { groupId } = route.useParams();
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Webhooks · {group}', { group: group.name }));
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const showSecret = (webhook: CreatedWebhook) => setShown({ url: webhook.url, secret: webhook.secret });
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('Webhooks')}</Title>
        <Text c="dimmed">
          {t(
            'The server tells another program as soon as something changes: each event is posted to the address, signed with the endpoint’s secret, and retried if it fails.',
          )}
        </Text>
      </Stack>
      {can(group, 'webhooks:manage') ? (
        <>
          {shown !== null && (
            <SecretOnce
              title={t('The signing secret for {url}', { url: shown.url })}
              secret={shown.secret}
              onDone={() => setShown(null)}
            />
          )}
          <NewWebhookForm groupId={groupId} onCreated={showSecret} />
          <WebhookList groupId={groupId} onSecret={showSecret} />
        </>
      ) : (
        <NoPermission title={t('Only organisers and owners can manage webhooks')}>
          {t('Ask an organiser if your group needs a program connected.')}
        </NoPermission>
      )}
    </Stack>
  );
}

function NewWebhookForm({ groupId, onCreated }: { groupId: string; onCreated: (webhook: CreatedWebhook) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { form, formError, onSubmit, showError } = useApiForm({
    mode: 'controlled',
    initialValues: { url: '', description: '', every_event: true, event_types: [] as string[] },
    validate: {
      url: validateRequired(t('Enter the address to post events to')),
      event_types: (value, values) =>
        !values.every_event && value.length === 0 ? t('Name at least one event, or choose every event') : null,
    },
  });
  const mutation = useMutation({
    mutationFn: (values: typeof form.values) =>
      createWebhook(groupId, {
        url: values.url.trim(),
        event_types: values.every_event ? [EVERY_EVENT] : values.event_types,
        description: values.description.trim() === '' ? null : values.description.trim(),
        enabled: true,
      }),
    onSuccess: (webhook) => {
      form.reset();
      onCreated(webhook);
      void queryClient.invalidateQueries({ queryKey: integrationKeys.webhooks(groupId) });
    },
    onError: showError,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="new-webhook-heading">
      <Title order={2} size="h3" id="new-webhook-heading" mb="sm">
        {t('New endpoint')}
      </Title>
      <form
        noValidate
        onSubmit={onSubmit((values) => {
          mutation.mutate(values);
        })}
      >
        <Stack gap="sm">
          <FormAlert message={formError} />
          <TextInput
            label={t('Address')}
            description={t('An https:// address that answers a POST')}
            type="url"
            required
            {...form.getInputProps('url')}
          />
          <TextInput label={t('Description')} description={t('Optional: what receives the events')} {...form.getInputProps('description')} />
          <Checkbox label={t('Every event')} {...form.getInputProps('every_event', { type: 'checkbox' })} />
          {!form.values.every_event && (
            <TagsInput
              label={t('Events')}
              description={t('Type each and press Enter: contact.* for every change to contacts, or exact names such as contact.created, dispute.updated or shift.deleted')}
              clearable
              {...form.getInputProps('event_types')}
            />
          )}
          <Button type="submit" loading={mutation.isPending} w="fit-content">
            {t('Add endpoint')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function WebhookList({ groupId, onSecret }: { groupId: string; onSecret: (webhook: CreatedWebhook) => void }) {
  const { t } = useTranslation();
  const webhooks = useInfiniteQuery(webhooksQuery(groupId));
  return (
    <section aria-labelledby="webhooks-heading">
      <Title order={2} size="h3" id="webhooks-heading" mb="sm">
        {t('Endpoints')}
      </Title>
      <PagedList
        query={webhooks}
        label={t('Endpoints')}
        empty={t('No endpoints yet.')}
        renderItem={(webhook) => <WebhookCard key={webhook.id} groupId={groupId} webhook={webhook} onSecret={onSecret} />}
      />
    </section>
  );
}

function WebhookCard({
  groupId,
  webhook,
  onSecret,
}: {
  groupId: string;
  webhook: Webhook;
  onSecret: (webhook: CreatedWebhook) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [logOpen, log] = useDisclosure(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: integrationKeys.webhooks(groupId) });
  const failed = (error: unknown) => notify({ color: 'red', message: errorMessage(error) });
  const test = useMutation({
    mutationFn: () => sendTestWebhook(groupId, webhook.id),
    onSuccess: (delivery) => {
      notify({
        color: delivery.status === 'succeeded' ? 'green' : 'red',
        message:
          delivery.status === 'succeeded'
            ? t('The test event was delivered.')
            : t('The test event was not delivered: {reason}', { reason: delivery.last_note ?? '' }),
      });
      log.open();
      void queryClient.invalidateQueries({ queryKey: integrationKeys.deliveries(groupId, webhook.id) });
    },
    onError: failed,
  });
  const rotate = useMutation({
    mutationFn: () => rotateWebhookSecret(groupId, webhook.id),
    onSuccess: (rotated) => {
      onSecret(rotated);
      refresh();
    },
    onError: failed,
  });
  const toggle = useMutation({
    mutationFn: () => setWebhookEnabled(groupId, webhook, !webhook.enabled),
    onSuccess: (saved) => {
      notify({ message: saved.enabled ? t('The endpoint is enabled again.') : t('The endpoint is disabled.') });
      refresh();
    },
    onError: failed,
  });
  const remove = useMutation({
    mutationFn: () => deleteWebhook(groupId, webhook),
    onSuccess: () => {
      notify({ message: t('The endpoint is deleted.') });
      refresh();
    },
    onError: failed,
  });
  const events = webhook.event_types.map((name) => (name === EVERY_EVENT ? t('Every event') : name));
  return (
    <Paper component="li" withBorder p="sm" aria-label={webhook.url}>
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Text fw={600} className="break-anywhere">
            {webhook.url}
          </Text>
          {webhook.enabled ? (
            <Badge color="teal.9" variant="filled">
              {t('Enabled')}
            </Badge>
          ) : (
            <Badge color="gray.8" variant="outline">
              {t('Disabled')}
            </Badge>
          )}
        </Group>
        {webhook.description !== null && <Text size="sm">{webhook.description}</Text>}
        <Text size="sm" c="dimmed" className="break-anywhere">
          {t('Events: {events}', { events: formatList(events) })}
        </Text>
        {webhook.disabled_reason !== null && (
          <Text size="sm" c="red.8">
            {t('The server disabled it: {reason}', { reason: webhook.disabled_reason })}
          </Text>
        )}
        <Group gap="xs" wrap="wrap">
          <Button size="xs" onClick={() => test.mutate()} loading={test.isPending} disabled={!webhook.enabled}>
            {t('Send a test event')}
          </Button>
          <Button size="xs" variant="default" onClick={log.toggle} aria-expanded={logOpen} aria-controls={`log-${webhook.id}`}>
            {logOpen ? t('Hide the delivery log') : t('Delivery log')}
          </Button>
          <Button size="xs" variant="default" onClick={() => rotate.mutate()} loading={rotate.isPending}>
            {t('New signing secret')}
          </Button>
          <Button size="xs" variant="default" onClick={() => toggle.mutate()} loading={toggle.isPending}>
            {webhook.enabled ? t('Disable') : t('Enable again')}
          </Button>
          <Button size="xs" variant="default" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            {t('Delete')}
          </Button>
        </Group>
        <Collapse in={logOpen} id={`log-${webhook.id}`}>
          {logOpen && <DeliveryLog groupId={groupId} webhookId={webhook.id} />}
        </Collapse>
      </Stack>
    </Paper>
  );
}

function DeliveryLog({ groupId, webhookId }: { groupId: string; webhookId: string }) {
  const { t } = useTranslation();
  const deliveries = useInfiniteQuery(deliveriesQuery(groupId, webhookId));
  return (
    <PagedList
      query={deliveries}
      label={t('Delivery log')}
      empty={t('Nothing sent yet.')}
      renderItem={(delivery) => <DeliveryRow key={delivery.id} delivery={delivery} />}
    />
  );
}

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const color = delivery.status === 'succeeded' ? 'teal.9' : delivery.status === 'failed' ? 'red.8' : 'gray.8';
  return (
    <Paper component="li" withBorder p="xs">
      <Group gap="xs" wrap="wrap">
        <Badge color={color} variant="outline">
          {DELIVERY_STATUS_LABELS[delivery.status]}
        </Badge>
        <Text size="sm" fw={600}>
          {delivery.is_test ? t('Test event') : delivery.event_type}
        </Text>
        <Text size="sm" c="dimmed">
          {formatDateTime(delivery.last_attempt_at ?? delivery.created_at)}
        </Text>
      </Group>
      <Text size="sm" c="dimmed" className="break-anywhere">
        {delivery.last_status_code === null
          ? t('{attempts, plural, one {# attempt} other {# attempts}}', { attempts: delivery.attempts })
          : t('{attempts, plural, one {# attempt} other {# attempts}}, last answered {status}', {
              attempts: delivery.attempts,
              status: delivery.last_status_code,
            })}
      </Text>
      {delivery.last_note !== null && (
        <Text size="sm" className="break-anywhere">
          {delivery.last_note}
        </Text>
      )}
    </Paper>
  );
}
