import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { unwrapUpdate } from './conflict';
import type { GroupId } from './types';
import type {
  BallotCreate,
  BallotUpdate,
  DemandStatus,
  DisputeCreate,
  DisputePart,
  DisputeStatus,
  DisputeUpdate,
  EventKind,
  FundEntryCreate,
} from './disputeTypes';

export const DISPUTES_PAGE_SIZE = 50;
/** The most rows one request may ask for. */
const MAX_PAGE = 200;

export interface DisputeFilters {
  status?: DisputeStatus[];
  workplace?: string;
  union?: string;
  q?: string;
  sort?: string;
}

export const disputeKeys = {
  all: (groupId: GroupId) => ['groups', groupId, 'disputes'] as const,
  board: (groupId: GroupId) => ['groups', groupId, 'disputes', 'board'] as const,
  list: (groupId: GroupId, filters: DisputeFilters) =>
    ['groups', groupId, 'disputes', 'list', filters] as const,
  detail: (groupId: GroupId, disputeId: string) =>
    ['groups', groupId, 'disputes', 'one', disputeId] as const,
  ballots: (groupId: GroupId, disputeId: string) =>
    ['groups', groupId, 'disputes', 'one', disputeId, 'ballots'] as const,
  events: (groupId: GroupId, disputeId: string) =>
    ['groups', groupId, 'disputes', 'one', disputeId, 'events'] as const,
  people: (groupId: GroupId, disputeId: string) =>
    ['groups', groupId, 'disputes', 'one', disputeId, 'people'] as const,
  fund: (groupId: GroupId, disputeId: string) =>
    ['groups', groupId, 'disputes', 'one', disputeId, 'fund'] as const,
  ballot: (groupId: GroupId, ballotId: string) => ['groups', groupId, 'ballots', ballotId] as const,
};

function listDisputes(groupId: GroupId, filters: DisputeFilters, limit: number, cursor: string | null) {
  return unwrap(
    api.GET('/api/v1/groups/{group_id}/disputes', {
      params: {
        path: { group_id: groupId },
        query: {
          limit,
          ...(cursor === null ? {} : { cursor }),
          ...(filters.status && filters.status.length > 0 ? { status: filters.status } : {}),
          ...(filters.workplace ? { workplace_id: filters.workplace } : {}),
          ...(filters.union ? { union: filters.union } : {}),
          ...(filters.q ? { q: filters.q } : {}),
          ...(filters.sort ? { sort: filters.sort } : {}),
        },
      },
    }),
  );
}

/** Every dispute of the group, for the board (groups rarely have more than a few dozen). */
export const disputeBoardQuery = (groupId: GroupId, filters: Omit<DisputeFilters, 'status' | 'sort'> = {}) =>
  queryOptions({
    queryKey: [...disputeKeys.board(groupId), filters] as const,
    queryFn: async () => {
      const items = [];
      let cursor: string | null = null;
      do {
        const page = await listDisputes(groupId, { ...filters, sort: '-updated_at' }, MAX_PAGE, cursor);
        items.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor !== null);
      return items;
    },
    placeholderData: keepPreviousData,
  });

export const disputeListQuery = (groupId: GroupId, filters: DisputeFilters) =>
  infiniteQueryOptions({
    queryKey: disputeKeys.list(groupId, filters),
    queryFn: ({ pageParam }) => listDisputes(groupId, filters, DISPUTES_PAGE_SIZE, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });

export const disputeQuery = (groupId: GroupId, disputeId: string) =>
  queryOptions({
    queryKey: disputeKeys.detail(groupId, disputeId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/disputes/{dispute_id}', {
          params: { path: { group_id: groupId, dispute_id: disputeId } },
        }),
      ),
  });

export const ballotsQuery = (groupId: GroupId, disputeId: string) =>
  queryOptions({
    queryKey: disputeKeys.ballots(groupId, disputeId),
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/api/v1/groups/{group_id}/disputes/{dispute_id}/ballots', {
          params: { path: { group_id: groupId, dispute_id: disputeId }, query: { limit: MAX_PAGE } },
        }),
      );
      return page.items;
    },
  });

