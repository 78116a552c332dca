import type { GroupDetail } from '../api/types';

/** Permission names the server lists in a group's `permissions`. */
export const PERMISSIONS = {
  manageGroup: 'group:manage',
  manageMembers: 'members:manage',
  manageInvites: 'invites:manage',
} as const;

export type PermissionName = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

export function can(group: Pick<GroupDetail, 'permissions'>, permission: PermissionName): boolean {
  return group.permissions.includes(permission);
}
