import createClient from 'openapi-fetch';
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { GroupId } from './types';
import type { components, paths } from './schema';

export type Vote = components['schemas']['VoteRead'];
export type VoteCreate = components['schemas']['VoteCreate'];
export type VoteMethod = components['schemas']['VoteMethod'];
export type VoteSubject = components['schemas']['VoteSubject'];
export type VoteStatus = components['schemas']['VoteStatus'];
export type Majority = components['schemas']['Majority'];
export type PublishedBallots = components['schemas']['PublishedBallots'];

/**
 * A client that carries no login and no cookie: a ballot is sent from nobody in particular.
 * It never goes through the session's fetch, so no Authorization header can be added.
 */
const nobody = createClient<paths>({ baseUrl: globalThis.location.origin, credentials: 'omit' });

export const voteKeys = {
  all: (groupId: GroupId) => ['groups', groupId, 'votes'] as const,
  list: (groupId: GroupId, waiting: boolean) => ['groups', groupId, 'votes', 'list', waiting] as const,
  detail: (groupId: GroupId, voteId: string) => ['groups', groupId, 'votes', 'one', voteId] as const,
  ballots: (groupId: GroupId, voteId: string) => ['groups', groupId, 'votes', 'ballots', voteId] as const,
};

export const voteListQuery = (groupId: GroupId, waiting = false) =>
  queryOptions({
    queryKey: voteKeys.list(groupId, waiting),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/votes', {
          params: { path: { group_id: groupId }, query: { limit: 200, waiting } },
        }),
      ),
  });

export const voteQuery = (groupId: GroupId, voteId: string) =>
  queryOptions({
    queryKey: voteKeys.detail(groupId, voteId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/votes/{vote_id}', {
          params: { path: { group_id: groupId, vote_id: voteId } },
        }),
      ),
  });

export const publishedBallotsQuery = (groupId: GroupId, voteId: string) =>
  queryOptions({
    queryKey: voteKeys.ballots(groupId, voteId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/votes/{vote_id}/ballots', {
          params: { path: { group_id: groupId, vote_id: voteId } },
        }),
      ),
  });

export function createVote(groupId: GroupId, body: VoteCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/votes', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function openVote(groupId: GroupId, voteId: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/votes/{vote_id}/open', {
      params: { path: { group_id: groupId, vote_id: voteId } },
    }),
  );
}

export function closeVote(groupId: GroupId, voteId: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/votes/{vote_id}/close', {
      params: { path: { group_id: groupId, vote_id: voteId } },
    }),
  );
}

export function recordHands(groupId: GroupId, voteId: string, tallies: Record<string, number>) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/votes/{vote_id}/hands', {
      params: { path: { group_id: groupId, vote_id: voteId } },
      body: { tallies },
    }),
  );
}

export function signBallotToken(groupId: GroupId, voteId: string, blindedMessage: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/votes/{vote_id}/signature', {
      params: { path: { group_id: groupId, vote_id: voteId } },
      body: { blinded_message: blindedMessage },
    }),
  );
}

export function castBallot(voteId: string, token: string, signature: string, choice: string[]) {
  return unwrap(
    nobody.POST('/api/v1/ballots/{vote_id}', {
      params: { path: { vote_id: voteId } },
      body: { token, signature, choice },
    }),
  );
}
