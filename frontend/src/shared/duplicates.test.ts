import { describe, expect, it } from 'vitest';
import { duplicateReason } from './duplicates';

describe('duplicateReason', () => {
  it('says the workplace is the one on the form before saving, and names it after', () => {
    expect(duplicateReason('name_at_workplace', { beforeSaving: true })).toBe('same name here');
    expect(duplicateReason('name_at_workplace')).toBe('same name at the same workplace');
    expect(duplicateReason('phone')).toBe('same phone');
    expect(duplicateReason('email', { beforeSaving: true })).toBe('same email');
    expect(duplicateReason('similar_name')).toBe('similar name');
  });
});
