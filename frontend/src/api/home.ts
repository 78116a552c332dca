import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { ACTIVE_STATUSES } from './disputeTypes';

export const recentConversationsQuery = (groupId: string, limit = 8) =>
  queryOptions({
    queryKey: ['groups', groupId, 'conversations', 'recent', limit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/conversations', {
          params: { path: { group_id: groupId }, query: { limit, sort: '-occurred_at' } },
        }),
      ).then((page) => page.items),
  });

/** Disputes not yet settled or dropped, most recently changed first. */
export const disputesInProgressQuery = (groupId: string, limit = 5) =>
  queryOptions({
    queryKey: ['groups', groupId, 'disputes', 'in-progress', limit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/disputes', {
          params: {
            path: { group_id: groupId },
            query: { status: [...ACTIVE_STATUSES], limit, sort: '-updated_at' },
          },
        }),
      ).then((page) => page.items),
  });
