import { describe, expect, it } from 'vitest';
import { safeRedirect } from './session';

describe('safeRedirect', () => {
  it('accepts paths inside the app', () => {
    expect(safeRedirect('/groups/1/members')).toBe('/groups/1/members');
    expect(safeRedirect('/join#token=abc')).toBe('/join#token=abc');
  });

  it('refuses other sites and odd values', () => {
    expect(safeRedirect('https://evil.example')).toBeNull();
    expect(safeRedirect('//evil.example')).toBeNull();
    expect(safeRedirect('/\\evil.example')).toBeNull();
    expect(safeRedirect('groups')).toBeNull();
    expect(safeRedirect(undefined)).toBeNull();
    expect(safeRedirect(42)).toBeNull();
  });
});
