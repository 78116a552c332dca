import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { GroupId } from './types';

export const myGroupsQuery = infiniteQueryOptions({
  queryKey: ['groups', 'mine'],
  queryFn: ({ pageParam }) =>
    unwrap(
      api.GET('/api/v1/groups', {
        params: { query: pageParam === null ? {} : { cursor: pageParam } },
      }),
    ),
  initialPageParam: null as string | null,
  getNextPageParam: (page) => page.next_cursor ?? undefined,
});

export const groupQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: ['groups', groupId, 'detail'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/groups/{group_id}', { params: { path: { group_id: groupId } } })),
  });

export function createGroup(body: { name: string }) {
  return unwrap(api.POST('/api/v1/groups', { body }));
}

/** Where a person lands after logging in: their group's Home when they belong to just one. */
export async function landingPage(queryClient: QueryClient): Promise<string> {
  const groups = await queryClient.infiniteQuery(myGroupsQuery).catch(() => null);
  const first = groups?.pages[0];
  const only = first !== undefined && first.next_cursor == null && first.items.length === 1 ? first.items[0] : undefined;
  return only === undefined ? '/groups' : `/groups/${only.id}`;
}
