import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';

/**
 * The group's members by user id, for showing who did what and for picking
 * an assignee or organiser (the API's largest page).
 */
export const memberDirectoryQuery = (groupId: string) =>
  queryOptions({
    queryKey: ['groups', groupId, 'members', 'directory'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/members', {
          params: { path: { group_id: groupId }, query: { limit: 200 } },
        }),
      ).then((page) => page.items),
    staleTime: 60_000,
  });