export const ballotQuery = (groupId: GroupId, ballotId: string) =>
  queryOptions({
    queryKey: disputeKeys.ballot(groupId, ballotId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/ballots/{ballot_id}', {
          params: { path: { group_id: groupId, ballot_id: ballotId } },
        }),
      ),
  });

export const eventsQuery = (groupId: GroupId, disputeId: string) =>
  infiniteQueryOptions({
    queryKey: disputeKeys.events(groupId, disputeId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/disputes/{dispute_id}/events', {
          params: {
            path: { group_id: groupId, dispute_id: disputeId },
            query: { limit: 100, ...(pageParam === null ? {} : { cursor: pageParam }) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export const peopleQuery = (groupId: GroupId, disputeId: string) =>
  infiniteQueryOptions({
    queryKey: disputeKeys.people(groupId, disputeId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/disputes/{dispute_id}/contacts', {
          params: {
            path: { group_id: groupId, dispute_id: disputeId },
            query: { limit: 100, ...(pageParam === null ? {} : { cursor: pageParam }) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

/** The group's workplaces by name, for pickers and filters. */
export const workplaceOptionsQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: ['groups', groupId, 'workplaces', 'options'] as const,
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/api/v1/groups/{group_id}/workplaces', {
          params: { path: { group_id: groupId }, query: { limit: MAX_PAGE, sort: 'name' } },
        }),
      );
      return page.items;
    },
    staleTime: 60_000,
  });

// --- disputes ---------------------------------------------------------------------------

export function createDispute(groupId: GroupId, body: DisputeCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/disputes', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function updateDispute(groupId: GroupId, disputeId: string, body: DisputeUpdate) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/disputes/{dispute_id}', {
      params: { path: { group_id: groupId, dispute_id: disputeId } },
      body,
    }),
  );
}

export function deleteDispute(groupId: GroupId, disputeId: string, version: number) {
  return unwrapUpdate(
    api.DELETE('/api/v1/groups/{group_id}/disputes/{dispute_id}', {
      params: { path: { group_id: groupId, dispute_id: disputeId }, query: { version } },
    }),
  );
}

// --- demands ----------------------------------------------------------------------------

/** The strike fund's ledger, latest first. */
export const fundEntriesQuery = (groupId: GroupId, disputeId: string) =>
  infiniteQueryOptions({
    queryKey: disputeKeys.fund(groupId, disputeId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/disputes/{dispute_id}/fund-entries', {
          params: {
            path: { group_id: groupId, dispute_id: disputeId },
            query: { limit: 100, ...(pageParam === null ? {} : { cursor: pageParam }) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

export function createFundEntry(groupId: GroupId, disputeId: string, body: FundEntryCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/disputes/{dispute_id}/fund-entries', {
      params: {
        path: { group_id: groupId, dispute_id: disputeId },
        header: { 'idempotency-key': idempotencyKey },
      },
      body,
    }),
  );
}

export function reverseFundEntry(groupId: GroupId, entryId: string, description: string | null, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/fund-entries/{entry_id}/reversal', {
      params: {
        path: { group_id: groupId, entry_id: entryId },
        header: { 'idempotency-key': idempotencyKey },
      },
      body: { description },
    }),
  );
}

export function createDemand(
  groupId: GroupId,
  disputeId: string,
  body: { text: string; status: DemandStatus },
  idempotencyKey: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/disputes/{dispute_id}/demands', {
      params: {
        path: { group_id: groupId, dispute_id: disputeId },
        header: { 'idempotency-key': idempotencyKey },
      },
      body,
    }),
  );
}

export function updateDemand(
  groupId: GroupId,
  disputeId: string,
  demandId: string,
  body: { version: number; text?: string; status?: DemandStatus; position?: number },
) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/disputes/{dispute_id}/demands/{demand_id}', {
      params: { path: { group_id: groupId, dispute_id: disputeId, demand_id: demandId } },
      body,
    }),
  );
}

