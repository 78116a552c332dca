import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { GroupId } from './types';
import type { components } from './schema';

export type CallList = components['schemas']['CallListRead'];
export type CallTurn = components['schemas']['CallTurn'];
export type CallOutcome = components['schemas']['Outcome'];
export type CallListProgress = components['schemas']['CallListProgress'];
export type SavedFilter = components['schemas']['SavedFilterRead'];
export type ContactFilterSpec = components['schemas']['ContactFilterSpec'];

/** The most rows one request may ask for. */
const MAX_PAGE = 200;

export const callListKeys = {
  all: (groupId: GroupId) => ['groups', groupId, 'call-lists'] as const,
  list: (groupId: GroupId, listId: string) => ['groups', groupId, 'call-lists', listId] as const,
  turn: (groupId: GroupId, listId: string) => ['groups', groupId, 'call-lists', listId, 'turn'] as const,
  progress: (groupId: GroupId, listId: string) => ['groups', groupId, 'call-lists', listId, 'progress'] as const,
  savedFilters: (groupId: GroupId) => ['groups', groupId, 'saved-filters'] as const,
};

export const callListsQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: callListKeys.all(groupId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/call-lists', {
          params: { path: { group_id: groupId }, query: { limit: MAX_PAGE } },
        }),
      ),
  });

export const callListQuery = (groupId: GroupId, listId: string) =>
  queryOptions({
    queryKey: callListKeys.list(groupId, listId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/call-lists/{call_list_id}', {
          params: { path: { group_id: groupId, call_list_id: listId } },
        }),
      ),
  });

export const callTurnQuery = (groupId: GroupId, listId: string) =>
  queryOptions({
    queryKey: callListKeys.turn(groupId, listId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/call-lists/{call_list_id}/turn', {
          params: { path: { group_id: groupId, call_list_id: listId } },
        }),
      ),
  });

export const callProgressQuery = (groupId: GroupId, listId: string) =>
  queryOptions({
    queryKey: callListKeys.progress(groupId, listId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/call-lists/{call_list_id}/progress', {
          params: { path: { group_id: groupId, call_list_id: listId } },
        }),
      ),
  });

export const savedFiltersQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: callListKeys.savedFilters(groupId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/saved-filters', {
          params: { path: { group_id: groupId }, query: { limit: MAX_PAGE } },
        }),
      ),
  });

export function createSavedFilter(
  groupId: GroupId,
  body: { name: string; shared: boolean; filter: ContactFilterSpec },
  idempotencyKey: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/saved-filters', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function createCallList(
  groupId: GroupId,
  body: { name: string; kind: 'call' | 'visit'; saved_filter_id: string; assignee_ids: string[] },
  idempotencyKey: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/call-lists', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function takeNext(groupId: GroupId, listId: string, sharedLanguageOnly: boolean) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/call-lists/{call_list_id}/take-next', {
      params: { path: { group_id: groupId, call_list_id: listId } },
      body: { shared_language_only: sharedLanguageOnly },
    }),
  );
}

export function recordOutcome(
  groupId: GroupId,
  listId: string,
  entryId: string,
  body: { outcome: CallOutcome; call_back_at?: string | null },
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/call-lists/{call_list_id}/entries/{call_entry_id}/outcome', {
      params: { path: { group_id: groupId, call_list_id: listId, call_entry_id: entryId } },
      body,
    }),
  );
}

export function releaseEntry(groupId: GroupId, listId: string, entryId: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/call-lists/{call_list_id}/entries/{call_entry_id}/release', {
      params: { path: { group_id: groupId, call_list_id: listId, call_entry_id: entryId } },
    }),
  );
}
