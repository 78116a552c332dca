import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';
import { unwrapUpdate } from './conflict';
import type { SpokenLanguageCode } from './contacts';

type Schemas = components['schemas'];
export type Workplace = Schemas['WorkplaceRead'];
export type WorkplaceCreate = Schemas['WorkplaceCreate'];
export type WorkplaceUpdate = Schemas['WorkplaceUpdate'];
export type Department = Schemas['DepartmentRead'];
export type Shift = Schemas['ShiftRead'];
export type WorkplaceChart = Schemas['WorkplaceChart'];
export type ChartCounts = Schemas['ChartCounts'];
export type ChartPerson = Schemas['ChartPerson'];
export type WorkplaceCoverage = Schemas['WorkplaceCoverage'];

const PAGE = 50;
/** Enough for every workplace of a group in pickers and lookups (the API's maximum page). */
const ALL = 200;

export const workplaceKeys = {
  all: (groupId: string) => ['groups', groupId, 'workplaces'] as const,
  one: (groupId: string, workplaceId: string) => ['groups', groupId, 'workplaces', workplaceId] as const,
};

export const workplacesQuery = (groupId: string, q: string) =>
  infiniteQueryOptions({
    queryKey: [...workplaceKeys.all(groupId), 'list', q],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/workplaces', {
          params: {
            path: { group_id: groupId },
            query: { limit: PAGE, ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });

/** Every workplace, by name: for pickers and for showing names next to ids. */
export const allWorkplacesQuery = (groupId: string) =>
  queryOptions({
    queryKey: [...workplaceKeys.all(groupId), 'lookup'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/workplaces', {
          params: { path: { group_id: groupId }, query: { limit: ALL } },
        }),
      ).then((page) => page.items),
    staleTime: 60_000,
  });

export const workplaceQuery = (groupId: string, workplaceId: string) =>
  queryOptions({
    queryKey: [...workplaceKeys.one(groupId, workplaceId), 'detail'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/workplaces/{workplace_id}', {
          params: { path: { group_id: groupId, workplace_id: workplaceId } },
        }),
      ),
  });

export const departmentsQuery = (groupId: string, workplaceId: string) =>
  queryOptions({
    queryKey: [...workplaceKeys.one(groupId, workplaceId), 'departments'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/workplaces/{workplace_id}/departments', {
          params: { path: { group_id: groupId, workplace_id: workplaceId }, query: { limit: ALL } },
        }),
      ).then((page) => page.items),
    staleTime: 60_000,
  });

export const shiftsQuery = (groupId: string, workplaceId: string) =>
  queryOptions({
    queryKey: [...workplaceKeys.one(groupId, workplaceId), 'shifts'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/workplaces/{workplace_id}/shifts', {
          params: { path: { group_id: groupId, workplace_id: workplaceId }, query: { limit: ALL } },
        }),
      ).then((page) => page.items),
    staleTime: 60_000,
  });

/**
 * The wall chart for every shift, or for one (a shift id, or `none` for no shift recorded);
 * `language` counts only the people who speak it.
 */
export const chartQuery = (
  groupId: string,
  workplaceId: string,
  shift?: string,
  language?: SpokenLanguageCode,
) =>
  queryOptions({
    queryKey: [...workplaceKeys.one(groupId, workplaceId), 'chart', shift ?? 'all', language ?? null],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/workplaces/{workplace_id}/chart', {
          params: {
            path: { group_id: groupId, workplace_id: workplaceId },
            query: {
              ...(shift === undefined ? {} : { shift }),
              ...(language === undefined ? {} : { speaks: [language] }),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/** Coverage of the workplaces listed (one page of the workplaces list at a time). */
export const coverageQuery = (groupId: string, workplaceIds: string[]) =>
  queryOptions({
    queryKey: [...workplaceKeys.all(groupId), 'coverage', workplaceIds],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/workplaces/coverage', {
          params: { path: { group_id: groupId }, query: { workplace_id: workplaceIds } },
        }),
      ).then((answer) => new Map(answer.items.map((item) => [item.workplace_id, item]))),
    enabled: workplaceIds.length > 0,
    staleTime: 60_000,
  });

export function createWorkplace(groupId: string, body: WorkplaceCreate, key: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/workplaces', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': key } },
      body,
    }),
  );
}

/** Throws VersionConflict<Workplace> when someone saved a change first. */
export function updateWorkplace(groupId: string, workplaceId: string, body: WorkplaceUpdate) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/workplaces/{workplace_id}', {
      params: { path: { group_id: groupId, workplace_id: workplaceId } },
      body,
    }),
  );
}

export function createDepartment(
  groupId: string,
  workplaceId: string,
  body: Schemas['DepartmentCreate'],
  key: string,
) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/workplaces/{workplace_id}/departments', {
      params: { path: { group_id: groupId, workplace_id: workplaceId }, header: { 'idempotency-key': key } },
      body,
    }),
  );
}

export function deleteDepartment(groupId: string, department: Department) {
  return unwrap(
    api.DELETE('/api/v1/groups/{group_id}/departments/{department_id}', {
      params: {
        path: { group_id: groupId, department_id: department.id },
        query: { version: department.version },
      },
    }),
  );
}

export function createShift(groupId: string, workplaceId: string, body: Schemas['ShiftCreate'], key: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/workplaces/{workplace_id}/shifts', {
      params: { path: { group_id: groupId, workplace_id: workplaceId }, header: { 'idempotency-key': key } },
      body,
    }),
  );
}

export function deleteShift(groupId: string, shift: Shift) {
  return unwrap(
    api.DELETE('/api/v1/groups/{group_id}/shifts/{shift_id}', {
      params: { path: { group_id: groupId, shift_id: shift.id }, query: { version: shift.version } },
    }),
  );
}

/** Throws VersionConflict<Department> when someone saved a change first. */
export function updateDepartment(groupId: string, departmentId: string, body: Schemas['DepartmentUpdate']) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/departments/{department_id}', {
      params: { path: { group_id: groupId, department_id: departmentId } },
      body,
    }),
  );
}

/** Throws VersionConflict<Shift> when someone saved a change first. */
export function updateShift(groupId: string, shiftId: string, body: Schemas['ShiftUpdate']) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/shifts/{shift_id}', {
      params: { path: { group_id: groupId, shift_id: shiftId } },
      body,
    }),
  );
}
