import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { GroupId } from './types';
import type { components } from './schema';

export type Office = components['schemas']['OfficeRead'];
export type OfficeCreate = components['schemas']['OfficeCreate'];
export type Term = components['schemas']['TermRead'];
export type TermStandDown = components['schemas']['TermStandDown'];
export type TermEnd = components['schemas']['TermEnd'];
export type Nomination = components['schemas']['NominationRead'];
export type NominationStatus = components['schemas']['NominationStatus'];
export type Petition = components['schemas']['PetitionRead'];
export type PetitionStatus = components['schemas']['PetitionStatus'];

export const officeKeys = {
  all: (groupId: GroupId) => ['groups', groupId, 'offices'] as const,
  list: (groupId: GroupId) => ['groups', groupId, 'offices', 'list'] as const,
  detail: (groupId: GroupId, officeId: string) => ['groups', groupId, 'offices', 'one', officeId] as const,
  terms: (groupId: GroupId, officeId: string) => ['groups', groupId, 'offices', 'terms', officeId] as const,
  nominations: (groupId: GroupId, officeId: string) => ['groups', groupId, 'offices', 'nominations', officeId] as const,
  petitions: (groupId: GroupId, officeId: string) => ['groups', groupId, 'offices', 'petitions', officeId] as const,
  settings: (groupId: GroupId) => ['groups', groupId, 'offices', 'recall-settings'] as const,
};

export const officeListQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: officeKeys.list(groupId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/groups/{group_id}/offices', { params: { path: { group_id: groupId }, query: { limit: 200 } } })),
  });

export const officeQuery = (groupId: GroupId, officeId: string) =>
  queryOptions({
    queryKey: officeKeys.detail(groupId, officeId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/offices/{office_id}', {
          params: { path: { group_id: groupId, office_id: officeId } },
        }),
      ),
  });

export const termsQuery = (groupId: GroupId, officeId: string) =>
  queryOptions({
    queryKey: officeKeys.terms(groupId, officeId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/offices/{office_id}/terms', {
          params: { path: { group_id: groupId, office_id: officeId }, query: { limit: 200 } },
        }),
      ),
  });

export const nominationsQuery = (groupId: GroupId, officeId: string) =>
  queryOptions({
    queryKey: officeKeys.nominations(groupId, officeId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/offices/{office_id}/nominations', {
          params: { path: { group_id: groupId, office_id: officeId }, query: { limit: 200 } },
        }),
      ),
  });

export const petitionsQuery = (groupId: GroupId, officeId: string) =>
  queryOptions({
    queryKey: officeKeys.petitions(groupId, officeId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/recall-petitions', {
          params: { path: { group_id: groupId }, query: { office_id: officeId, limit: 200 } },
        }),
      ),
  });

export const recallSettingsQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: officeKeys.settings(groupId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/groups/{group_id}/recall-settings', { params: { path: { group_id: groupId } } })),
  });

export function createOffice(groupId: GroupId, body: OfficeCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/offices', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function recordTerm(
  groupId: GroupId,
  officeId: string,
  body: { holder_id: string; starts_on: string },
  idempotencyKey: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/offices/{office_id}/terms', {
      params: { path: { group_id: groupId, office_id: officeId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

/** Ends a term running now: its holder stands down (or an organiser records that they did). */
export function standDown(groupId: GroupId, termId: string, body: TermStandDown) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/office-terms/{term_id}/stand-down', {
      params: { path: { group_id: groupId, term_id: termId } },
      body,
    }),
  );
}

export function nominate(
  groupId: GroupId,
  officeId: string,
  body: { candidate_id: string; statement: string | null },
  idempotencyKey: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/offices/{office_id}/nominations', {
      params: { path: { group_id: groupId, office_id: officeId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function secondNomination(groupId: GroupId, nominationId: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/nominations/{nomination_id}/second', {
      params: { path: { group_id: groupId, nomination_id: nominationId } },
    }),
  );
}

export function callElection(groupId: GroupId, officeId: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/offices/{office_id}/election', {
      params: { path: { group_id: groupId, office_id: officeId } },
      body: {},
    }),
  );
}

export function startPetition(groupId: GroupId, termId: string, body: { reason: string }, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/office-terms/{term_id}/recall-petitions', {
      params: { path: { group_id: groupId, term_id: termId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function signPetition(groupId: GroupId, petitionId: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/recall-petitions/{petition_id}/signatures', {
      params: { path: { group_id: groupId, petition_id: petitionId } },
    }),
  );
}

export function updateRecallSettings(groupId: GroupId, body: { threshold_percent: number; version: number }) {
  return unwrap(
    api.PUT('/api/v1/groups/{group_id}/recall-settings', { params: { path: { group_id: groupId } }, body }),
  );
}

/** The group's notices about votes opening, closing and being decided, which every member sees. */
export const voteNoticesQuery = (groupId: GroupId) =>
  infiniteQueryOptions({
    queryKey: ['groups', groupId, 'vote-notices'] as const,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/vote-notices', {
          params: { path: { group_id: groupId }, query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
