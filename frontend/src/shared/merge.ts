/**
 * Merging an edit with a change someone else saved first (a 409 from the
 * API). Three versions of each field: `base` (what this person read before
 * editing), `mine` (what they want now) and `theirs` (what is saved now).
 */

export type Side = 'mine' | 'theirs';

export type FieldStatus =
  /** Only this person changed it: keep theirs only if they say so. */
  | 'mine'
  /** Only the other person changed it. */
  | 'theirs'
  /** Both changed it to the same value. */
  | 'agreed'
  /** Both changed it differently: the person must choose. */
  | 'conflict';

export interface MergeField<K extends string = string> {
  name: K;
  base: unknown;
  mine: unknown;
  theirs: unknown;
  status: FieldStatus;
}

/** Blank text and null mean the same to the API; lists compare item by item. */
export function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  const x = normalise(a);
  const y = normalise(b);
  if (Array.isArray(x) && Array.isArray(y)) {
    return x.length === y.length && x.every((item, i) => sameValue(item, y[i]));
  }
  return x === y;
}

/**
 * The fields that differ between any two of the three versions, each with
 * who changed it. Fields nobody changed are left out.
 */
export function diffVersions<K extends string>(
  fields: readonly K[],
  base: Readonly<Record<K, unknown>>,
  mine: Readonly<Record<K, unknown>>,
  theirs: Readonly<Record<K, unknown>>,
): MergeField<K>[] {
  const result: MergeField<K>[] = [];
  for (const name of fields) {
    const mineChanged = !sameValue(mine[name], base[name]);
    const theirsChanged = !sameValue(theirs[name], base[name]);
    if (!mineChanged && !theirsChanged) continue;
    let status: FieldStatus;
    if (mineChanged && theirsChanged) {
      status = sameValue(mine[name], theirs[name]) ? 'agreed' : 'conflict';
    } else {
      status = mineChanged ? 'mine' : 'theirs';
    }
    result.push({ name, base: base[name], mine: mine[name], theirs: theirs[name], status });
  }
  return result;
}

/** The choice made before the person touches anything: nothing for real conflicts. */
export function defaultChoices<K extends string>(diff: readonly MergeField<K>[]): Partial<Record<K, Side>> {
  const choices: Partial<Record<K, Side>> = {};
  for (const field of diff) {
    if (field.status === 'mine') choices[field.name] = 'mine';
    else if (field.status === 'theirs' || field.status === 'agreed') choices[field.name] = 'theirs';
  }
  return choices;
}

/** Conflicting fields the person has not chosen a side for yet. */
export function unresolved<K extends string>(
  diff: readonly MergeField<K>[],
  choices: Partial<Record<K, Side>>,
): K[] {
  return diff.filter((field) => choices[field.name] === undefined).map((field) => field.name);
}

/**
 * The update to send once every conflict has a side: only fields whose chosen
 * value differs from what is saved now, with the version saved now. Null when
 * a conflict is still open. An empty `changes` means nothing is left to save.
 */
export function resolveMerge<K extends string>(
  diff: readonly MergeField<K>[],
  choices: Partial<Record<K, Side>>,
  currentVersion: number,
): { changes: Partial<Record<K, unknown>>; version: number } | null {
  if (unresolved(diff, choices).length > 0) return null;
  const changes: Partial<Record<K, unknown>> = {};
  for (const field of diff) {
    if (choices[field.name] === 'mine' && !sameValue(field.mine, field.theirs)) {
      changes[field.name] = field.mine;
    }
  }
  return { changes, version: currentVersion };
}
