import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { receiveFile, saveFile, type DownloadedFile } from './files';
import type { components } from './schema';
import i18next from 'i18next';
import { translatedLabels } from '../lib/labels';

export type ErasureReport = components['schemas']['ErasureReport'];
export type RetentionRule = components['schemas']['RetentionRuleRead'];
export type RetentionKind = components['schemas']['RetentionKind'];
export type RetentionUpdate = components['schemas']['RetentionUpdate'];
export type RetentionRun = components['schemas']['RetentionRun'];
export type BundleFormat = 'zip' | 'html' | 'json';

/** Everything held about one contact, as a file to hand to them (audited by the server). */
export function downloadSubjectAccess(groupId: string, contactId: string, format: BundleFormat): Promise<DownloadedFile> {
  return receiveFile(
    () =>
      api.GET('/api/v1/groups/{group_id}/contacts/{contact_id}/subject-access/download', {
        params: { path: { group_id: groupId, contact_id: contactId }, query: { format } },
        parseAs: 'blob',
      }),
    `subject-access.${format}`,
  );
}

export { saveFile };

export function eraseContact(groupId: string, contactId: string, confirmName: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/contacts/{contact_id}/erase', {
      params: { path: { group_id: groupId, contact_id: contactId } },
      body: { confirm_name: confirmName },
    }),
  );
}

export const retentionKeys = {
  all: (groupId: string) => ['groups', groupId, 'retention'] as const,
};

export const retentionQuery = (groupId: string) =>
  queryOptions({
    queryKey: retentionKeys.all(groupId),
    queryFn: () => unwrap(api.GET('/api/v1/groups/{group_id}/retention', { params: { path: { group_id: groupId } } })),
  });

export function saveRetention(groupId: string, body: RetentionUpdate) {
  return unwrap(api.PUT('/api/v1/groups/{group_id}/retention', { params: { path: { group_id: groupId } }, body }));
}

export function runRetention(groupId: string) {
  return unwrap(api.POST('/api/v1/groups/{group_id}/retention/run', { params: { path: { group_id: groupId } } }));
}

export const retentionPreviewQuery = (groupId: string, kind: RetentionKind, months: number) =>
  infiniteQueryOptions({
    queryKey: [...retentionKeys.all(groupId), 'preview', kind, months],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/retention/preview', {
          params: {
            path: { group_id: groupId },
            query: { kind, months, limit: 20, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    staleTime: 0,
  });

/** What each count in an erasure or retention report is, in words. */
export const REMOVED_LABELS = translatedLabels<string>({
  contact: () => i18next.t('Contact record'),
  assessment: () => i18next.t('Assessments'),
  conversation: () => i18next.t('Conversations'),
  follow_up: () => i18next.t('Follow-ups'),
  dispute_contact: () => i18next.t('Dispute links'),
  solidarity_participant: () => i18next.t('Places in solidarity actions'),
  idempotent_answers: () => i18next.t('Stored answers to repeated requests'),
  import_files: () => i18next.t('Import files (uploads and reports)'),
  webhook_deliveries: () => i18next.t('Webhook events'),
  conversation_notes: () => i18next.t('Conversations’ notes cleared'),
});

export function removedLabel(kind: string): string {
  return (REMOVED_LABELS as Partial<Record<string, string>>)[kind] ?? kind.replaceAll('_', ' ');
}
