import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { GroupId, Role } from './types';

export const invitePreviewQuery = (token: string) =>
  queryOptions({
    queryKey: ['invite-preview', token],
    queryFn: () => unwrap(api.POST('/api/v1/invites/preview', { body: { token } })),
    retry: false,
    staleTime: Infinity,
  });

export function acceptInvite(token: string) {
  return unwrap(api.POST('/api/v1/invites/accept', { body: { token } }));
}

export const invitesQuery = (groupId: GroupId) =>
  infiniteQueryOptions({
    queryKey: ['groups', groupId, 'invites'],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/invites', {
          params: {
            path: { group_id: groupId },
            query: pageParam === null ? {} : { cursor: pageParam },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export function createInvite(groupId: GroupId, body: { role: Role; email?: string | null }) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/invites', { params: { path: { group_id: groupId } }, body }),
  );
}

export function revokeInvite(groupId: GroupId, inviteId: string) {
  return unwrap(
    api.DELETE('/api/v1/groups/{group_id}/invites/{invite_id}', {
      params: { path: { group_id: groupId, invite_id: inviteId } },
    }),
  );
}
