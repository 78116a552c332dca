import { infiniteQueryOptions, keepPreviousData } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';
import { VersionConflict, unwrapUpdate } from './conflict';

export type FollowUp = components['schemas']['FollowUpRead'];
export type FollowUpCreate = components['schemas']['FollowUpCreate'];

export const followUpKeys = {
  all: (groupId: string) => ['groups', groupId, 'follow-ups'] as const,
};

export type FollowUpView = 'mine' | 'everyone' | 'done';

/**
 * Mine: my open follow-ups, overdue first (the API orders them). Everyone's:
 * all open ones by due date, so overdue come first and undated last. Done:
 * the most recently changed first.
 */
export const followUpsQuery = (
  groupId: string,
  view: FollowUpView,
  options: { contactId?: string; limit?: number } = {},
) =>
  infiniteQueryOptions({
    queryKey: [...followUpKeys.all(groupId), view, options],
    queryFn: ({ pageParam }) => {
      const limit = options.limit ?? 50;
      const cursor = pageParam ? { cursor: pageParam } : {};
      if (view === 'mine' && options.contactId === undefined) {
        return unwrap(
          api.GET('/api/v1/groups/{group_id}/follow-ups/mine', {
            params: { path: { group_id: groupId }, query: { limit, ...cursor } },
          }),
        );
      }
      return unwrap(
        api.GET('/api/v1/groups/{group_id}/follow-ups', {
          params: {
            path: { group_id: groupId },
            query: {
              limit,
              ...cursor,
              ...(options.contactId ? { contact_id: options.contactId } : {}),
              ...(view === 'done' ? { done: true, sort: '-updated_at' } : { done: false, sort: 'due_on' }),
            },
          },
        }),
      );
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export function createFollowUp(groupId: string, body: FollowUpCreate, key: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/follow-ups', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': key } },
      body,
    }),
  );
}

function patchDone(groupId: string, id: string, done: boolean, version: number, key?: string) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/follow-ups/{follow_up_id}', {
      params: {
        path: { group_id: groupId, follow_up_id: id },
        ...(key === undefined ? {} : { header: { 'idempotency-key': key } }),
      },
      body: { done, version, allow_past_due: false },
    }),
  );
}

/**
 * Ticks a follow-up done (or not). Only `done` is sent, so when someone else
 * changed the follow-up meanwhile nothing of theirs can be overwritten: the
 * tick is applied once more to the version saved now, unless it already is
 * in the wanted state. With a key (the offline queue's), each of the two
 * requests can be resent after a lost answer and is applied once.
 */
export async function setFollowUpDone(
  groupId: string,
  followUp: Pick<FollowUp, 'id' | 'version'>,
  done: boolean,
  key?: string,
): Promise<FollowUp> {
  try {
    return await patchDone(groupId, followUp.id, done, followUp.version, key);
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error;
    const current = error.current as FollowUp;
    if (current.done === done) return current;
    // Another body, so another key; derived, so a resend of this one is recognised too.
    return patchDone(groupId, followUp.id, done, current.version, key === undefined ? undefined : `${key}@${current.version}`);
  }
}
