import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { unwrapUpdate } from './conflict';
import type { GroupId } from './types';
import type { components } from './schema';

export type ActionKind = components['schemas']['ActionKind'];
export type SolidarityAction = components['schemas']['ActionRead'];
export type ActionCreate = components['schemas']['ActionCreate'];
export type ActionUpdate = components['schemas']['ActionUpdate'];

export const ACTIONS_PAGE_SIZE = 50;
/** The most rows one request may ask for. */
const MAX_PAGE = 200;

export interface ActionFilters {
  kind?: ActionKind[];
  dispute?: string;
  q?: string;
  /** Taking place at or after / before, ISO times with zone. */
  from?: string;
  to?: string;
}

export const actionKeys = {
  all: (groupId: GroupId) => ['groups', groupId, 'actions'] as const,
  list: (groupId: GroupId, filters: ActionFilters) => ['groups', groupId, 'actions', 'list', filters] as const,
  range: (groupId: GroupId, filters: ActionFilters) => ['groups', groupId, 'actions', 'range', filters] as const,
  detail: (groupId: GroupId, actionId: string) => ['groups', groupId, 'actions', 'one', actionId] as const,
};

function listActions(groupId: GroupId, filters: ActionFilters, limit: number, cursor: string | null, sort?: string) {
  return unwrap(
    api.GET('/api/v1/groups/{group_id}/actions', {
      params: {
        path: { group_id: groupId },
        query: {
          limit,
          ...(cursor === null ? {} : { cursor }),
          ...(sort === undefined ? {} : { sort }),
          ...(filters.kind && filters.kind.length > 0 ? { kind: filters.kind } : {}),
          ...(filters.dispute ? { dispute_id: filters.dispute } : {}),
          ...(filters.q ? { q: filters.q } : {}),
          ...(filters.from ? { from: filters.from } : {}),
          ...(filters.to ? { to: filters.to } : {}),
        },
      },
    }),
  );
}

/** The list, latest first, a page at a time; every page carries the filters' total raised. */
export const actionListQuery = (groupId: GroupId, filters: ActionFilters) =>
  infiniteQueryOptions({
    queryKey: actionKeys.list(groupId, filters),
    queryFn: ({ pageParam }) => listActions(groupId, filters, ACTIONS_PAGE_SIZE, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });

/** Every action in a period (a calendar month), oldest first, with the period's total raised. */
export const actionRangeQuery = (groupId: GroupId, filters: ActionFilters) =>
  queryOptions({
    queryKey: actionKeys.range(groupId, filters),
    queryFn: async () => {
      const items: SolidarityAction[] = [];
      let total = '0';
      let cursor: string | null = null;
      do {
        const page = await listActions(groupId, filters, MAX_PAGE, cursor, 'occurs_at');
        items.push(...page.items);
        total = page.total_money_raised;
        cursor = page.next_cursor;
      } while (cursor !== null);
      return { items, total_money_raised: total };
    },
    placeholderData: keepPreviousData,
  });

export const actionQuery = (groupId: GroupId, actionId: string) =>
  queryOptions({
    queryKey: actionKeys.detail(groupId, actionId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/actions/{action_id}', {
          params: { path: { group_id: groupId, action_id: actionId } },
        }),
      ),
  });

export function createAction(groupId: GroupId, body: ActionCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/actions', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function updateAction(groupId: GroupId, actionId: string, body: ActionUpdate) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/actions/{action_id}', {
      params: { path: { group_id: groupId, action_id: actionId } },
      body,
    }),
  );
}

export function deleteAction(groupId: GroupId, actionId: string, version: number) {
  return unwrapUpdate(
    api.DELETE('/api/v1/groups/{group_id}/actions/{action_id}', {
      params: { path: { group_id: groupId, action_id: actionId }, query: { version } },
    }),
  );
}
