import i18next from 'i18next';
import type { FieldSpec } from '../shared/ConflictResolver';
import { useMembers } from '../shared/useMembers';
import { useWorkplaceNames, useWorkplaceParts } from '../shared/workplaceLookups';
import { languageList, languageName } from '../lib/spokenLanguages';
import { CONTACT_FIELDS, committeeLabel, contactFieldLabel, membershipLabel, type ContactField } from './contactFields';

/** Each field of a contact with its label and its value in words (names for ids). */
export function useFieldSpecs(groupId: string, workplaceIds: (string | null)[]): FieldSpec<ContactField>[] {
  const workplaces = useWorkplaceNames(groupId);
  const members = useMembers(groupId);
  const first = useWorkplaceParts(groupId, workplaceIds[0]);
  const second = useWorkplaceParts(groupId, workplaceIds[1]);
  const parts = new Map(
    [...first.departments, ...first.shifts, ...second.departments, ...second.shifts].map((p) => [p.id, p.name]),
  );
  const named = (names: Map<string, string>, none: string) => (value: unknown) =>
    typeof value === 'string' && value !== '' ? (names.get(value) ?? i18next.t('Someone no longer listed')) : none;
  return CONTACT_FIELDS.map((name) => {
    const spec: FieldSpec<ContactField> = { name, label: contactFieldLabel(name) };
    if (name === 'workplace_id') spec.format = named(workplaces, i18next.t('No workplace'));
    if (name === 'organiser_id') spec.format = named(members.names, i18next.t('Nobody'));
    if (name === 'membership_status') spec.format = membershipLabel;
    if (name === 'committee') spec.format = committeeLabel;
    if (name === 'department_id' || name === 'shift_id') spec.format = named(parts, i18next.t('None'));
    if (name === 'preferred_language') spec.format = (value) => (typeof value === 'string' && value !== '' ? languageName(value) : i18next.t('None'));
    if (name === 'other_languages') spec.format = (value) => languageList(value) || i18next.t('None');
    return spec;
  });
}
