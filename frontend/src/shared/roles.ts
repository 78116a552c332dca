import i18next from 'i18next';
import type { Role } from '../api/types';
import { translatedLabels } from '../lib/labels';

export const ROLES: readonly Role[] = ['owner', 'organiser', 'member', 'observer'];

export const ROLE_LABELS = translatedLabels<Role>({
  owner: () => i18next.t('Owner'),
  organiser: () => i18next.t('Organiser'),
  member: () => i18next.t('Member'),
  observer: () => i18next.t('Observer'),
});

export const ROLE_DESCRIPTIONS = translatedLabels<Role>({
  owner: () => i18next.t('Everything an organiser can do, plus renaming the group and naming other owners.'),
  organiser: () => i18next.t('Manages members and invites, and all of the group’s records.'),
  member: () => i18next.t('Logs contacts, conversations and follow-ups.'),
  observer: () => i18next.t('Can read the group’s records but not change them.'),
});

/**
 * The roles someone with `myRole` may hand out or take away, mirroring the
 * server's rule: owners manage every role, organisers every role but owner.
 * The server still decides; this only avoids offering choices it will refuse.
 */
export function assignableRoles(myRole: Role): Role[] {
  if (myRole === 'owner') return [...ROLES];
  if (myRole === 'organiser') return ['organiser', 'member', 'observer'];
  return [];
}

/** Whether `myRole` may change the role of someone who now has `theirRole`. */
export function canChangeRole(myRole: Role, theirRole: Role): boolean {
  return assignableRoles(myRole).includes(theirRole);
}

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}
