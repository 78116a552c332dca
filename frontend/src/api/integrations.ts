import { infiniteQueryOptions } from '@tanstack/react-query';
import i18next from 'i18next';
import { api, unwrap } from './client';
import type { components } from './schema';
import { translatedLabels } from '../lib/labels';

export type ApiToken = components['schemas']['ApiTokenRead'];
export type CreatedApiToken = components['schemas']['ApiTokenCreated'];
export type TokenScope = components['schemas']['Scope'];
export type Webhook = components['schemas']['WebhookRead'];
export type CreatedWebhook = components['schemas']['WebhookCreated'];
export type Delivery = components['schemas']['DeliveryRead'];
export type DeliveryStatus = Delivery['status'];
export type Notification = components['schemas']['NotificationRead'];

export const integrationKeys = {
  tokens: (groupId: string) => ['groups', groupId, 'tokens'] as const,
  webhooks: (groupId: string) => ['groups', groupId, 'webhooks'] as const,
  deliveries: (groupId: string, webhookId: string) => ['groups', groupId, 'webhooks', webhookId, 'deliveries'] as const,
  notifications: (groupId: string) => ['groups', groupId, 'notifications'] as const,
};

const PAGE = 50;

export const tokensQuery = (groupId: string) =>
  infiniteQueryOptions({
    queryKey: integrationKeys.tokens(groupId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/tokens', {
          params: { path: { group_id: groupId }, query: { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export function createToken(groupId: string, body: { name: string; scopes: TokenScope[]; expires_at?: string }) {
  return unwrap(api.POST('/api/v1/groups/{group_id}/tokens', { params: { path: { group_id: groupId } }, body }));
}

export function revokeToken(groupId: string, tokenId: string) {
  return unwrap(
    api.DELETE('/api/v1/groups/{group_id}/tokens/{token_id}', {
      params: { path: { group_id: groupId, token_id: tokenId } },
    }),
  );
}

export const webhooksQuery = (groupId: string) =>
  infiniteQueryOptions({
    queryKey: integrationKeys.webhooks(groupId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/webhooks', {
          params: { path: { group_id: groupId }, query: { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export function createWebhook(
  groupId: string,
  body: { url: string; event_types: string[]; description?: string | null; enabled: boolean },
) {
  return unwrap(api.POST('/api/v1/groups/{group_id}/webhooks', { params: { path: { group_id: groupId } }, body }));
}

export function setWebhookEnabled(groupId: string, webhook: Webhook, enabled: boolean) {
  return unwrap(
    api.PATCH('/api/v1/groups/{group_id}/webhooks/{webhook_id}', {
      params: { path: { group_id: groupId, webhook_id: webhook.id } },
      body: { enabled, version: webhook.version },
    }),
  );
}

export function deleteWebhook(groupId: string, webhook: Webhook) {
  return unwrap(
    api.DELETE('/api/v1/groups/{group_id}/webhooks/{webhook_id}', {
      params: { path: { group_id: groupId, webhook_id: webhook.id }, query: { version: webhook.version } },
    }),
  );
}

export function rotateWebhookSecret(groupId: string, webhookId: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/webhooks/{webhook_id}/rotate-secret', {
      params: { path: { group_id: groupId, webhook_id: webhookId } },
    }),
  );
}

export function sendTestWebhook(groupId: string, webhookId: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/webhooks/{webhook_id}/test', {
      params: { path: { group_id: groupId, webhook_id: webhookId } },
    }),
  );
}

export const deliveriesQuery = (groupId: string, webhookId: string) =>
  infiniteQueryOptions({
    queryKey: integrationKeys.deliveries(groupId, webhookId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/webhooks/{webhook_id}/deliveries', {
          params: {
            path: { group_id: groupId, webhook_id: webhookId },
            query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export const notificationsQuery = (groupId: string) =>
  infiniteQueryOptions({
    queryKey: integrationKeys.notifications(groupId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/notifications', {
          params: { path: { group_id: groupId }, query: { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

/** What each token scope lets an integration do, in words. */
export const SCOPE_LABELS = translatedLabels<TokenScope>({
  'contacts:read': () => i18next.t('Read contacts, assessments, conversations and follow-ups'),
  'contacts:write': () => i18next.t('Create and edit contacts, assessments, conversations and follow-ups'),
  'workplaces:read': () => i18next.t('Read workplaces, departments, shifts and wall charts'),
  'workplaces:write': () => i18next.t('Create and edit workplaces, departments and shifts'),
  'disputes:read': () => i18next.t('Read disputes, demands, timelines and ballots'),
  'disputes:write': () => i18next.t('Create and edit disputes, demands, timelines and ballots'),
  'actions:read': () => i18next.t('Read solidarity actions'),
  'democracy:read': () => i18next.t('Read votes, their results and published ballots'),
  'democracy:write': () => i18next.t('Create, open and close votes and take part in them'),
  'actions:write': () => i18next.t('Create and edit solidarity actions'),
  'bulletins:read': () => i18next.t('Read bulletins: stories, editions and the distribution log'),
  'bulletins:write': () => i18next.t('Propose and edit stories and editions, log hand-outs'),
  'campaigns:read': () => i18next.t('Read campaigns, structure tests, their results, ballot rolls and chases'),
  'campaigns:write': () => i18next.t('Edit campaigns and structure tests, record responses and ballot rolls'),
  'changes:read': () => i18next.t('Read the change feed'),
  'webhooks:manage': () => i18next.t('Manage webhook endpoints'),
  'imports:write': () => i18next.t('Import spreadsheets'),
  'exports:read': () => i18next.t('Export records to files'),
});

export const DELIVERY_STATUS_LABELS = translatedLabels<DeliveryStatus>({
  pending: () => i18next.t('Waiting to be sent'),
  succeeded: () => i18next.t('Delivered'),
  failed: () => i18next.t('Failed'),
  cancelled: () => i18next.t('Cancelled'),
});
