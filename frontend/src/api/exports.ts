import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { contactListParams, type ContactFilters } from './contacts';
import { receiveFile, type DownloadedFile } from './files';
import type { components } from './schema';

export type ExportFormat = 'csv' | 'xlsx';
export type AuditEvent = components['schemas']['AuditEventRead'];

export const exportKeys = {
  audit: (groupId: string) => ['groups', groupId, 'audit'] as const,
};

/** The contacts matching the contacts list's filters, as a file (recorded in the audit trail). */
export function exportContacts(groupId: string, filters: ContactFilters, format: ExportFormat): Promise<DownloadedFile> {
  // The file keeps the list's filters; its order is the export's own (oldest first).
  const query = contactListParams({ ...filters, sort: undefined });
  return receiveFile(
    () =>
      api.GET('/api/v1/groups/{group_id}/exports/contacts.{file_format}', {
        params: { path: { group_id: groupId, file_format: format }, query },
        parseAs: 'blob',
      }),
    `contacts.${format}`,
  );
}

/** Past exports and other audited acts, newest first (organisers and owners). */
export const auditQuery = (groupId: string) =>
  infiniteQueryOptions({
    queryKey: exportKeys.audit(groupId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/audit', {
          params: { path: { group_id: groupId }, query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
