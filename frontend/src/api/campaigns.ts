import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { unwrapUpdate } from './conflict';
import type { GroupId } from './types';
import type { components } from './schema';

export type StructureTest = components['schemas']['StructureTestRead'];
export type ScopedWorker = components['schemas']['ScopedWorker'];
export type Participation = components['schemas']['Participation'];
export type TestResults = components['schemas']['StructureTestResults'];
export type Tally = components['schemas']['Tally'];
export type Voter = components['schemas']['VoterRead'];
export type Chase = components['schemas']['ChaseProjection'];
export type Campaign = components['schemas']['CampaignRead'];
export type CampaignCreate = components['schemas']['CampaignCreate'];
export type CampaignUpdate = components['schemas']['CampaignUpdate'];
export type StructureTestCreate = components['schemas']['StructureTestCreate'];
export type StructureTestUpdate = components['schemas']['StructureTestUpdate'];
export type TestKind = components['schemas']['TestKind'];
export type TestProgress = components['schemas']['TestProgress'];
export type GroupDashboard = components['schemas']['GroupDashboard'];
export type CommitteeCoverage = components['schemas']['CommitteeCoverage'];
export type SignatureMethod = components['schemas']['SignatureMethod'];

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
  campaigns: (groupId: GroupId) => ['groups', groupId, 'campaigns'] as const,
  campaign: (groupId: GroupId, campaignId: string) => ['groups', groupId, 'campaigns', campaignId] as const,
  tests: (groupId: GroupId, campaignId: string) => ['groups', groupId, 'campaigns', campaignId, 'tests'] as const,
  progress: (groupId: GroupId) => ['groups', groupId, 'campaigns', 'progress'] as const,
  dashboard: (groupId: GroupId) => ['groups', groupId, 'dashboard'] as const,
  coverage: (groupId: GroupId, workplaceId: string | null) => ['groups', groupId, 'committee-coverage', workplaceId] as const,
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

/** A petition's signature: when and how it was given (only for petitions, only with "took part"). */
export interface Signature {
  signedOn: string;
  method: SignatureMethod;
}

export function recordResponse(
  groupId: GroupId,
  testId: string,
  contactId: string,
  status: Participation,
  signature: Signature | null = null,
) {
  return unwrap(
    api.PUT('/api/v1/groups/{group_id}/structure-tests/{test_id}/workers/{contact_id}', {
      params: { path: { group_id: groupId, test_id: testId, contact_id: contactId } },
      body:
        signature && status === 'took_part'
          ? { status, signed_on: signature.signedOn, signature_method: signature.method }
          : { status },
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

// --- campaigns and their ladders ----------------------------------------------------------

/** Every campaign of the group (a group runs a handful at a time). */
export const campaignsQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: campaignKeys.campaigns(groupId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/campaigns', {
          params: { path: { group_id: groupId }, query: { limit: MAX_PAGE, sort: 'name' } },
        }),
      ).then((page) => page.items),
  });

export const campaignQuery = (groupId: GroupId, campaignId: string) =>
  queryOptions({
    queryKey: campaignKeys.campaign(groupId, campaignId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/campaigns/{campaign_id}', {
          params: { path: { group_id: groupId, campaign_id: campaignId } },
        }),
      ),
  });

/** A campaign's ladder, lowest rung first. */
export const campaignTestsQuery = (groupId: GroupId, campaignId: string) =>
  queryOptions({
    queryKey: campaignKeys.tests(groupId, campaignId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/campaigns/{campaign_id}/tests', {
          params: { path: { group_id: groupId, campaign_id: campaignId } },
        }),
      ),
  });

/** Every structure test's progress (counts only), for the campaigns list and a ladder. */
export const testProgressQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: campaignKeys.progress(groupId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/structure-test-progress', {
          params: { path: { group_id: groupId } },
        }),
      ),
  });

export function createCampaign(groupId: GroupId, body: CampaignCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/campaigns', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function updateCampaign(groupId: GroupId, campaignId: string, body: CampaignUpdate) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/campaigns/{campaign_id}', {
      params: { path: { group_id: groupId, campaign_id: campaignId } },
      body,
    }),
  );
}

export function createStructureTest(
  groupId: GroupId,
  campaignId: string,
  body: StructureTestCreate,
  idempotencyKey: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/campaigns/{campaign_id}/tests', {
      params: { path: { group_id: groupId, campaign_id: campaignId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function updateStructureTest(groupId: GroupId, testId: string, body: StructureTestUpdate) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/structure-tests/{test_id}', {
      params: { path: { group_id: groupId, test_id: testId } },
      body,
    }),
  );
}

// --- planning: the dashboard and committee coverage -------------------------------------

export const dashboardQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: campaignKeys.dashboard(groupId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/dashboard', {
          params: { path: { group_id: groupId } },
        }),
      ),
  });

export const committeeCoverageQuery = (groupId: GroupId, workplaceId: string | null) =>
  queryOptions({
    queryKey: campaignKeys.coverage(groupId, workplaceId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/committee-coverage', {
          params: { path: { group_id: groupId }, query: workplaceId ? { workplace_id: workplaceId } : {} },
        }),
      ),
  });