export function deleteDemand(groupId: GroupId, disputeId: string, demandId: string, version: number) {
  return unwrapUpdate(
    api.DELETE('/api/v1/groups/{group_id}/disputes/{dispute_id}/demands/{demand_id}', {
      params: {
        path: { group_id: groupId, dispute_id: disputeId, demand_id: demandId },
        query: { version },
      },
    }),
  );
}

// --- timeline ---------------------------------------------------------------------------

export interface EventBody {
  kind: EventKind;
  occurs_on: string;
  title: string;
  notes: string | null;
}

export function createEvent(groupId: GroupId, disputeId: string, body: EventBody, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/disputes/{dispute_id}/events', {
      params: {
        path: { group_id: groupId, dispute_id: disputeId },
        header: { 'idempotency-key': idempotencyKey },
      },
      body,
    }),
  );
}

export function updateEvent(
  groupId: GroupId,
  disputeId: string,
  eventId: string,
  body: EventBody & { version: number },
) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/disputes/{dispute_id}/events/{event_id}', {
      params: { path: { group_id: groupId, dispute_id: disputeId, event_id: eventId } },
      body,
    }),
  );
}

export function getEvent(groupId: GroupId, disputeId: string, eventId: string) {
  return unwrap(
    api.GET('/api/v1/groups/{group_id}/disputes/{dispute_id}/events/{event_id}', {
      params: { path: { group_id: groupId, dispute_id: disputeId, event_id: eventId } },
    }),
  );
}

export function deleteEvent(groupId: GroupId, disputeId: string, eventId: string, version: number) {
  return unwrapUpdate(
    api.DELETE('/api/v1/groups/{group_id}/disputes/{dispute_id}/events/{event_id}', {
      params: {
        path: { group_id: groupId, dispute_id: disputeId, event_id: eventId },
        query: { version },
      },
    }),
  );
}

// --- people -----------------------------------------------------------------------------

export function linkPerson(
  groupId: GroupId,
  disputeId: string,
  body: { contact_id: string; part: DisputePart },
  idempotencyKey: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/disputes/{dispute_id}/contacts', {
      params: {
        path: { group_id: groupId, dispute_id: disputeId },
        header: { 'idempotency-key': idempotencyKey },
      },
      body,
    }),
  );
}

export function changePart(
  groupId: GroupId,
  disputeId: string,
  contactId: string,
  body: { part: DisputePart; version: number },
) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/disputes/{dispute_id}/contacts/{contact_id}', {
      params: { path: { group_id: groupId, dispute_id: disputeId, contact_id: contactId } },
      body,
    }),
  );
}

export function unlinkPerson(groupId: GroupId, disputeId: string, contactId: string, version: number) {
  return unwrapUpdate(
    api.DELETE('/api/v1/groups/{group_id}/disputes/{dispute_id}/contacts/{contact_id}', {
      params: {
        path: { group_id: groupId, dispute_id: disputeId, contact_id: contactId },
        query: { version },
      },
    }),
  );
}

// --- ballots ----------------------------------------------------------------------------

export function createBallot(
  groupId: GroupId,
  disputeId: string,
  body: BallotCreate,
  idempotencyKey: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/disputes/{dispute_id}/ballots', {
      params: {
        path: { group_id: groupId, dispute_id: disputeId },
        header: { 'idempotency-key': idempotencyKey },
      },
      body,
    }),
  );
}

export function updateBallot(groupId: GroupId, ballotId: string, body: BallotUpdate) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/ballots/{ballot_id}', {
      params: { path: { group_id: groupId, ballot_id: ballotId } },
      body,
    }),
  );
}

export function deleteBallot(groupId: GroupId, ballotId: string, version: number) {
  return unwrapUpdate(
    api.DELETE('/api/v1/groups/{group_id}/ballots/{ballot_id}', {
      params: { path: { group_id: groupId, ballot_id: ballotId }, query: { version } },
    }),
  );
}
