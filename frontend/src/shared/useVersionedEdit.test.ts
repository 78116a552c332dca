import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { VersionConflict } from '../api/conflict';
import { useVersionedEdit } from './useVersionedEdit';

interface Values {
  title: string;
  notes: string;
}
interface Saved extends Values {
  version: number;
  updated_at: string;
  updated_by: string | null;
}

const FIELDS = ['title', 'notes'] as const;
const valuesOf = (record: Saved): Values => ({ title: record.title, notes: record.notes });
const saved: Saved = { title: 'Pay claim', notes: '', version: 3, updated_at: '2026-01-02T10:00:00Z', updated_by: null };

function conflictWith(current: Saved) {
  return new VersionConflict(new ApiError({ status: 409, code: 'version_conflict', detail: 'Changed' }), current);
}

function setup() {
  return renderHook(() =>
    useVersionedEdit<Values, Saved>({
      initial: () => ({ values: valuesOf(saved), version: saved.version }),
      fields: FIELDS,
      valuesOf,
    }),
  );
}

describe('useVersionedEdit', () => {
  it('saves from the version the edit started from', () => {
    const { result } = setup();
    const save = result.current.submit({ title: 'Pay claim 2026', notes: '' });
    expect(save).toEqual({
      values: { title: 'Pay claim 2026', notes: '' },
      version: 3,
      base: { title: 'Pay claim', notes: '' },
    });
  });

  it('opens the chooser on a version conflict and carries on from the saved version', () => {
    const { result } = setup();
    const save = result.current.submit({ title: 'Pay claim 2026', notes: '' });
    const theirs: Saved = { ...saved, notes: 'Meeting on Friday', version: 4, updated_by: 'user-2' };
    let returned: Saved | null = null;
    act(() => {
      returned = result.current.fail(conflictWith(theirs), save, () => 'not used');
    });
    expect(returned).toEqual(theirs);
    const conflict = result.current.conflict;
    expect(conflict?.version).toBe(4);
    expect(conflict?.updatedBy).toBe('user-2');
    expect(conflict?.diff.map((field) => field.name).sort()).toEqual(['notes', 'title']);

    let next: ReturnType<typeof result.current.resolve> = null;
    act(() => {
      next = result.current.resolve({ title: 'Pay claim 2026', notes: 'Meeting on Friday' }, 4, false);
    });
    expect(next).toEqual({
      values: { title: 'Pay claim 2026', notes: 'Meeting on Friday' },
      version: 4,
      base: { title: 'Pay claim', notes: 'Meeting on Friday' },
    });
    expect(result.current.conflict).toBeNull();
    expect(result.current.base).toEqual({ values: valuesOf(theirs), version: 4 });
  });

  it('sends nothing when every choice kept the saved version', () => {
    const { result } = setup();
    const save = result.current.submit({ title: 'Pay claim 2026', notes: '' });
    act(() => {
      result.current.fail(conflictWith({ ...saved, title: 'Pay', version: 4 }), save, () => null);
    });
    let next: ReturnType<typeof result.current.resolve> = null;
    act(() => {
      next = result.current.resolve({ title: 'Pay', notes: '' }, 4, true);
    });
    expect(next).toBeNull();
    expect(result.current.conflict).toBeNull();
  });

  it('puts any other error above the form', () => {
    const { result } = setup();
    const save = result.current.submit({ title: '', notes: '' });
    act(() => {
      result.current.fail(new ApiError({ status: 500, code: 'http_500', detail: 'Broken' }), save, (error) =>
        error instanceof ApiError ? error.detail : null,
      );
    });
    expect(result.current.formError).toBe('Broken');
    expect(result.current.conflict).toBeNull();
  });
});
