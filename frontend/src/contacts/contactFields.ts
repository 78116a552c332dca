import i18next from 'i18next';
import type { Contact, ContactUpdate, MembershipStatus, SpokenLanguageCode } from '../api/contacts';
import { MEMBERSHIP_LABELS } from '../shared/levels';

/** The fields a person edits on a contact, in the order the form shows them. */
export const CONTACT_FIELDS = [
  'full_name',
  'workplace_id',
  'department_id',
  'shift_id',
  'job_title',
  'union',
  'membership_status',
  'committee',
  'phone',
  'email',
  'preferred_language',
  'other_languages',
  'organiser_id',
  'tags',
  'notes',
  'source',
  'lawful_basis',
  'consent_note',
  'external_id',
] as const;

export type ContactField = (typeof CONTACT_FIELDS)[number];

/** What a contact's field is called on forms and in its history. */
export function contactFieldLabel(field: ContactField): string {
  switch (field) {
    case 'full_name':
      return i18next.t('Full name');
    case 'workplace_id':
      return i18next.t('Workplace');
    case 'department_id':
      return i18next.t('Department');
    case 'shift_id':
      return i18next.t('Shift');
    case 'job_title':
      return i18next.t('Job title');
    case 'union':
      return i18next.t('Union');
    case 'membership_status':
      return i18next.t('Membership');
    case 'committee':
      return i18next.t('Organising committee');
    case 'phone':
      return i18next.t('Phone');
    case 'email':
      return i18next.t('Email');
    case 'preferred_language':
      return i18next.t('Preferred language');
    case 'other_languages':
      return i18next.t('Other languages');
    case 'organiser_id':
      return i18next.t('Organiser');
    case 'tags':
      return i18next.t('Tags');
    case 'notes':
      return i18next.t('Notes');
    case 'source':
      return i18next.t('Where they came from');
    case 'lawful_basis':
      return i18next.t('Lawful basis for holding their data');
    case 'consent_note':
      return i18next.t('Consent');
    case 'external_id':
      return i18next.t('Id in another system');
  }
}

/** What the form holds: text fields as strings ('' for none), tags as a list, the committee mark as a tick. */
export type ContactFormValues = Omit<
  Record<ContactField, string>,
  'tags' | 'other_languages' | 'membership_status' | 'committee'
> & {
  tags: string[];
  other_languages: string[];
  membership_status: MembershipStatus;
  committee: boolean;
};

export function emptyContactValues(): ContactFormValues {
  return {
    full_name: '',
    workplace_id: '',
    department_id: '',
    shift_id: '',
    job_title: '',
    union: '',
    membership_status: 'unknown',
    committee: false,
    phone: '',
    email: '',
    preferred_language: '',
    other_languages: [],
    organiser_id: '',
    tags: [],
    notes: '',
    source: '',
    lawful_basis: '',
    consent_note: '',
    external_id: '',
  };
}

/** The form's values for a contact, or for a change to one (fields it leaves out stay blank). */
export function contactToValues(contact: Contact | Partial<ContactBody>): ContactFormValues {
  const values = emptyContactValues();
  for (const field of CONTACT_FIELDS) {
    if (field === 'tags') values.tags = [...(contact.tags ?? [])];
    else if (field === 'other_languages') values.other_languages = [...(contact.other_languages ?? [])];
    else if (field === 'membership_status') values.membership_status = contact.membership_status ?? 'unknown';
    else if (field === 'committee') values.committee = contact.committee ?? false;
    else values[field] = contact[field] ?? '';
  }
  return values;
}

/** The API's shape of the editable fields: blanks become null. */
export type ContactBody = Omit<Required<Pick<ContactUpdate, ContactField>>, 'full_name' | 'membership_status' | 'tags' | 'other_languages'> & {
  full_name: string;
  membership_status: MembershipStatus;
  tags: string[];
  other_languages: SpokenLanguageCode[];
};

export function valuesToBody(values: ContactFormValues): ContactBody {
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    full_name: values.full_name.trim(),
    workplace_id: text(values.workplace_id),
    department_id: text(values.department_id),
    shift_id: text(values.shift_id),
    job_title: text(values.job_title),
    union: text(values.union),
    membership_status: values.membership_status,
    committee: values.committee,
    phone: text(values.phone),
    email: text(values.email),
    // The pickers offer only the list's codes.
    preferred_language: text(values.preferred_language) as SpokenLanguageCode | null,
    other_languages: values.other_languages as SpokenLanguageCode[],
    organiser_id: text(values.organiser_id),
    tags: values.tags,
    notes: text(values.notes),
    source: text(values.source),
    lawful_basis: text(values.lawful_basis),
    consent_note: text(values.consent_note),
    external_id: text(values.external_id),
  };
}

export function contactToBody(contact: Contact): ContactBody {
  return valuesToBody(contactToValues(contact));
}

/** The committee mark in words, for choices between two values of it. */
export function committeeLabel(value: unknown): string {
  return value === true ? i18next.t('On the committee') : i18next.t('Not on the committee');
}

export function membershipLabel(value: unknown): string {
  return typeof value === 'string' && value in MEMBERSHIP_LABELS
    ? MEMBERSHIP_LABELS[value as MembershipStatus]
    : i18next.t('(empty)');
}
