import type { GroupDetail, Permission } from '../api/types';

export type { Permission };

/** Whether to offer a control; the server still decides. */
export function can(group: Pick<GroupDetail, 'permissions'>, permission: Permission): boolean {
  return group.permissions.includes(permission);
}
