import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';
import { unwrapUpdate } from './conflict';

type Schemas = components['schemas'];
export type Contact = Schemas['ContactRead'];
export type ContactCreate = Schemas['ContactCreate'];
export type ContactUpdate = Schemas['ContactUpdate'];
export type MembershipStatus = Schemas['MembershipStatus'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type AssessmentScale = Schemas['AssessmentScaleRead'];
export type DuplicateMatch = Schemas['DuplicateMatch'];
export type ContactMerge = Schemas['ContactMerge'];
export type MergeField = Schemas['MergeField'];
export type Channel = Schemas['Channel'];
/** An ISO 639 code of a language people speak. */
export type SpokenLanguageCode = NonNullable<ContactCreate['preferred_language']>;

/** The filters of the contacts list, as they appear in its URL. */
export interface ContactFilters {
  q?: string;
  workplace?: string;
  department?: string;
  shift?: string;
  /** 1-5 or `unassessed` (a number, so the URL reads `level=2`). */
  level?: number | 'unassessed';
  membership?: MembershipStatus;
  tag?: string;
  organiser?: string;
  /** Language codes joined by commas: contacts who speak any of them. */
  speaks?: string;
  /** Nobody has talked to them in this many days (or ever). */
  quiet?: number;
  sort?: string;
}

const PAGE = 50;

export const contactKeys = {
  all: (groupId: string) => ['groups', groupId, 'contacts'] as const,
  one: (groupId: string, contactId: string) => ['groups', groupId, 'contacts', contactId] as const,
};

export function contactListParams(filters: ContactFilters) {
  return {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.workplace ? { workplace_id: filters.workplace } : {}),
    ...(filters.department ? { department_id: filters.department } : {}),
    ...(filters.shift ? { shift_id: filters.shift } : {}),
    ...(filters.level !== undefined ? { assessment_level: String(filters.level) } : {}),
    ...(filters.membership ? { membership_status: filters.membership } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.organiser ? { organiser_id: filters.organiser } : {}),
    ...(filters.speaks ? { speaks: filters.speaks.split(',') as SpokenLanguageCode[] } : {}),
    ...(filters.quiet !== undefined ? { not_contacted_days: filters.quiet } : {}),
    ...(filters.sort ? { sort: filters.sort } : {}),
  };
}

export const contactsQuery = (groupId: string, filters: ContactFilters, limit = PAGE) =>
  infiniteQueryOptions({
    queryKey: [...contactKeys.all(groupId), 'list', filters, limit],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/contacts', {
          params: {
            path: { group_id: groupId },
            query: { ...contactListParams(filters), limit, ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export const contactQuery = (groupId: string, contactId: string) =>
  queryOptions({
    queryKey: [...contactKeys.one(groupId, contactId), 'detail'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/contacts/{contact_id}', {
          params: { path: { group_id: groupId, contact_id: contactId } },
        }),
      ),
  });

export const historyQuery = (groupId: string, contactId: string) =>
  infiniteQueryOptions({
    queryKey: [...contactKeys.one(groupId, contactId), 'history'],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/contacts/{contact_id}/history', {
          params: {
            path: { group_id: groupId, contact_id: contactId },
            query: { limit: 30, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export const scaleQuery = (groupId: string) =>
  queryOptions({
    queryKey: ['groups', groupId, 'assessment-scale'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/assessment-scale', { params: { path: { group_id: groupId } } }),
      ),
    staleTime: 5 * 60_000,
  });

export function createContact(groupId: string, body: ContactCreate, key: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/contacts', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': key } },
      body,
    }),
  );
}

/**
 * Throws VersionConflict<Contact> when someone saved a change first. With a
 * key, a resend after a lost answer gets the first answer back.
 */
export function updateContact(groupId: string, contactId: string, body: ContactUpdate, key?: string) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/contacts/{contact_id}', {
      params: {
        path: { group_id: groupId, contact_id: contactId },
        ...(key === undefined ? {} : { header: { 'idempotency-key': key } }),
      },
      body,
    }),
  );
}

/** Merges `body.merged_id` into `contactId` (kept); the merged contact is deleted. */
export function mergeContacts(groupId: string, contactId: string, body: ContactMerge) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/contacts/{contact_id}/merge', {
      params: { path: { group_id: groupId, contact_id: contactId } },
      body,
    }),
  );
}

export function findDuplicates(
  groupId: string,
  query: { full_name?: string; phone?: string; email?: string; workplace_id?: string },
  signal?: AbortSignal,
) {
  return unwrap(
    api.GET('/api/v1/groups/{group_id}/contacts/duplicates', {
      params: { path: { group_id: groupId }, query },
      signal,
    }),
  ).then((result) => result.possible_duplicates);
}

export function createAssessment(
  groupId: string,
  contactId: string,
  body: Schemas['AssessmentCreate'],
  key: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/contacts/{contact_id}/assessments', {
      params: { path: { group_id: groupId, contact_id: contactId }, header: { 'idempotency-key': key } },
      body,
    }),
  );
}

/** Contacts matching a search, for pickers. */
export const contactSearchQuery = (groupId: string, q: string) =>
  queryOptions({
    queryKey: ['groups', groupId, 'contacts', 'search', q] as const,
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/api/v1/groups/{group_id}/contacts', {
          params: {
            path: { group_id: groupId },
            query: { limit: 20, sort: 'full_name', ...(q.trim() === '' ? {} : { q: q.trim() }) },
          },
        }),
      );
      return page.items;
    },
    placeholderData: keepPreviousData,
  });
