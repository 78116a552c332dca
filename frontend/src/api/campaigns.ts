import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { GroupId } from './types';
import type { components } from './schema';

export type StructureTest = components['schemas']['StructureTestRead'];
export type ScopedWorker = components['schemas']['ScopedWorker'];
export type Participation = components['schemas']['Participation'];
export type TestResults = components['schemas']['StructureTestResults'];
export type Tally = components['schemas']['Tally'];
export type Voter = components['schemas']['VoterRead'];
export type Chase = components['schemas']['ChaseProjection'];

/** The most rows one request may ask for. */
const MAX_PAGE = 200;

export interface WorkerFilters {
  mine?: boolean;
  department?: string;
  status?: Participation;
}

export interface RollFilters {
  mine?: boolean;
  notVoted?: boolean;
}

export const campaignKeys = {
  test: (groupId: GroupId, testId: string) => ['groups', groupId, 'structure-tests', testId] as const,
  workers: (groupId: GroupId, testId: string, filters: WorkerFilters) =>
    ['groups', groupId, 'structure-tests', testId, 'workers', filters] as const,
  results: (groupId: GroupId, testId: string) => ['groups', groupId, 'structure-tests', testId, 'results'] as const,
  ballot: (groupId: GroupId, ballotId: string) => ['groups', groupId, 'ballot-chase', ballotId] as const,
  roll: (groupId: GroupId, ballotId: string, filters: RollFilters) =>
    ['groups', groupId, 'ballot-chase', ballotId, 'roll', filters] as const,
  chase: (groupId: GroupId, ballotId: string) => ['groups', groupId, 'ballot-chase', ballotId, 'chase'] as const,
};

export const structureTestQuery = (groupId: GroupId, testId: string) =>
  queryOptions({
    queryKey: campaignKeys.test(groupId, testId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/structure-tests/{test_id}', {
          params: { path: { group_id: groupId, test_id: testId } },
        }),
      ),
  });

/** The first page of the tick-list (a phone works through a few hundred at most). */
export const testWorkersQuery = (groupId: GroupId, testId: string, filters: WorkerFilters) =>
  queryOptions({
    queryKey: campaignKeys.workers(groupId, testId, filters),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/structure-tests/{test_id}/workers', {
          params: {
            path: { group_id: groupId, test_id: testId },
            query: {
              limit: MAX_PAGE,
              ...(filters.mine ? { mine: true } : {}),
              ...(filters.department ? { department_id: filters.department } : {}),
              ...(filters.status ? { status: [filters.status] } : {}),
            },
          },
        }),
      ),
  });

export const testResultsQuery = (groupId: GroupId, testId: string) =>
  queryOptions({
    queryKey: campaignKeys.results(groupId, testId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/structure-tests/{test_id}/results', {
          params: { path: { group_id: groupId, test_id: testId } },
        }),
      ),
  });

export function recordResponse(groupId: GroupId, testId: string, contactId: string, status: Participation) {
  return unwrap(
    api.PUT('/api/v1/groups/{group_id}/structure-tests/{test_id}/workers/{contact_id}', {
      params: { path: { group_id: groupId, test_id: testId, contact_id: contactId } },
      body: { status },
    }),
  );
}

export const rollQuery = (groupId: GroupId, ballotId: string, filters: RollFilters) =>
  queryOptions({
    queryKey: campaignKeys.roll(groupId, ballotId, filters),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/ballots/{ballot_id}/roll', {
          params: {
            path: { group_id: groupId, ballot_id: ballotId },
            query: {
              limit: MAX_PAGE,
              ...(filters.mine ? { mine: true } : {}),
              ...(filters.notVoted ? { not_voted: true } : {}),
            },
          },
        }),
      ),
  });

export const chaseQuery = (groupId: GroupId, ballotId: string) =>
  queryOptions({
    queryKey: campaignKeys.chase(groupId, ballotId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/ballots/{ballot_id}/chase', {
          params: { path: { group_id: groupId, ballot_id: ballotId } },
        }),
      ),
  });

export function addMembersToRoll(groupId: GroupId, ballotId: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/ballots/{ballot_id}/roll', {
      params: { path: { group_id: groupId, ballot_id: ballotId } },
      body: { members_at_dispute_workplaces: true },
    }),
  );
}

export type ChaseStep = 'address_checked' | 'paper_received' | 'voted';

export function tickVoter(groupId: GroupId, ballotId: string, contactId: string, step: ChaseStep, ticked: boolean) {
  return unwrap(
    api.PATCH('/api/v1/groups/{group_id}/ballots/{ballot_id}/roll/{contact_id}', {
      params: { path: { group_id: groupId, ballot_id: ballotId, contact_id: contactId } },
      body: { [step]: ticked },
    }),
  );
}
