import type { GroupDetail } from '../api/types';

/** Permission names the server lists in a group's `permissions`. */
export const PERMISSIONS = {
  manageGroup: 'group:manage',
  manageMembers: 'members:manage',
  manageInvites: 'invites:manage',
  readRecords: 'records:read',
  writeContacts: 'contacts:write',
  deleteContacts: 'contacts:delete',
  writeConversations: 'conversations:write',
  writeWorkplaces: 'workplaces:write',
  writeFollowUps: 'followups:write',
} as const;

export type PermissionName = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

export function can(group: Pick<GroupDetail, 'permissions'>, permission: PermissionName): boolean {
  return group.permissions.includes(permission);
}
