import type { Contact, MergeField } from '../api/contacts';
import { CONTACT_FIELDS } from './contactFields';

/** Which record a merged field's value comes from. */
export type MergeSide = 'kept' | 'merged';

export interface MergeChoice {
  key: string;
  fields: MergeField[];
}

/** Chosen together: the workplace, department and shift belong to one another. */
const PLACEMENT: readonly MergeField[] = ['workplace_id', 'department_id', 'shift_id'];

/** The choices in the form's order, the placement where the workplace is. */
export const MERGE_CHOICES: readonly MergeChoice[] = CONTACT_FIELDS.flatMap((field) => {
  if (field === 'workplace_id') return [{ key: 'placement', fields: [...PLACEMENT] }];
  return PLACEMENT.includes(field) ? [] : [{ key: field, fields: [field] }];
});

function raw(contact: Contact, fields: readonly MergeField[]): string {
  return JSON.stringify(fields.map((field) => contact[field] ?? null));
}

/** Holds nothing worth keeping: no value, an empty text or list, or a mark not set. */
function isBlank(contact: Contact, fields: readonly MergeField[]): boolean {
  return fields.every((field) => {
    const value = contact[field];
    return value === null || value === '' || value === false || (Array.isArray(value) && value.length === 0);
  });
}

/** The choices where the two records hold different values. */
export function differingChoices(kept: Contact, merged: Contact): MergeChoice[] {
  return MERGE_CHOICES.filter((choice) => raw(kept, choice.fields) !== raw(merged, choice.fields));
}

/**
 * The side chosen before the person touches anything, so nothing is lost unless they say so:
 * the merged record's value where the kept one is blank (so the committee mark of whichever
 * record has it).
 */
export function defaultSide(choice: MergeChoice, kept: Contact, merged: Contact): MergeSide {
  return isBlank(kept, choice.fields) && !isBlank(merged, choice.fields) ? 'merged' : 'kept';
}

export function defaultSides(kept: Contact, merged: Contact): Record<string, MergeSide> {
  return Object.fromEntries(
    differingChoices(kept, merged).map((choice) => [choice.key, defaultSide(choice, kept, merged)]),
  );
}

/** The fields whose value is taken from the merged record, as the API's `use_merged`. */
export function fieldsFromMerged(differing: readonly MergeChoice[], sides: Record<string, MergeSide>): MergeField[] {
  return differing.filter((choice) => (sides[choice.key] ?? 'kept') === 'merged').flatMap((choice) => choice.fields);
}
