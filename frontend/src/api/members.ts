import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { GroupId, Role } from './types';

export const MEMBERS_PAGE_SIZE = 50;

export const membersQuery = (groupId: GroupId) =>
  infiniteQueryOptions({
    queryKey: ['groups', groupId, 'members'],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/members', {
          params: {
            path: { group_id: groupId },
            query:
              pageParam === null
                ? { limit: MEMBERS_PAGE_SIZE }
                : { limit: MEMBERS_PAGE_SIZE, cursor: pageParam },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export function changeRole(groupId: GroupId, membershipId: string, role: Role) {
  return unwrap(
    api.PATCH('/api/v1/groups/{group_id}/members/{membership_id}', {
      params: { path: { group_id: groupId, membership_id: membershipId } },
      body: { role },
    }),
  );
}

export function removeMember(groupId: GroupId, membershipId: string) {
  return unwrap(
    api.DELETE('/api/v1/groups/{group_id}/members/{membership_id}', {
      params: { path: { group_id: groupId, membership_id: membershipId } },
    }),
  );
}

export function leaveGroup(groupId: GroupId) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/leave', { params: { path: { group_id: groupId } } }),
  );
}
