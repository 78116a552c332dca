import type { Role } from '../api/types';

export const ROLES: readonly Role[] = ['owner', 'organiser', 'member', 'observer'];

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  organiser: 'Organiser',
  member: 'Member',
  observer: 'Observer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Everything an organiser can do, plus renaming the group and naming other owners.',
  organiser: 'Manages members and invites, and all of the group’s records.',
  member: 'Logs contacts, conversations and follow-ups.',
  observer: 'Can read the group’s records but not change them.',
};

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

/** "an organiser", "a member": for sentences such as "Ana is now an organiser". */
export function roleWithArticle(role: string): string {
  const label = roleLabel(role).toLowerCase();
  return /^[aeiou]/.test(label) ? `an ${label}` : `a ${label}`;
}
