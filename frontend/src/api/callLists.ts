import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { unwrapUpdate } from './conflict';
import type { GroupId } from './types';
import type { components } from './schema';

export type CallList = components['schemas']['CallListRead'];
export type CallTurn = components['schemas']['CallTurn'];
export type CallOutcome = components['schemas']['Outcome'];
export type CallListProgress = components['schemas']['CallListProgress'];
export type SavedFilter = components['schemas']['SavedFilterRead'];
export type ContactFilterSpec = components['schemas']['ContactFilterSpec'];
export type CallSettings = components['schemas']['CallSettingsRead'];
export type DoNotContact = components['schemas']['DoNotContactRead'];

/** The most rows one request may ask for. */
const MAX_PAGE = 200;

export const callListKeys = {
  all: (groupId: GroupId) => ['groups', groupId, 'call-lists'] as const,
  list: (groupId: GroupId, listId: string) => ['groups', groupId, 'call-lists', listId] as const,
  turn: (groupId: GroupId, listId: string) => ['groups', groupId, 'call-lists', listId, 'turn'] as const,
  progress: (groupId: GroupId, listId: string) => ['groups', groupId, 'call-lists', listId, 'progress'] as const,
  savedFilters: (groupId: GroupId) => ['groups', groupId, 'saved-filters'] as const,
  settings: (groupId: GroupId) => ['groups', groupId, 'call-settings'] as const,
  // Under the contact's key, so whatever refreshes the contact refreshes this too.
  doNotContact: (groupId: GroupId, contactId: string) => ['groups', groupId, 'contacts', contactId, 'do-not-contact'] as const,
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

export function updateSavedFilter(
  groupId: GroupId,
  filterId: string,
  body: { name?: string; filter?: ContactFilterSpec; version: number },
) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/saved-filters/{saved_filter_id}', {
      params: { path: { group_id: groupId, saved_filter_id: filterId } },
      body,
    }),
  );
}

export function deleteSavedFilter(groupId: GroupId, filterId: string, version: number) {
  return unwrapUpdate(
    api.DELETE('/api/v1/groups/{group_id}/saved-filters/{saved_filter_id}', {
      params: { path: { group_id: groupId, saved_filter_id: filterId }, query: { version } },
    }),
  );
}

export function createCallList(
  groupId: GroupId,
  body: { name: string; kind: 'call' | 'visit'; saved_filter_id: string; assignee_ids: string[]; notes: string | null },
  idempotencyKey: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/call-lists', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function updateCallList(
  groupId: GroupId,
  listId: string,
  body: { name: string; notes: string | null; assignee_ids: string[]; version: number },
) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/call-lists/{call_list_id}', {
      params: { path: { group_id: groupId, call_list_id: listId } },
      body,
    }),
  );
}

export function deleteCallList(groupId: GroupId, listId: string, version: number) {
  return unwrapUpdate(
    api.DELETE('/api/v1/groups/{group_id}/call-lists/{call_list_id}', {
      params: { path: { group_id: groupId, call_list_id: listId }, query: { version } },
    }),
  );
}

export const callSettingsQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: callListKeys.settings(groupId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/groups/{group_id}/call-settings', { params: { path: { group_id: groupId } } })),
  });

export function updateCallSettings(
  groupId: GroupId,
  body: { cooldown_days: number; reservation_minutes: number; version: number },
) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/call-settings', { params: { path: { group_id: groupId } }, body }),
  );
}

export const doNotContactQuery = (groupId: GroupId, contactId: string) =>
  queryOptions({
    queryKey: callListKeys.doNotContact(groupId, contactId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/contacts/{contact_id}/do-not-contact', {
          params: { path: { group_id: groupId, contact_id: contactId } },
        }),
      ),
  });

/** They may be contacted again; `version` is the one the do-not-contact state was read at. */
export function clearDoNotContact(groupId: GroupId, contactId: string, version: number) {
  return unwrapUpdate(
    api.POST('/api/v1/groups/{group_id}/contacts/{contact_id}/contact-again', {
      params: { path: { group_id: groupId, contact_id: contactId } },
      body: { version },
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
