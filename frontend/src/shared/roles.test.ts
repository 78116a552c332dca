import { describe, expect, it } from 'vitest';
import { assignableRoles, canChangeRole, roleLabel } from './roles';

describe('roles', () => {
  it('lets owners manage every role and organisers all but owner', () => {
    expect(assignableRoles('owner')).toEqual(['owner', 'organiser', 'member', 'observer']);
    expect(assignableRoles('organiser')).toEqual(['organiser', 'member', 'observer']);
    expect(assignableRoles('member')).toEqual([]);
    expect(assignableRoles('observer')).toEqual([]);
  });

  it('stops organisers from changing an owner', () => {
    expect(canChangeRole('organiser', 'owner')).toBe(false);
    expect(canChangeRole('organiser', 'member')).toBe(true);
    expect(canChangeRole('owner', 'owner')).toBe(true);
    expect(canChangeRole('member', 'observer')).toBe(false);
  });

  it('names a role the app does not know by its code', () => {
    expect(roleLabel('organiser')).toBe('Organiser');
    expect(roleLabel('unknown_role')).toBe('unknown_role');
  });
});
