import { diffVersions, type MergeField } from './merge';

/** An edit refused because someone saved first, waiting for the person to choose. */
export interface ConflictState<V extends object> {
  diff: MergeField<keyof V & string>[];
  /** The saved record's values, version, and who saved it when. */
  theirs: V;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** The saved record as the API sends it in a 409's `current`. */
export interface SavedRecord {
  version: number;
  updated_at: string | null;
  updated_by?: string | null;
}

export function startConflict<V extends object>(
  fields: readonly (keyof V & string)[],
  base: V,
  mine: V,
  theirs: V,
  saved: SavedRecord,
): ConflictState<V> {
  return {
    diff: diffVersions<keyof V & string>(fields, base, mine, theirs),
    theirs,
    version: saved.version,
    updatedAt: saved.updated_at ?? '',
    updatedBy: saved.updated_by ?? null,
  };
}

/** The values to save once the person has chosen: the saved record with their kept changes. */
export function withChanges<V extends object>(theirs: V, changes: Partial<Record<keyof V & string, unknown>>): V {
  return { ...theirs, ...changes };
}

/** Text or a number from an input, as a whole number or null when blank. */
export function toCount(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Any form value in words, for showing both sides of a conflict. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
