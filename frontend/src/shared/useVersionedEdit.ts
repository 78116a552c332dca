import { useState } from 'react';
import { VersionConflict } from '../api/conflict';
import { startConflict, type ConflictState, type SavedRecord } from './forms';

/** One save of an edit: the values, the version they rest on, and that version's values. */
export interface VersionedSave<V> {
  values: V;
  version: number;
  base: V;
}

/** An edit refused because someone saved first: this person's values, and the record as it was saved. */
export type VersionedConflict<V extends object, R> = ConflictState<V> & { mine: V; current: R };

interface Options<V extends object, R extends SavedRecord> {
  /** The values and version the edit starts from (kept when the page refetches). */
  initial: { values: V; version: number } | (() => { values: V; version: number });
  /** The fields compared when someone else saved first. */
  fields: readonly (keyof V & string)[];
  /** A saved record as the form's values. */
  valuesOf: (record: R) => V;
}

/**
 * The state every edit-with-a-version shares: the version the edit started
 * from, the form's error, and, when someone else saved first, both versions
 * to choose between. The page keeps its own mutation and calls `submit`,
 * `fail`, `resolve` and `cancel` from it and from the conflict screen.
 */
export function useVersionedEdit<V extends object, R extends SavedRecord>({ initial, fields, valuesOf }: Options<V, R>) {
  const [base, setBase] = useState(initial);
  const [conflict, setConflict] = useState<VersionedConflict<V, R> | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  return {
    base,
    conflict,
    formError,
    setFormError,
    /** The save for the form's values, resting on the version the edit started from. */
    submit(values: V): VersionedSave<V> {
      setFormError(null);
      return { values, version: base.version, base: base.values };
    },
    /**
     * For a save that failed: a version conflict opens the chooser and returns
     * the saved record; any other error goes above the form (`toFormError`
     * puts field messages next to their fields and returns the rest).
     */
    fail(error: unknown, save: VersionedSave<V>, toFormError: (error: unknown) => string | null): R | null {
      if (error instanceof VersionConflict) {
        const current = error.current as R;
        setConflict({ ...startConflict(fields, save.base, save.values, valuesOf(current), current), mine: save.values, current });
        setFormError(null);
        return current;
      }
      setConflict(null);
      setFormError(toFormError(error));
      return null;
    },
    /**
     * A choice made on the conflict screen: carry on from the saved version.
     * Returns the save to send, or null when every choice kept the saved
     * version. With `keepOpen` the chooser stays up while the save is sent.
     */
    resolve(values: V, version: number, unchanged: boolean, { keepOpen = false } = {}): VersionedSave<V> | null {
      if (conflict === null) return null;
      setBase({ values: conflict.theirs, version });
      setFormError(null);
      if (!keepOpen || unchanged) setConflict(null);
      return unchanged ? null : { values, version, base: conflict.theirs };
    },
    /** Leave the conflict screen; with `rebase`, keep editing from the saved version. */
    cancel({ rebase = false } = {}) {
      if (rebase && conflict !== null) setBase({ values: conflict.theirs, version: conflict.version });
      setConflict(null);
    },
    /** After a save: carry on from the record as saved. */
    saved(record: R) {
      setBase({ values: valuesOf(record), version: record.version });
    },
  };
}
