import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { GroupId } from './types';
import type { components } from './schema';

export type Meeting = components['schemas']['MeetingRead'];
export type MeetingCreate = components['schemas']['MeetingCreate'];
export type AgendaItem = components['schemas']['AgendaItemRead'];
export type Motion = components['schemas']['MotionRead'];
export type MotionCreate = components['schemas']['MotionCreate'];
export type MotionStatus = components['schemas']['MotionStatus'];
export type MotionEnding = components['schemas']['MotionEnding'];
export type Decision = components['schemas']['DecisionRead'];
export type DecisionCreate = components['schemas']['DecisionCreate'];

export const meetingKeys = {
  all: (groupId: GroupId) => ['groups', groupId, 'meetings'] as const,
  list: (groupId: GroupId) => ['groups', groupId, 'meetings', 'list'] as const,
  detail: (groupId: GroupId, meetingId: string) => ['groups', groupId, 'meetings', 'one', meetingId] as const,
  agenda: (groupId: GroupId, meetingId: string) => ['groups', groupId, 'meetings', 'agenda', meetingId] as const,
  motions: (groupId: GroupId, meetingId: string) => ['groups', groupId, 'meetings', 'motions', meetingId] as const,
  motion: (groupId: GroupId, motionId: string) => ['groups', groupId, 'meetings', 'motion', motionId] as const,
  decisions: (groupId: GroupId, q: string | undefined, meetingId?: string) =>
    ['groups', groupId, 'meetings', 'decisions', q ?? '', meetingId ?? ''] as const,
};

export const meetingListQuery = (groupId: GroupId) =>
  queryOptions({
    queryKey: meetingKeys.list(groupId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/meetings', {
          params: { path: { group_id: groupId }, query: { limit: 200 } },
        }),
      ),
  });

export const meetingQuery = (groupId: GroupId, meetingId: string) =>
  queryOptions({
    queryKey: meetingKeys.detail(groupId, meetingId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/meetings/{meeting_id}', {
          params: { path: { group_id: groupId, meeting_id: meetingId } },
        }),
      ),
  });

export const agendaQuery = (groupId: GroupId, meetingId: string) =>
  queryOptions({
    queryKey: meetingKeys.agenda(groupId, meetingId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/meetings/{meeting_id}/agenda', {
          params: { path: { group_id: groupId, meeting_id: meetingId } },
        }),
      ).then((list) => list.items),
  });

export const meetingMotionsQuery = (groupId: GroupId, meetingId: string) =>
  queryOptions({
    queryKey: meetingKeys.motions(groupId, meetingId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/motions', {
          params: { path: { group_id: groupId }, query: { meeting_id: meetingId, limit: 200 } },
        }),
      ).then((page) => page.items),
  });

export const motionQuery = (groupId: GroupId, motionId: string) =>
  queryOptions({
    queryKey: meetingKeys.motion(groupId, motionId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/motions/{motion_id}', {
          params: { path: { group_id: groupId, motion_id: motionId } },
        }),
      ),
  });

export const decisionLogQuery = (groupId: GroupId, q: string | undefined, meetingId?: string) =>
  queryOptions({
    queryKey: meetingKeys.decisions(groupId, q, meetingId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/groups/{group_id}/decisions', {
          params: {
            path: { group_id: groupId },
            query: { limit: 200, ...(q ? { q } : {}), ...(meetingId ? { meeting_id: meetingId } : {}) },
          },
        }),
      ),
  });

export function createMeeting(groupId: GroupId, body: MeetingCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/meetings', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function updateAttendance(
  groupId: GroupId,
  meeting: Meeting,
  attendance: { present_ids: string[]; apologies_ids: string[] },
) {
  return unwrap(
    api.PATCH('/api/v1/groups/{group_id}/meetings/{meeting_id}', {
      params: { path: { group_id: groupId, meeting_id: meeting.id } },
      body: { ...attendance, version: meeting.version },
    }),
  );
}

export function addAgendaItem(groupId: GroupId, meetingId: string, title: string, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/meetings/{meeting_id}/agenda', {
      params: { path: { group_id: groupId, meeting_id: meetingId }, header: { 'idempotency-key': idempotencyKey } },
      body: { title },
    }),
  );
}

export function reorderAgenda(groupId: GroupId, meetingId: string, itemIds: string[]) {
  return unwrap(
    api.PUT('/api/v1/groups/{group_id}/meetings/{meeting_id}/agenda/order', {
      params: { path: { group_id: groupId, meeting_id: meetingId } },
      body: { item_ids: itemIds },
    }),
  );
}

export function writeMinutes(groupId: GroupId, item: AgendaItem, minutes: string) {
  return unwrap(
    api.PATCH('/api/v1/groups/{group_id}/agenda-items/{item_id}', {
      params: { path: { group_id: groupId, item_id: item.id } },
      body: { minutes: minutes.trim() === '' ? null : minutes, version: item.version },
    }),
  );
}

export function createMotion(groupId: GroupId, body: MotionCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/motions', {
      params: { path: { group_id: groupId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}

export function secondMotion(groupId: GroupId, motionId: string, seconderId: string | null) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/motions/{motion_id}/second', {
      params: { path: { group_id: groupId, motion_id: motionId } },
      body: seconderId ? { seconder_id: seconderId } : {},
    }),
  );
}

export function endMotion(groupId: GroupId, motionId: string, status: MotionEnding) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/motions/{motion_id}/end', {
      params: { path: { group_id: groupId, motion_id: motionId } },
      body: { status },
    }),
  );
}

export function putMotionToVote(groupId: GroupId, motionId: string, secret: boolean) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/motions/{motion_id}/vote', {
      params: { path: { group_id: groupId, motion_id: motionId } },
      body: { secret, majority: 'simple' },
    }),
  );
}

export function createDecision(groupId: GroupId, meetingId: string, body: DecisionCreate, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/groups/{group_id}/meetings/{meeting_id}/decisions', {
      params: { path: { group_id: groupId, meeting_id: meetingId }, header: { 'idempotency-key': idempotencyKey } },
      body,
    }),
  );
}
