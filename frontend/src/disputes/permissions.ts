import type { GroupDetail } from '../api/types';

/** Permission names from the group's `permissions` list that these pages use. */
export const RECORD_PERMISSIONS = {
  disputesWrite: 'disputes:write',
  actionsWrite: 'actions:write',
  settingsManage: 'settings:manage',
  groupManage: 'group:manage',
} as const;

export type RecordPermission = (typeof RECORD_PERMISSIONS)[keyof typeof RECORD_PERMISSIONS];

/** Whether to offer a control; the server still decides. */
export function allows(group: Pick<GroupDetail, 'permissions'>, permission: RecordPermission): boolean {
  return group.permissions.includes(permission);
}
