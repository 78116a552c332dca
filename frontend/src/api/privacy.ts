import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { networkError, toApiError } from './errors';
import type { components } from './schema';
import i18next from 'i18next';
import { translatedLabels } from '../lib/labels';

export type ErasureReport = components['schemas']['ErasureReport'];
export type RetentionRule = components['schemas']['RetentionRuleRead'];
export type RetentionKind = components['schemas']['RetentionKind'];
export type RetentionUpdate = components['schemas']['RetentionUpdate'];
export type RetentionRun = components['schemas']['RetentionRun'];
export type BundleFormat = 'zip' | 'html' | 'json';

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** The file name the server chose (Content-Disposition), or a fallback. */
function attachmentName(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  return match?.[1] ?? fallback;
}

/** A file the API answers with (read as a blob), or its error as an ApiError. */
export async function downloadBlob(
  call: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fallbackName: string,
): Promise<DownloadedFile> {
  let result;
  try {
    result = await call();
  } catch {
    throw networkError();
  }
  const { response } = result;
  if (!response.ok) {
    // The body was read as a blob: read the error JSON from it.
    const text = result.error instanceof Blob ? await result.error.text() : '';
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    throw toApiError(response.status, body, response.headers);
  }
  return { blob: result.data as Blob, filename: attachmentName(response, fallbackName) };
}

/** Everything held about one contact, as a file to hand to them (audited by the server). */
export function downloadSubjectAccess(
  groupId: string,
  contactId: string,
  format: BundleFormat,
): Promise<DownloadedFile> {
  return downloadBlob(
    () =>
      api.GET('/api/v1/groups/{group_id}/contacts/{contact_id}/subject-access/download', {
        params: { path: { group_id: groupId, contact_id: contactId }, query: { format } },
        parseAs: 'blob',
      }),
    `subject-access.${format}`,
  );
}

/** Saves a downloaded file through the browser's own download. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Let the download start before the address is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
