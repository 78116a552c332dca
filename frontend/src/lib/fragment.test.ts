import { describe, expect, it } from 'vitest';
import { fragmentFor, inviteLink, readFragmentParam } from './fragment';

describe('readFragmentParam', () => {
  it('reads a token with or without the leading #', () => {
    expect(readFragmentParam('#token=abc_DEF-123', 'token')).toBe('abc_DEF-123');
    expect(readFragmentParam('token=abc', 'token')).toBe('abc');
  });

  it('finds the key among other parameters and decodes it', () => {
    expect(readFragmentParam('#a=1&token=x%2By%3D&b=2', 'token')).toBe('x+y=');
  });

  it('returns null for a missing, empty or blank value', () => {
    expect(readFragmentParam('', 'token')).toBeNull();
    expect(readFragmentParam('#', 'token')).toBeNull();
    expect(readFragmentParam('#token=', 'token')).toBeNull();
    expect(readFragmentParam('#token=%20', 'token')).toBeNull();
    expect(readFragmentParam('#invite=abc', 'token')).toBeNull();
  });
});

describe('inviteLink', () => {
  it('puts the token in the fragment of /join, so it never reaches a server', () => {
    const link = inviteLink('https://shopfloor.example.org', 'tok/en+1=');
    const url = new URL(link);
    expect(url.pathname).toBe('/join');
    expect(url.search).toBe('');
    expect(readFragmentParam(url.hash, 'token')).toBe('tok/en+1=');
  });

  it('round-trips through fragmentFor', () => {
    expect(readFragmentParam(fragmentFor('invite', 'a&b=c'), 'invite')).toBe('a&b=c');
  });
});
